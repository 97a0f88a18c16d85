import { describe, expect, it } from 'vitest';
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
