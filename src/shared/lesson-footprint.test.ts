import { describe, expect, it } from 'vitest';
import { beyondTouches, isLoopbackHost, lessonFootprint } from './lesson-footprint';
import type { Scenario } from './steps';

const lesson = (steps: unknown[]): Scenario => ({ steps }) as Scenario;

describe('lessonFootprint', () => {
  it('lists every address, unix path and file in step order, numbered from 1', () => {
    const f = lessonFootprint(
      lesson([
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
        { call: 'BIO_bind', sock: 'u', addr: 'unix:{tmp}/demo.sock' },
        { call: 'BIO_connect', sock: 'l', addr: 'localhost:{l.port}' },
        { call: 'BIO_write', sock: 'l', file: 'notes.txt' },
      ]),
    );
    expect(f.addresses).toEqual([
      { step: 2, call: 'BIO_listen', value: '127.0.0.1:0', beyond: null },
      { step: 5, call: 'BIO_connect', value: 'localhost:{l.port}', beyond: null },
    ]);
    expect(f.unixPaths).toEqual([{ step: 4, call: 'BIO_bind', value: 'unix:{tmp}/demo.sock', beyond: null }]);
    expect(f.files).toEqual([{ step: 6, call: 'BIO_write', value: 'notes.txt', beyond: 'a file on this machine' }]);
  });

  it('names unix paths outside {tmp} and addresses outside loopback, the wildcard and lookups included', () => {
    const f = lessonFootprint(
      lesson([
        { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'u', addr: 'unix:/run/user/1000/bus' },
        { call: 'BIO_bind', sock: 'u', addr: 'unix:{tmp}/../../home/me/.x' },
        { call: 'BIO_bind', sock: 'u', addr: 'unix:/tmp/{tmp}/x' },
        { call: 'BIO_connect', sock: 'u', addr: '10.1.2.3:80' },
        { call: 'BIO_listen', sock: 'u', addr: '*:8080' },
        { call: 'BIO_listen', sock: 'u', addr: '[::]:8080' },
        { call: 'BIO_get_accept_socket', hostPort: '4444' },
        { call: 'BIO_get_host_ip', host: 'example.com' },
        { call: 'BIO_lookup_ex', addr: '[::1]:443' },
        { call: 'BIO_get_accept_socket', hostPort: '127.0.0.1:4444' },
      ]),
    );
    expect(beyondTouches(f).map((t) => [t.step, t.value, t.beyond])).toEqual([
      [2, 'unix:/run/user/1000/bus', "outside {tmp}, the session's own directory"],
      [3, 'unix:{tmp}/../../home/me/.x', "outside {tmp}, the session's own directory"],
      [4, 'unix:/tmp/{tmp}/x', "outside {tmp}, the session's own directory"],
      [5, '10.1.2.3:80', 'outside loopback'],
      [6, '*:8080', 'every interface, not loopback only'],
      [7, '[::]:8080', 'every interface, not loopback only'],
      [8, '4444', 'every interface, not loopback only'],
      [9, 'example.com', 'outside loopback'],
    ]);
  });

  it('knows loopback by its names and addresses', () => {
    for (const h of ['localhost', 'LOCALHOST.', '127.0.0.1', '127.9.9.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'localhost.evil.example', '128.0.0.1', '::2', '1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('lessonFootprint, the edges', () => {
  it('reads a deprecated host:port with brackets, a wildcard and a bare port, and the old host calls', () => {
    const f = lessonFootprint(
      lesson([
        { call: 'BIO_get_accept_socket', hostPort: '[::1]:80' },
        { call: 'BIO_get_accept_socket', hostPort: '[2001:db8::1]:80' },
        { call: 'BIO_get_accept_socket', hostPort: '*:80' },
        { call: 'BIO_get_accept_socket', hostPort: ':80' },
        { call: 'BIO_get_accept_socket', hostPort: 'localhost:80' },
        { call: 'BIO_gethostbyname', host: 'localhost' },
        { call: 'BIO_gethostbyname', host: 'example.org' },
        { call: 'BIO_listen', sock: 's', addr: '0::0:8080' },
      ]),
    );
    expect(f.addresses.map((t) => [t.step, t.beyond])).toEqual([
      [1, null],
      [2, 'outside loopback'],
      [3, 'every interface, not loopback only'],
      [4, 'every interface, not loopback only'],
      [5, null],
      [6, null],
      [7, 'outside loopback'],
      [8, 'every interface, not loopback only'],
    ]);
    expect(f.addresses[6]).toEqual({ step: 7, call: 'BIO_gethostbyname', value: 'example.org', beyond: 'outside loopback' });
  });

  it('a unix path must name something inside {tmp}; data written from text is no file', () => {
    const f = lessonFootprint(
      lesson([
        { call: 'BIO_bind', sock: 'u', addr: 'unix:{tmp}/' },
        { call: 'BIO_bind', sock: 'u', addr: 'unix:{tmp}/a/../b' },
        { call: 'BIO_bind', sock: 'u', addr: 'unix:{tmp}/a/b..c' },
        { call: 'BIO_write', sock: 'u', data: 'x' },
        { call: 'BIO_socket', as: 'v', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
      ]),
    );
    expect(f.unixPaths.map((t) => t.beyond)).toEqual(["outside {tmp}, the session's own directory", "outside {tmp}, the session's own directory", null]);
    expect(f.files).toEqual([]);
    expect(f.addresses).toEqual([]);
  });

  it('lists what reaches beyond in step order, files among addresses', () => {
    const f = lessonFootprint(lesson([{ call: 'BIO_write', sock: 'u', file: '/etc/passwd' }, { call: 'BIO_connect', sock: 'u', addr: '192.0.2.1:1' }, { call: 'BIO_write', sock: 'u', file: 'x' }]));
    expect(beyondTouches(f).map((t) => t.step)).toEqual([1, 2, 3]);
  });

  it('knows the loopback names in any case, with a trailing dot, and IPv6 loopback written out', () => {
    for (const h of ['ip6-localhost', 'IP6-LOOPBACK', 'localhost.localdomain.', '::0:1', '0000::1', '::FFFF:127.1.2.3']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['127.0.0.1.example', 'x127.0.0.1', '::ffff:10.0.0.1', '::1:1', '::ffff:127.0.0.1x', '127.0.0', 'localhostx']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('lessonFootprint, addresses told apart', () => {
  it('three-digit loopback addresses, 0.0.0.0 and a lookup beyond loopback', () => {
    for (const h of ['127.10.200.1', '127.1.200.30', '127.1.2.255', '::ffff:127.10.200.1', '::ffff:127.1.200.30', '::ffff:127.1.2.255']) expect(isLoopbackHost(h), h).toBe(true);
    expect(isLoopbackHost('x::ffff:127.0.0.1')).toBe(false);
    const f = lessonFootprint(lesson([{ call: 'BIO_listen', sock: 's', addr: '0.0.0.0:80' }, { call: 'BIO_connect', sock: 's', addr: '192.0.2.10:80' }, { call: 'BIO_lookup_ex', addr: 'example.org:443' }]));
    expect(beyondTouches(f).map((t) => [t.step, t.beyond])).toEqual([
      [1, 'every interface, not loopback only'],
      [2, 'outside loopback'],
      [3, 'outside loopback'],
    ]);
  });
});

describe('lessonFootprint, connect and accept BIOs', () => {
  it('names where a connect or accept BIO connects, listens or looks up, read as OpenSSL reads host:port', () => {
    const f = lessonFootprint(
      lesson([
        { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:{l.port}' },
        { call: 'BIO_new_connect', as: 'db', addr: '192.0.2.1:80' },
        { call: 'BIO_set_conn_hostname', bio: 'cb', name: 'example.org' },
        { call: 'BIO_set_conn_hostname', bio: 'cb', name: '[::1]:443' },
        { call: 'BIO_set_conn_address', bio: 'cb', addr: 'unix:/run/docker.sock' },
        { call: 'BIO_set_conn_address', bio: 'cb', addr: 'localhost:80' },
        { call: 'BIO_new_accept', as: 'ab', addr: '*:8080' },
        { call: 'BIO_new_accept', as: 'bb', addr: 'localhost:0' },
        { call: 'BIO_set_accept_name', bio: 'ab', name: '8080' },
        { call: 'BIO_set_accept_name', bio: 'ab', name: '10.0.0.1:8080' },
        { call: 'BIO_set_conn_port', bio: 'cb', port: '443' },
        { call: 'BIO_set_accept_port', bio: 'ab', port: '443' },
        { call: 'BIO_new_connect', as: 'eb', addr: 'unix:{tmp}/x.sock' },
      ]),
    );
    expect(f.addresses.map((t) => [t.step, t.call, t.value, t.beyond])).toEqual([
      [1, 'BIO_new_connect', '127.0.0.1:{l.port}', null],
      [2, 'BIO_new_connect', '192.0.2.1:80', 'outside loopback'],
      [3, 'BIO_set_conn_hostname', 'example.org', 'outside loopback'],
      [4, 'BIO_set_conn_hostname', '[::1]:443', null],
      [6, 'BIO_set_conn_address', 'localhost:80', null],
      [7, 'BIO_new_accept', '*:8080', 'every interface, not loopback only'],
      [8, 'BIO_new_accept', 'localhost:0', null],
      // A name without a colon is a port to an accept BIO (every interface), a host to a connect BIO.
      [9, 'BIO_set_accept_name', '8080', 'every interface, not loopback only'],
      [10, 'BIO_set_accept_name', '10.0.0.1:8080', 'outside loopback'],
      // OpenSSL reads no unix: here: it looks up a host named "unix".
      [13, 'BIO_new_connect', 'unix:{tmp}/x.sock', 'outside loopback'],
    ]);
    expect(f.unixPaths).toEqual([{ step: 5, call: 'BIO_set_conn_address', value: 'unix:/run/docker.sock', beyond: "outside {tmp}, the session's own directory" }]);
  });
});
