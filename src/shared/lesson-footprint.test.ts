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
