// The C a person writes for each connect/accept BIO and TLS step (the record's `c`, the composer's
// preview): every call of the set, exactly.
import { describe, expect, it } from 'vitest';
import { alpnWire, bioTlsExpression } from './tls-c-expression';
import type { BioTlsStep } from './tls-step-kind';

const c = (step: Record<string, unknown>) => bioTlsExpression(step as unknown as BioTlsStep);

describe('bioTlsExpression', () => {
  it('writes the connect BIO\'s calls', () => {
    expect(c({ call: 'BIO_new_connect', as: 'cb', addr: 'example.com:443' })).toBe('cb = BIO_new_connect("example.com:443")');
    expect(c({ call: 'BIO_set_conn_hostname', bio: 'cb', name: 'localhost' })).toBe('BIO_set_conn_hostname(cb, "localhost")');
    expect(c({ call: 'BIO_set_conn_port', bio: 'cb', port: 'https' })).toBe('BIO_set_conn_port(cb, "https")');
    expect(c({ call: 'BIO_set_conn_address', bio: 'cb', addr: '127.0.0.1:1' })).toBe('BIO_set_conn_address(cb, addr)');
    expect(c({ call: 'BIO_set_conn_ip_family', bio: 'cb', family: 'BIO_FAMILY_IPV6' })).toBe('BIO_set_conn_ip_family(cb, BIO_FAMILY_IPV6)');
    expect(c({ call: 'BIO_set_conn_mode', bio: 'cb', options: 0 })).toBe('BIO_set_conn_mode(cb, 0)');
    expect(c({ call: 'BIO_set_nbio', bio: 'cb', on: false })).toBe('BIO_set_nbio(cb, 0)');
    expect(c({ call: 'BIO_set_nbio', bio: 'cb', on: true })).toBe('BIO_set_nbio(cb, 1)');
    expect(c({ call: 'BIO_do_connect', bio: 'cb' })).toBe('BIO_do_connect(cb)');
    expect(c({ call: 'BIO_do_connect_retry', bio: 'cb', timeout: 5, napMs: 100 })).toBe('BIO_do_connect_retry(cb, 5, 100)');
    expect(c({ call: 'BIO_do_connect_retry', bio: 'cb', timeout: -1 })).toBe('BIO_do_connect_retry(cb, -1, 0)');
    expect(c({ call: 'BIO_free', bio: 'cb' })).toBe('BIO_free(cb)');
  });

  it('writes the accept BIO\'s calls', () => {
    expect(c({ call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' })).toBe('ab = BIO_new_accept("127.0.0.1:0")');
    expect(c({ call: 'BIO_set_accept_name', bio: 'ab', name: '127.0.0.1:4433' })).toBe('BIO_set_accept_name(ab, "127.0.0.1:4433")');
    expect(c({ call: 'BIO_set_accept_port', bio: 'ab', port: '4433' })).toBe('BIO_set_accept_port(ab, "4433")');
    expect(c({ call: 'BIO_set_accept_ip_family', bio: 'ab', family: 'BIO_FAMILY_IPANY' })).toBe('BIO_set_accept_ip_family(ab, BIO_FAMILY_IPANY)');
    expect(c({ call: 'BIO_set_bind_mode', bio: 'ab', mode: 'BIO_BIND_REUSEADDR' })).toBe('BIO_set_bind_mode(ab, BIO_BIND_REUSEADDR)');
    expect(c({ call: 'BIO_set_nbio_accept', bio: 'ab', on: false })).toBe('BIO_set_nbio_accept(ab, 0)');
    expect(c({ call: 'BIO_do_accept', bio: 'ab' })).toBe('BIO_do_accept(ab)');
  });

  it('quotes a string argument as C does: quotes and backslashes escaped', () => {
    expect(c({ call: 'BIO_set_conn_hostname', bio: 'cb', name: 'a"b\\c' })).toBe('BIO_set_conn_hostname(cb, "a\\"b\\\\c")');
  });

  it('writes a flag list a mode cannot hold as written', () => {
    expect(c({ call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_NODELAY', 'BIO_SOCK_FAST'] })).toBe('BIO_set_conn_mode(cb, BIO_SOCK_NODELAY | BIO_SOCK_FAST)');
  });

  it('writes a context as only the calls its fields ask for', () => {
    expect(c({ call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' })).toBe('ctx = SSL_CTX_new(TLS_client_method())');
    expect(c({ call: 'SSL_CTX_new', as: 's', method: 'TLS_server_method', certFile: 'demo', keyFile: 'key.pem', minVersion: 'TLS1_3_VERSION' })).toBe(
      's = SSL_CTX_new(TLS_server_method()); SSL_CTX_use_certificate_chain_file(s, "demo"); SSL_CTX_use_PrivateKey_file(s, "key.pem", SSL_FILETYPE_PEM); SSL_CTX_set_min_proto_version(s, TLS1_3_VERSION)',
    );
    expect(c({ call: 'SSL_CTX_free', ctx: 'ctx' })).toBe('SSL_CTX_free(ctx)');
  });

  it('writes SSL_new with the socket or BIO it is given, and the host it checks', () => {
    expect(c({ call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: 'c' })).toBe('tls = SSL_new(ctx); SSL_set_fd(tls, c)');
    expect(c({ call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: 7 })).toBe('tls = SSL_new(ctx); SSL_set_fd(tls, 7)');
    expect(c({ call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb', host: 'localhost' })).toBe(
      'tls = SSL_new(ctx); SSL_set_bio(tls, cb, cb); SSL_set_tlsext_host_name(tls, "localhost"); SSL_set1_host(tls, "localhost")',
    );
  });

  it('writes the TLS connection\'s calls, a write\'s length in bytes', () => {
    expect(c({ call: 'SSL_connect', ssl: 'tls' })).toBe('SSL_connect(tls)');
    expect(c({ call: 'SSL_accept', ssl: 'tls' })).toBe('SSL_accept(tls)');
    expect(c({ call: 'SSL_shutdown', ssl: 'tls' })).toBe('SSL_shutdown(tls)');
    expect(c({ call: 'SSL_free', ssl: 'tls' })).toBe('SSL_free(tls)');
    expect(c({ call: 'SSL_read', ssl: 'tls', max: 4096 })).toBe('SSL_read(tls, buf, 4096)');
    expect(c({ call: 'SSL_write', ssl: 'tls', data: 'héllo' })).toBe('SSL_write(tls, data, 6)');
  });
});

describe('alpnWire', () => {
  it('puts each protocol name after its length in bytes', () => {
    expect([...alpnWire(['h2', 'é'])]).toEqual([2, 0x68, 0x32, 2, 0xc3, 0xa9]);
    expect(alpnWire([])).toHaveLength(0);
  });
});
