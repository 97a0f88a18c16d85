// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { RecordDetails } from './CallLog';
import { TlsStepResult } from './RecordTlsFields';
import { record } from '../test/fake-client';

afterEach(cleanup);

const failedHandshake = record({
  call: 'SSL_connect',
  c: 'SSL_connect(tls)',
  ret: -1,
  errorQueue: [{ code: 0x0a000086, hex: '0A000086', library: 'SSL routines', reason: 'certificate verify failed', file: '../ssl/statem/statem_clnt.c', line: 1889, function: 'tls_post_process_server_certificate', data: null, text: 'error:0A000086:SSL routines::certificate verify failed' }],
  tls: { name: 'tls', sslError: { code: 1, name: 'SSL_ERROR_SSL' }, verify: { code: 18, text: 'self-signed certificate' }, version: null, cipher: null, alpn: null, peer: null, state: 'error', handshakeDone: false },
  bio: { name: 'cb', type: 'BIO_s_connect', fd: 21, chain: ['BIO_s_connect'], ownedBy: 'tls' },
});

describe('a TLS call in the call record', () => {
  it('shows SSL_get_error, the verify result with its text and the BIO beside the error queue', () => {
    render(<RecordDetails selected={3} record={failedHandshake} />);
    const region = screen.getByRole('region', { name: 'Call record' });
    const text = region.textContent!;
    expect(text).toContain('SSL_get_errorSSL_ERROR_SSL');
    expect(text).toContain('verify result18: self-signed certificate');
    expect(text).toContain('certificate verify failed');
    expect(text).toContain('cb: BIO_s_connect, fd 21, chain BIO_s_connect, owned by tls');
  });

  it('shows the BIO_ctrl behind a BIO macro', () => {
    render(<RecordDetails selected={1} record={record({ call: 'BIO_set_conn_port', c: 'BIO_set_conn_port(cb, "4433")', ret: 1, ctrl: { cmd: 100, name: 'BIO_C_SET_CONNECT', larg: 1, parg: '4433' } })} />);
    expect(screen.getByRole('region', { name: 'Call record' }).textContent).toContain('BIO_ctrlBIO_C_SET_CONNECT (100), larg 1, parg "4433"');
  });
});

describe('a TLS step in a lesson', () => {
  it('shows SSL_get_error, the verify result with its text and the queue\'s reasons', () => {
    render(<TlsStepResult record={failedHandshake} />);
    expect(document.body.textContent).toBe('SSL_get_error: SSL_ERROR_SSL; verify result 18: self-signed certificate; error queue: certificate verify failed');
  });
});
