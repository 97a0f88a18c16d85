// A blocking TLS handshake runs on a pool thread: the engine keeps answering while it waits for a
// peer that never speaks, and cancelling it shuts the socket down, which wakes SSL_accept with
// libssl's own return value and SSL_get_error. timeoutMs is such a cancel, made by a timer.
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

describe('timeoutMs on a blocking TLS call', () => {
  it('a blocking SSL_accept whose peer never speaks ends by itself at its timeout: shutdown wakes it with libssl\'s own result', async () => {
    await call({ call: 'BIO_socket', as: 'tl', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = Number((await call({ call: 'BIO_listen', sock: 'tl', addr: '127.0.0.1:0' })).socket!.local!.split(':').pop());
    await call({ call: 'SSL_CTX_new', as: 'tctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' });
    const mute = connect({ port, host: '127.0.0.1' });
    try {
      expect((await call({ call: 'BIO_accept_ex', sock: 'tl', as: 'ta', timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
      await call({ call: 'SSL_new', as: 'tss', ctx: 'tctx', sock: 'ta' });
      const rec = await call({ call: 'SSL_accept', ssl: 'tss', timeoutMs: 300 });
      expect(rec.cancelled).toMatch(/^timeout: SSL_accept had not returned within 300 ms: shutdown\(SHUT_RDWR\) on the socket woke the blocked SSL_accept; the socket is spent$/);
      expect(rec.blocked).toBe(true);
      expect(rec.ret).not.toBeNull();
      expect(rec.ret!).toBeLessThanOrEqual(0);
      expect(rec.tls!.handshakeDone).toBe(false);
      expect(rec.warnings.join(' ')).not.toMatch(/not applied/);
    } finally {
      mute.destroy();
    }
  });

  it('a handshake that completes in time is not cancelled; a blocking SSL_read with nothing to read then times out', async () => {
    await call({ call: 'BIO_socket', as: 'hl', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = Number((await call({ call: 'BIO_listen', sock: 'hl', addr: '127.0.0.1:0' })).socket!.local!.split(':').pop());
    await call({ call: 'BIO_socket', as: 'hc', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: 'hc', addr: `127.0.0.1:${port}` })).ret).toBe(1);
    expect((await call({ call: 'BIO_accept_ex', sock: 'hl', as: 'ha', timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
    await call({ call: 'SSL_CTX_new', as: 'hsctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' });
    await call({ call: 'SSL_CTX_new', as: 'hcctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo' });
    await call({ call: 'SSL_new', as: 'hss', ctx: 'hsctx', sock: 'ha' });
    await call({ call: 'SSL_new', as: 'hcs', ctx: 'hcctx', sock: 'hc', host: 'localhost' });
    const accepting = call({ call: 'SSL_accept', ssl: 'hss', timeoutMs: 20_000 });
    const connected = await call({ call: 'SSL_connect', ssl: 'hcs', timeoutMs: 20_000 });
    const accepted = await accepting;
    expect([connected.ret, connected.cancelled, accepted.ret, accepted.cancelled]).toEqual([1, null, 1, null]);
    const read = await call({ call: 'SSL_read', ssl: 'hcs', max: 16, timeoutMs: 300 });
    expect(read.cancelled).toMatch(/^timeout: SSL_read had not returned within 300 ms: shutdown/);
    expect(read.ret!).toBeLessThanOrEqual(0);
  });
});
