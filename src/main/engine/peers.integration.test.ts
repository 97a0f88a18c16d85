// Real peers on loopback: socat, ncat and openssl s_server talk to the engine's sockets, and strace
// shows the setsockopt/fcntl calls libcrypto really makes for each flag.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engineForFile } from '../testing/engine-steps';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { killPeers, missingTool, spawnPeer } from '../testing/peer-process';
import { dataText } from '../../shared/data-bytes';

const noSocat = missingTool('socat');
const noNcat = missingTool('ncat');
const noOpenssl = missingTool('openssl');
const noStrace = missingTool('strace');

const engine = engineForFile();
let seq = 0;
const call = (step: Step): Promise<CallRecord> => engine().request('call', { step });
const nm = (base: string) => `${base}${++seq}`;

function portOf(rec: CallRecord): number {
  const m = rec.socket?.local?.match(/:(\d+)$/);
  if (!m) throw new Error(`no bound port in ${JSON.stringify(rec.socket?.local)}`);
  return Number(m[1]);
}

async function listener(): Promise<{ name: string; port: number }> {
  const name = nm('l');
  await call({ call: 'BIO_socket', as: name, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const rec = await call({ call: 'BIO_listen', sock: name, addr: '127.0.0.1:0' });
  expect(rec.ret).toBe(1);
  return { name, port: portOf(rec) };
}

/** Reads until `want` has arrived (a peer may deliver it in pieces), bounded in count and time. */
async function readUntil(sock: string, want: string): Promise<string> {
  let got = '';
  for (let i = 0; i < 20 && !got.includes(want); i++) {
    const r = await call({ call: 'BIO_read', sock, max: 4096, timeoutMs: 10_000 });
    if (r.ret === null || r.ret <= 0) break;
    got += dataText(r.data) ?? '';
  }
  return got;
}

async function exchangeWith(cmd: string, args: (port: number) => string[]): Promise<void> {
  const l = await listener();
  const p = spawnPeer(cmd, args(l.port));
  const a = nm('a');
  const acc = await call({ call: 'BIO_accept_ex', sock: l.name, as: a, timeoutMs: 15_000 });
  expect(acc.ret).toBeGreaterThanOrEqual(0);
  expect(acc.socket?.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  p.child.stdin!.write(`hello from ${cmd}\n`);
  expect(await readUntil(a, `hello from ${cmd}\n`)).toBe(`hello from ${cmd}\n`);
  const w = await call({ call: 'BIO_write', sock: a, data: 'hello from the workbench\n' });
  expect(w.ret).toBe(25);
  await p.waitFor(/hello from the workbench/);
  // The peer ends its side; the workbench sees end of file.
  p.child.stdin!.end();
  const eof = await call({ call: 'BIO_read', sock: a, max: 64, timeoutMs: 15_000 });
  expect(eof.ret).toBe(0);
}

afterEach(killPeers);

describe('peers connect to a workbench listener', () => {
  it.skipIf(noSocat)('socat exchanges data both ways', async () => {
    await exchangeWith('socat', (port) => ['-', `TCP4:127.0.0.1:${port}`]);
  });

  it.skipIf(noNcat)('ncat exchanges data both ways', async () => {
    await exchangeWith('ncat', (port) => ['127.0.0.1', String(port)]);
  });
});

describe('the workbench connects to peers', () => {
  it.skipIf(noSocat)('a socat echo server echoes what BIO_write sent', async () => {
    const p = spawnPeer('socat', ['-d', '-d', 'TCP4-LISTEN:0,bind=127.0.0.1', 'PIPE']);
    const port = Number((await p.waitFor(/listening on AF=2 127\.0\.0\.1:(\d+)/))[1]);
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const conn = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NODELAY'] });
    expect(conn.ret).toBe(1);
    expect(conn.socket?.state).toBe('ESTABLISHED');
    expect((await call({ call: 'BIO_write', sock: c, data: 'echo me, socat' })).ret).toBe(14);
    expect(await readUntil(c, 'echo me, socat')).toBe('echo me, socat');
  });

  it.skipIf(noOpenssl)('openssl s_server accepts the connection and answers bytes that are not TLS', async () => {
    const p = spawnPeer('openssl', ['s_server', '-accept', '127.0.0.1:0', '-naccept', '1', '-nocert']);
    const port = Number((await p.waitFor(/ACCEPT .*:(\d+)/))[1]);
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const conn = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}` });
    expect(conn.ret).toBe(1);
    expect(conn.socket?.peer).toBe(`127.0.0.1:${port}`);
    // A plain HTTP request where a ClientHello belongs: the server must see it and give up on this one connection.
    expect((await call({ call: 'BIO_write', sock: c, data: 'GET / HTTP/1.0\r\n\r\n' })).ret).toBe(18);
    const exit = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 15_000);
      p.child.once('exit', (code) => (clearTimeout(timer), resolve(code)));
    });
    expect(exit, `s_server did not end after its one connection; stderr: ${p.err()}`).not.toBeNull();
    expect(p.out() + p.err()).toMatch(/http request|wrong version number|ERROR/i);
    const r = await call({ call: 'BIO_read', sock: c, max: 256, timeoutMs: 15_000 });
    expect(r.ret).not.toBeNull();
    expect(r.ret! >= 0 || r.errno?.name === 'ECONNRESET').toBe(true);
  });
});

describe('strace shows what the flags make libcrypto do', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bio-strace-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(noStrace)('setsockopt and ioctl(FIONBIO) calls match KEEPALIVE, NODELAY, REUSEADDR, V6_ONLY and NONBLOCK', async (ctx) => {
    const log = join(dir, 'trace');
    const tracer = spawnPeer('strace', ['-f', '-p', String(engine().pid), '-e', 'trace=setsockopt,fcntl,ioctl', '-o', log]);
    try {
      await tracer.waitFor(/attached/);
    } catch (err) {
      // ptrace may be forbidden in a container; that is the machine, not the engine: a visible skip.
      const why = `strace cannot attach here (ptrace forbidden?): ${(err as Error).message}`;
      console.warn(`skipping the strace check: ${why}`);
      ctx.skip(why);
    }
    const l = nm('l');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET6', socktype: 'SOCK_STREAM' });
    const rec = await call({
      call: 'BIO_listen',
      sock: l,
      addr: '[::1]:0',
      options: ['BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NODELAY', 'BIO_SOCK_REUSEADDR', 'BIO_SOCK_V6_ONLY', 'BIO_SOCK_NONBLOCK'],
    });
    expect(rec.ret).toBe(1);
    const fd = rec.socket!.fd;
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET6', socktype: 'SOCK_STREAM' });
    const cfd = (await call({ call: 'BIO_connect', sock: c, addr: `[::1]:${portOf(rec)}`, options: ['BIO_SOCK_NONBLOCK'] })).socket!.fd;
    tracer.child.kill('SIGINT');
    await new Promise((r) => (tracer.child.exitCode !== null ? r(null) : tracer.child.once('exit', r)));
    const text = readFileSync(log, 'utf8');
    const on = (level: string, opt: string, sock = fd) => new RegExp(`setsockopt\\(${sock}, ${level}, ${opt}, \\[1\\], 4\\)\\s+= 0`);
    expect(text).toMatch(on('SOL_SOCKET', 'SO_REUSEADDR'));
    expect(text).toMatch(on('SOL_IPV6', 'IPV6_V6ONLY'));
    expect(text).toMatch(on('SOL_SOCKET', 'SO_KEEPALIVE'));
    expect(text).toMatch(on('SOL_TCP', 'TCP_NODELAY'));
    // libcrypto sets NONBLOCK with ioctl(FIONBIO) where it exists, not fcntl(F_SETFL); the kernel then reports O_NONBLOCK.
    expect(text).toMatch(new RegExp(`ioctl\\(${fd}, FIONBIO, \\[1\\]\\)\\s+= 0`));
    expect(text).toMatch(new RegExp(`ioctl\\(${cfd}, FIONBIO, \\[1\\]\\)\\s+= 0`));
    expect(text).toMatch(new RegExp(`fcntl\\(${fd}, F_GETFL\\)\\s+= 0x[0-9a-f]+ \\(flags [^)]*O_NONBLOCK`));
    // The client asked for no KEEPALIVE or NODELAY, so libcrypto set neither on it.
    expect(text).not.toMatch(on('SOL_SOCKET', 'SO_KEEPALIVE', cfd));
    expect(text).not.toMatch(on('SOL_TCP', 'TCP_NODELAY', cfd));
  });
});
