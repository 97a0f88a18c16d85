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
});
