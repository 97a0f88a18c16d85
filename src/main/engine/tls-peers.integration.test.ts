// TLS through libssl against real peers on loopback: the workbench client against `openssl
// s_server` presenting the demo certificate, the workbench server against `openssl s_client`;
// verification failing on a self-signed certificate, succeeding with it as the CA file, failing
// on a wrong host name; TLS versions that do not overlap; a nonblocking handshake step by step.
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { engineForFile } from '../testing/engine-steps';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { killPeers, missingTool, spawnPeer, type Peer } from '../testing/peer-process';
import { dataText } from '../../shared/data-bytes';

const noOpenssl = missingTool('openssl');
const demo = (f: string) => fileURLToPath(new URL(`../../../resources/tls/${f}`, import.meta.url));

const engine = engineForFile();
let seq = 0;
const call = (step: Step): Promise<CallRecord> => engine().request('call', { step });
const nm = (base: string) => `${base}${++seq}`;

async function sServer(extra: string[] = []): Promise<{ peer: Peer; port: number }> {
  const peer = spawnPeer('openssl', ['s_server', '-accept', '127.0.0.1:0', '-naccept', '1', '-cert', demo('demo-cert.pem'), '-key', demo('demo-key.pem'), ...extra]);
  const port = Number((await peer.waitFor(/ACCEPT .*:(\d+)/))[1]);
  return { peer, port };
}

/** A client socket connected to `port`, a context and an SSL object over the socket. */
async function client(port: number, context: Partial<Extract<Step, { call: 'SSL_CTX_new' }>>, host?: string, options: ('BIO_SOCK_NONBLOCK')[] = []): Promise<string> {
  const c = nm('c');
  const ctx = nm('ctx');
  const ssl = nm('ssl');
  await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const conn = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}`, options });
  if (options.length === 0) expect(conn.ret).toBe(1);
  else {
    // Nonblocking: 0 with EINPROGRESS (or 1 when loopback was quick), then writable once connected.
    expect(conn.ret === 1 || conn.errno?.name === 'EINPROGRESS').toBe(true);
    expect((await call({ call: 'wait', sock: c, for: 'writable', timeoutMs: 10_000 })).ret).toBe(1);
  }
  const made = await call({ call: 'SSL_CTX_new', as: ctx, method: 'TLS_client_method', ...context });
  expect(made.ret, JSON.stringify(made)).toBe(1);
  const s = await call({ call: 'SSL_new', as: ssl, ctx, sock: c, ...(host ? { host } : {}) });
  expect(s.ret).toBe(1);
  return ssl;
}

afterEach(killPeers);

describe.skipIf(noOpenssl)('the workbench TLS client against openssl s_server', () => {
  it('completes a verified handshake, negotiates ALPN and exchanges data', async () => {
    const { peer, port } = await sServer(['-alpn', 'h2,http/1.1']);
    const ssl = await client(port, { verify: 'SSL_VERIFY_PEER', caFile: 'demo', alpn: ['http/1.1'] }, 'localhost');
    const hs = await call({ call: 'SSL_connect', ssl });
    expect(hs.ret).toBe(1);
    expect(hs.blocked).toBe(true);
    expect(hs.tls).toMatchObject({ sslError: { code: 0, name: 'SSL_ERROR_NONE' }, verify: { code: 0, text: 'ok' }, version: 'TLSv1.3', alpn: 'http/1.1', handshakeDone: true });
    expect(hs.tls!.cipher).toMatch(/^TLS_/);
    expect(hs.tls!.peer!.subject).toContain('CN=localhost');
    expect(hs.tls!.peer!.issuer).toContain('DEMO ONLY');
    const w = await call({ call: 'SSL_write', ssl, data: 'hello over TLS\n' });
    expect(w.ret).toBe(15);
    await peer.waitFor(/hello over TLS/);
    peer.child.stdin!.write('hello back\n');
    const r = await call({ call: 'SSL_read', ssl, max: 256 });
    expect(dataText(r.data)).toBe('hello back\n');
    const sd = await call({ call: 'SSL_shutdown', ssl });
    expect(sd.ret).toBeGreaterThanOrEqual(0);
    expect((await call({ call: 'SSL_free', ssl })).tls?.freed).toBe(true);
  });

  it('fails verification against the self-signed certificate without a CA file', async () => {
    const { port } = await sServer();
    const ssl = await client(port, { verify: 'SSL_VERIFY_PEER' }, 'localhost');
    const hs = await call({ call: 'SSL_connect', ssl });
    expect(hs.ret).toBeLessThanOrEqual(0);
    expect(hs.tls!.sslError!.name).toBe('SSL_ERROR_SSL');
    expect(hs.errorQueue.map((q) => q.text).join('\n')).toContain('certificate verify failed');
    expect(hs.errorQueue[0].library).toBe('SSL routines');
    expect(hs.tls!.verify).toEqual({ code: 18, text: expect.stringMatching(/self.signed certificate/) });
    expect(hs.warnings.join('\n')).toMatch(/verify result 18/);
  });

  it('fails on a host name the certificate does not name', async () => {
    const { port } = await sServer();
    const ssl = await client(port, { verify: 'SSL_VERIFY_PEER', caFile: 'demo' }, 'wrong.example');
    const hs = await call({ call: 'SSL_connect', ssl });
    expect(hs.ret).toBeLessThanOrEqual(0);
    expect(hs.errorQueue.map((q) => q.text).join('\n')).toContain('certificate verify failed');
    expect(hs.tls!.verify).toEqual({ code: 62, text: 'hostname mismatch' });
  });

  it('fails when the TLS versions do not overlap', async () => {
    const { port } = await sServer(['-tls1_3']);
    const ssl = await client(port, { maxVersion: 'TLS1_2_VERSION' });
    const hs = await call({ call: 'SSL_connect', ssl });
    expect(hs.ret).toBeLessThanOrEqual(0);
    expect(hs.tls!.sslError!.name).toBe('SSL_ERROR_SSL');
    expect(hs.errorQueue.map((q) => q.text).join('\n')).toMatch(/protocol version/);
    expect(hs.tls!.handshakeDone).toBe(false);
  });

  it('runs over a connect BIO given to SSL_set_bio, which SSL_free frees', async () => {
    const { port } = await sServer();
    const cb = nm('cb');
    const ctx = nm('ctx');
    const ssl = nm('ssl');
    await call({ call: 'BIO_new_connect', as: cb, addr: `127.0.0.1:${port}` });
    await call({ call: 'SSL_CTX_new', as: ctx, method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo' });
    const made = await call({ call: 'SSL_new', as: ssl, ctx, bio: cb, host: 'localhost' });
    expect(made.c).toBe(`${ssl} = SSL_new(${ctx}); SSL_set_bio(${ssl}, ${cb}, ${cb}); SSL_set_tlsext_host_name(${ssl}, "localhost"); SSL_set1_host(${ssl}, "localhost")`);
    const hs = await call({ call: 'SSL_connect', ssl });
    expect(hs.ret).toBe(1);
    expect(hs.bio).toMatchObject({ name: cb, ownedBy: ssl, chain: ['BIO_s_connect'] });
    expect((await call({ call: 'BIO_free', bio: cb })).refused).toMatch(/SSL_free frees it/);
    const freed = await call({ call: 'SSL_free', ssl });
    expect(freed.bio).toMatchObject({ name: cb, freed: true });
    expect((await call({ call: 'BIO_get_fd', bio: cb })).refused).toMatch(/freed with SSL object/);
  });
});

describe('both ends in the workbench, nonblocking', () => {
  it('shows the handshake step by step: each side WANT_READ until the other has answered', async () => {
    const l = nm('l');
    const a = nm('a');
    const sctx = nm('sctx');
    const server = nm('server');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = Number((await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' })).socket!.local!.split(':').pop());
    await call({ call: 'SSL_CTX_new', as: sctx, method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' });
    const client = await clientOver(port);
    expect((await call({ call: 'BIO_accept_ex', sock: l, as: a, options: ['BIO_SOCK_NONBLOCK'], timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
    await call({ call: 'SSL_new', as: server, ctx: sctx, sock: a });
    // The client sends its ClientHello and waits; the server answers and waits for the client's Finished.
    const c1 = await call({ call: 'SSL_connect', ssl: client });
    expect(c1).toMatchObject({ ret: -1, blocked: false, tls: { sslError: { name: 'SSL_ERROR_WANT_READ' }, handshakeDone: false } });
    expect(c1.errno?.name).toBe('EAGAIN');
    expect(c1.warnings.join('\n')).toMatch(/SSL_ERROR_WANT_READ: in progress/);
    await call({ call: 'wait', sock: a, for: 'readable', timeoutMs: 10_000 });
    const s1 = await call({ call: 'SSL_accept', ssl: server });
    expect(s1).toMatchObject({ ret: -1, tls: { sslError: { name: 'SSL_ERROR_WANT_READ' } } });
    const c2 = await call({ call: 'SSL_connect', ssl: client });
    expect(c2).toMatchObject({ ret: 1, tls: { sslError: { name: 'SSL_ERROR_NONE' }, verify: { code: 0 }, handshakeDone: true } });
    const s2 = await call({ call: 'SSL_accept', ssl: server });
    expect(s2).toMatchObject({ ret: 1, tls: { handshakeDone: true, version: 'TLSv1.3' } });
  });
});

/** A nonblocking client socket connected to `port` and an SSL object over it, verifying the demo certificate. */
async function clientOver(port: number): Promise<string> {
  return client(port, { verify: 'SSL_VERIFY_PEER', caFile: 'demo' }, 'localhost', ['BIO_SOCK_NONBLOCK']);
}

describe.skipIf(noOpenssl)('the workbench TLS server against openssl s_client', () => {
  it('accepts a handshake with the demo certificate and reads what s_client sends', async () => {
    const l = nm('l');
    const a = nm('a');
    const ctx = nm('sctx');
    const ssl = nm('sssl');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const listen = await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' });
    const port = Number(listen.socket!.local!.split(':').pop());
    const made = await call({ call: 'SSL_CTX_new', as: ctx, method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' });
    expect(made.ret).toBe(1);
    const peer = spawnPeer('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-CAfile', demo('demo-cert.pem'), '-verify_return_error']);
    expect((await call({ call: 'BIO_accept_ex', sock: l, as: a, timeoutMs: 15_000 })).ret).toBeGreaterThanOrEqual(0);
    await call({ call: 'SSL_new', as: ssl, ctx, sock: a });
    const hs = await call({ call: 'SSL_accept', ssl });
    expect(hs.ret).toBe(1);
    expect(hs.tls).toMatchObject({ version: 'TLSv1.3', handshakeDone: true, peer: null });
    await peer.waitFor(/Verify return code: 0 \(ok\)/);
    peer.child.stdin!.write('from s_client\n');
    const r = await call({ call: 'SSL_read', ssl, max: 256 });
    expect(dataText(r.data)).toBe('from s_client\n');
  });

  it('refuses a server context without a certificate before anything runs', async () => {
    const rec = await call({ call: 'SSL_new', as: nm('x'), ctx: 'no-such-ctx', sock: 'nosock' } as Step);
    expect(rec.refused).toMatch(/no TLS context \(SSL_CTX\) is named "no-such-ctx"/);
  });
});
