// A blocking TLS handshake runs on a pool thread: the engine keeps answering while it waits for a
// peer that never speaks, and cancelling it shuts the socket down, which wakes SSL_accept with
// libssl's own return value and SSL_get_error.
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessEngineForFile } from '../testing/in-process-engine';

const { call, cancel, startedAs } = inProcessEngineForFile();
let silent: Socket | undefined;

afterAll(async () => {
  silent?.destroy();
});

describe('a blocking SSL_accept', () => {
  it('waits on a pool thread while the engine answers, and a cancel wakes it by shutdown', async () => {
    await call({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = Number((await call({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' })).socket!.local!.split(':').pop());
    await call({ call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' });
    // A peer that connects and never sends a ClientHello.
    silent = connect({ port, host: '127.0.0.1' });
    expect((await call({ call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
    await call({ call: 'SSL_new', as: 'ss', ctx: 'sctx', sock: 'a' });
    const accepting = call({ call: 'SSL_accept', ssl: 'ss' }, 'hs');
    await startedAs('hs', null);
    // The engine thread is free: another call is made and answered meanwhile.
    expect((await call({ call: 'BIO_socket', as: 'other', domain: 'AF_INET', socktype: 'SOCK_STREAM' })).ret).toBeGreaterThanOrEqual(0);
    expect((await call({ call: 'SSL_read', ssl: 'ss', max: 1 })).refused).toMatch(/another call on TLS connection "ss" is still running/);
    expect((await cancel('hs')).cancelled).toBe(true);
    const rec = await accepting;
    expect(rec.blocked).toBe(true);
    expect(rec.cancelled).toMatch(/shutdown\(SHUT_RDWR\) on the socket woke the blocked SSL_accept/);
    expect(rec.ret).not.toBeNull();
    expect(rec.ret!).toBeLessThanOrEqual(0);
    expect(rec.tls!.sslError).not.toBeNull();
    expect(rec.tls!.handshakeDone).toBe(false);
  });
});
