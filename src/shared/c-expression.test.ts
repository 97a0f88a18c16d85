import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK } from './call-facts';
import { cExpression, optionsC } from './c-expression';

describe('cExpression', () => {
  it('writes each call as C, with socket names and flag names', () => {
    expect(cExpression({ call: 'BIO_socket', as: 'l', domain: 'AF_INET6', socktype: 'SOCK_STREAM' })).toBe('l = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0)');
    expect(cExpression({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_DGRAM', protocol: 'IPPROTO_UDP' })).toBe('BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0)');
    expect(cExpression({ call: 'BIO_connect', sock: 'client', addr: '127.0.0.1:1', options: ['BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NONBLOCK'] })).toBe(
      'BIO_connect(client, addr, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK)',
    );
    expect(cExpression({ call: 'BIO_listen', sock: 7, addr: '[::]:0', options: 0x22 })).toBe('BIO_listen(7, addr, BIO_SOCK_V6_ONLY | BIO_SOCK_TFO)');
    expect(cExpression({ call: 'BIO_accept_ex', sock: 'l', as: 'a', options: ['BIO_SOCK_NONBLOCK'] })).toBe('a = BIO_accept_ex(l, peer, BIO_SOCK_NONBLOCK)');
    expect(cExpression({ call: 'BIO_closesocket', sock: 'a' })).toBe('BIO_closesocket(a)');
    expect(cExpression({ call: 'BIO_sock_error', sock: 'a' })).toBe('BIO_sock_error(a)');
  });

  it('counts write lengths in bytes, for text and for hex', () => {
    expect(cExpression({ call: 'BIO_write', sock: 'a', data: 'héllo' })).toBe('BIO_write(bio_a, data, 6)');
    expect(cExpression({ call: 'BIO_write', sock: 'a', dataHex: '00 01 02' })).toBe('BIO_write(bio_a, data, 3)');
    expect(cExpression({ call: 'BIO_read', sock: 'a', max: 512 })).toBe('BIO_read(bio_a, buf, 512)');
  });

  it('writes a wait as the poll it is', () => {
    expect(cExpression({ call: 'wait', sock: 'c', for: 'writable', timeoutMs: 250 })).toBe('poll(&(struct pollfd){ c, POLLOUT }, 1, 250)');
    expect(cExpression({ call: 'wait', sock: 'c', for: 'readable', timeoutMs: 0 })).toContain('POLLIN');
  });

  it('quotes strings for the deprecated calls', () => {
    expect(cExpression({ call: 'BIO_get_accept_socket', hostPort: '127.0.0.1:0', as: 's' })).toBe('s = BIO_get_accept_socket("127.0.0.1:0", BIO_BIND_NORMAL)');
    expect(cExpression({ call: 'BIO_get_port', service: 'https' })).toBe('BIO_get_port("https", &port)');
  });
});

describe('cExpression of loops, control and the older calls', () => {
  it('writes a BIO_write loop with its chunk and what it sends', () => {
    expect(cExpression({ call: 'BIO_write', sock: 'c', bytes: 1000 })).toBe(`BIO_write(bio_c, chunk, ${DEFAULT_CHUNK}) /* in a loop: 1000 bytes of the pattern repeated */`);
    expect(cExpression({ call: 'BIO_write', sock: 'c', bytes: 1000, chunk: 10 })).toBe('BIO_write(bio_c, chunk, 10) /* in a loop: 1000 bytes of the pattern repeated */');
    expect(cExpression({ call: 'BIO_write', sock: 'c', file: 'a "b".txt' })).toBe(`BIO_write(bio_c, chunk, ${DEFAULT_CHUNK}) /* in a loop: file "a \\"b\\".txt" */`);
    expect(cExpression({ call: 'BIO_write', sock: 4, file: 'f', bytes: 9 })).toBe(`BIO_write(bio_4, chunk, ${DEFAULT_CHUNK}) /* in a loop: file "f" repeated to 9 bytes */`);
  });

  it('writes a BIO_read loop: a count of bytes, else until end of file', () => {
    expect(cExpression({ call: 'BIO_read', sock: 'c', bytes: 500 })).toBe(`BIO_read(bio_c, buf, ${DEFAULT_CHUNK}) /* in a loop: 500 bytes */`);
    expect(cExpression({ call: 'BIO_read', sock: 'c', until: 'eof', chunk: 64 })).toBe('BIO_read(bio_c, buf, 64) /* in a loop: until end of file */');
  });

  it('writes the plain socket calls a scenario adds', () => {
    expect(cExpression({ call: 'listen', sock: 'l', backlog: 0 })).toBe('listen(l, 0)');
    expect(cExpression({ call: 'shutdown', sock: 3, how: 'SHUT_WR' })).toBe('shutdown(3, SHUT_WR)');
    expect(cExpression({ call: 'BIO_accept', sock: 'l', as: 'a' })).toBe('a = BIO_accept(l, &ip_port)');
    expect(cExpression({ call: 'BIO_accept', sock: 'l' })).toBe('BIO_accept(l, &ip_port)');
    expect(cExpression({ call: 'BIO_accept_ex', sock: 'l' })).toBe('BIO_accept_ex(l, peer, 0)');
  });

  it('writes a lookup with its defaults, and the deprecated host calls with the host quoted', () => {
    expect(cExpression({ call: 'BIO_lookup_ex', addr: 'localhost:1' })).toBe('BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, AF_UNSPEC, SOCK_STREAM, 0, &res)');
    expect(cExpression({ call: 'BIO_lookup_ex', addr: 'localhost:1', lookupType: 'BIO_LOOKUP_SERVER', family: 'AF_INET6', socktype: 'SOCK_DGRAM' })).toBe(
      'BIO_lookup_ex(host, service, BIO_LOOKUP_SERVER, AF_INET6, SOCK_DGRAM, 0, &res)',
    );
    expect(cExpression({ call: 'BIO_get_host_ip', host: 'localhost' })).toBe('BIO_get_host_ip("localhost", ip)');
    expect(cExpression({ call: 'BIO_gethostbyname', host: 'localhost' })).toBe('BIO_gethostbyname("localhost")');
    expect(cExpression({ call: 'BIO_get_accept_socket', hostPort: '*:80', mode: 'BIO_BIND_REUSEADDR' })).toBe('BIO_get_accept_socket("*:80", BIO_BIND_REUSEADDR)');
  });

  it('writes scenario control as comments, and a TLS step as its own C', () => {
    expect(cExpression({ call: 'await', step: 3 })).toBe('/* await step 3 */');
    expect(cExpression({ call: 'cancel', step: 2 })).toBe('/* cancel step 2 */');
    expect(cExpression({ call: '__crash' } as never)).toBe('*(volatile int *)0 = 0 /* test-only crash */');
    expect(cExpression({ call: 'SSL_connect', ssl: 'tls', timeoutMs: 1000 } as never)).toBe('SSL_connect(tls)');
  });

  it('names a socket given as an fd number by that number', () => {
    expect(cExpression({ call: 'BIO_bind', sock: 5, addr: '127.0.0.1:0' })).toBe('BIO_bind(5, addr, 0)');
    expect(cExpression({ call: 'wait', sock: 5, for: 'readable', timeoutMs: 1 })).toBe('poll(&(struct pollfd){ 5, POLLIN }, 1, 1)');
  });
});

describe('optionsC', () => {
  it('is 0 for none, names for flags and hex for unknown bits', () => {
    expect(optionsC(undefined)).toBe('0');
    expect(optionsC([])).toBe('0');
    expect(optionsC(0x81)).toBe('BIO_SOCK_REUSEADDR | 0x80');
  });

  it('keeps an invalid name as written rather than throwing', () => {
    expect(optionsC(['BIO_SOCK_NODELAY', 'BIO_SOCK_FAST'])).toBe('BIO_SOCK_NODELAY | BIO_SOCK_FAST');
  });
});
