// The last result's BIO and TLS facts: what a nonblocking BIO_do_connect waits for, and a
// handshake's SSL_get_error, verify result and version.
import { describe, expect, it } from 'vitest';
import { bioTlsResultParts } from './bio-tls-result';
import { record } from '../test/fake-client';

const bio = { name: 'cb', type: 'BIO_s_connect', fd: 30, chain: ['BIO_s_connect'], ownedBy: null };

describe('bioTlsResultParts', () => {
  it('says a nonblocking BIO_do_connect should be retried, waiting for the connection, with the BIO\'s fd', () => {
    const r = record({ call: 'BIO_do_connect', ret: 0, bio: { ...bio, retry: { shouldRetry: true, read: false, write: false, ioSpecial: true, reason: 'BIO_RR_CONNECT' } } });
    expect(bioTlsResultParts(r)).toEqual(['BIO_should_retry 1, waits for the connection (BIO_RR_CONNECT: the socket writable)', 'fd 30']);
    expect(bioTlsResultParts({ ...r, bio: { ...bio, fd: -1, retry: { shouldRetry: false, read: false, write: false, ioSpecial: false, reason: null } } })).toEqual(['BIO_should_retry 0', 'no fd yet']);
    expect(bioTlsResultParts({ ...r, bio: { ...bio, retry: { shouldRetry: true, read: true, write: false, ioSpecial: false, reason: null } } })[0]).toBe('BIO_should_retry 1, waits for the socket readable');
  });

  it('gives SSL_get_error and the verify result with its text, and the version once the handshake is done', () => {
    const tls = { name: 'tls', sslError: { code: 1, name: 'SSL_ERROR_SSL' }, verify: { code: 18, text: 'self-signed certificate' }, version: null, cipher: null, alpn: null, peer: null, state: 'error', handshakeDone: false };
    expect(bioTlsResultParts(record({ call: 'SSL_connect', ret: -1, tls }))).toEqual(['SSL_get_error SSL_ERROR_SSL', 'verify result 18 (self-signed certificate)']);
    const done = { ...tls, sslError: { code: 0, name: 'SSL_ERROR_NONE' }, verify: { code: 0, text: 'ok' }, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'h2', handshakeDone: true };
    expect(bioTlsResultParts(record({ call: 'SSL_connect', ret: 1, tls: done }))).toEqual(['SSL_get_error SSL_ERROR_NONE', 'verify result 0 (ok)', 'TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN h2']);
    // A verify result of 0 before any certificate was seen says nothing.
    expect(bioTlsResultParts(record({ call: 'SSL_connect', ret: -1, tls: { ...tls, sslError: { code: 2, name: 'SSL_ERROR_WANT_READ' }, verify: { code: 0, text: 'ok' } } }))).toEqual(['SSL_get_error SSL_ERROR_WANT_READ']);
    expect(bioTlsResultParts(record({ call: 'SSL_connect', refused: 'no', tls }))).toEqual([]);
  });

  it('says what else a retry waits for: the socket writable, or an event of the BIO\'s own', () => {
    const waits = (retry: { read: boolean; write: boolean; reason: string | null }) =>
      bioTlsResultParts(record({ call: 'BIO_do_connect', ret: -1, bio: { ...bio, retry: { shouldRetry: true, ioSpecial: false, ...retry } } }))[0];
    expect(waits({ read: false, write: true, reason: null })).toBe('BIO_should_retry 1, waits for the socket writable');
    expect(waits({ read: false, write: false, reason: null })).toBe('BIO_should_retry 1, waits for an event of its own');
    expect(waits({ read: false, write: false, reason: 'BIO_RR_ACCEPT' })).toBe('BIO_should_retry 1, waits for a connection to accept (BIO_RR_ACCEPT)');
  });

  it("gives the BIO's fd after BIO_do_*, BIO_get_fd and BIO_pop (fd 0 included), and not after a setter or once freed", () => {
    const fdOf = (call: string, patch: Partial<typeof bio> & { freed?: boolean } = {}) => bioTlsResultParts(record({ call, ret: 1, bio: { ...bio, ...patch } }));
    expect(fdOf('BIO_do_accept', { fd: 0 })).toEqual(['fd 0']);
    expect(fdOf('BIO_get_fd')).toEqual(['fd 30']);
    expect(fdOf('BIO_pop', { fd: -1 })).toEqual(['no fd yet']);
    expect(fdOf('BIO_set_conn_hostname')).toEqual([]);
    expect(fdOf('BIO_do_connect', { freed: true })).toEqual([]);
  });

  it('gives the version alone when no cipher or ALPN was agreed', () => {
    const tls = { name: 'tls', sslError: null, verify: null, version: 'TLSv1.2', cipher: null, alpn: null, peer: null, state: 'SSL negotiation finished successfully', handshakeDone: true };
    expect(bioTlsResultParts(record({ call: 'SSL_accept', ret: 1, tls }))).toEqual(['TLSv1.2']);
  });
});
