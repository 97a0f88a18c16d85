// The kernel's view as the engine reads it: a full read derives for TCP what TCP_INFO's state
// already says (listening, whether there can be a peer), and must agree with the system calls it
// skips; a recheck reads only what the kernel changes by itself, and nothing for a socket that is
// neither connected nor listening.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBindings, socklen, type Bindings } from './bindings';
import { lookup } from './lookup';
import { readKernelView, recheckKernelView, snapshotOf, type KernelView } from './snapshot';
import * as L from './platform/linux';

let b: Bindings;
let server: Server;
let serverPort: number;
const peers: Socket[] = [];
const opened: number[] = [];

beforeAll(async () => {
  b = loadBindings();
  server = createServer((s) => peers.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serverPort = (server.address() as { port: number }).port;
});
afterEach(() => {
  for (const fd of opened.splice(0)) b.crypto.BIO_closesocket(fd);
  for (const p of peers.splice(0)) p.destroy();
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The same bindings, counting every libc call (each one a system call here). */
function counting(): { b: Bindings; calls: string[] } {
  const calls: string[] = [];
  const libc = new Proxy(b.libc, {
    get(target, key: string) {
      const f = Reflect.get(target, key) as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => (calls.push(key), f(...args));
    },
  });
  return { b: { ...b, libc }, calls };
}

function tcpSocket(family: number = L.AF.AF_INET, options = 0): number {
  const fd = b.crypto.BIO_socket(family, L.SOCK.SOCK_STREAM, 0, options);
  expect(fd).toBeGreaterThanOrEqual(0);
  opened.push(fd);
  return fd;
}

function withAddr(addr: string, family: number, server: boolean, use: (a: bigint) => void): void {
  const res = lookup(b, addr, { server, family, socktype: L.SOCK.SOCK_STREAM });
  try {
    expect(res.ok).toBe(true);
    use(res.candidates[0].addr);
  } finally {
    res.free();
  }
}

/** What the skipped system calls say: SO_ACCEPTCONN and getpeername, read directly. */
function direct(fd: number): { listening: boolean; peer: string | null } {
  const value = Buffer.alloc(4);
  expect(b.libc.getsockoptInt(fd, L.SOL_SOCKET, L.SO_ACCEPTCONN, value, socklen(4))).toBe(0);
  const addr = Buffer.alloc(128);
  const len = socklen(addr.length);
  const peer = b.libc.getpeername(fd, addr, len) === 0 ? L.formatSockaddr(L.parseSockaddr(addr, len.readUInt32LE(0))!) : null;
  return { listening: value.readInt32LE(0) === 1, peer };
}

const base = (fd: number, connected = false) => ({ fd, name: null, requested: {}, origin: 'socket' as const, connected });

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check(), what).toBe(true);
}

describe('a full read', () => {
  it('derives listening and the peer from the TCP state exactly as SO_ACCEPTCONN and getpeername say, in every state', async () => {
    const fresh = tcpSocket();
    const fresh6 = tcpSocket(L.AF.AF_INET6);
    const bound = tcpSocket();
    withAddr('127.0.0.1:0', L.AF.AF_INET, true, (a) => expect(b.crypto.BIO_bind(bound, a, 0)).toBe(1));
    const listener = tcpSocket();
    withAddr('127.0.0.1:0', L.AF.AF_INET, true, (a) => expect(b.crypto.BIO_listen(listener, a, 0)).toBe(1));
    const client = tcpSocket();
    withAddr(`127.0.0.1:${serverPort}`, L.AF.AF_INET, false, (a) => expect(b.crypto.BIO_connect(client, a, 0)).toBe(1));
    const closing = tcpSocket();
    withAddr(`127.0.0.1:${serverPort}`, L.AF.AF_INET, false, (a) => expect(b.crypto.BIO_connect(closing, a, 0)).toBe(1));
    await until('the server saw both connections', () => peers.length === 2);
    peers[1].end();
    const refused = tcpSocket();
    withAddr('127.0.0.1:1', L.AF.AF_INET, false, (a) => expect(b.crypto.BIO_connect(refused, a, 0)).toBe(0));
    await until('the closing client reaches CLOSE_WAIT', () => readKernelView(b, closing, null).tcpInfo?.state === 'CLOSE_WAIT');

    const states: Record<string, string | undefined> = {};
    for (const [label, fd] of Object.entries({ fresh, fresh6, bound, listener, client, closing, refused })) {
      const view = readKernelView(b, fd, null);
      states[label] = view.tcpInfo?.state;
      expect({ label, listening: view.listening, peer: view.peer }).toEqual({ label, ...direct(fd) });
    }
    expect(states).toEqual({ fresh: 'CLOSE', fresh6: 'CLOSE', bound: 'CLOSE', listener: 'LISTEN', client: 'ESTABLISHED', closing: 'CLOSE_WAIT', refused: 'CLOSE' });
  });

  it('reads family and type once: a socket whose kind is known asks only for its addresses, options, TCP_INFO and SO_ERROR', () => {
    const fd = tcpSocket();
    const { b: counted, calls } = counting();
    readKernelView(counted, fd, { family: L.AF.AF_INET, type: L.SOCK.SOCK_STREAM });
    // getsockname, TCP_INFO, the six options (fcntl for O_NONBLOCK), poll for SO_ERROR; no getpeername in CLOSE.
    expect(calls).toEqual(['getsockname', 'getsockopt', 'getsockoptInt', 'getsockoptInt', 'fcntl', 'getsockoptInt', 'getsockoptInt', 'getsockoptInt', 'pollBuffer']);
  });
});

describe('a recheck', () => {
  it('makes no system call for a socket neither connected nor listening: nothing of it changes by itself', () => {
    const fd = tcpSocket();
    const last = readKernelView(b, fd, null);
    const { b: counted, calls } = counting();
    expect(recheckKernelView(counted, fd, last, base(fd))).toBe(last);
    expect(calls).toEqual([]);
  });

  it('sees what the kernel changed by itself (a peer closing) as a full read does, and a closed fd as closed', async () => {
    const fd = tcpSocket();
    withAddr(`127.0.0.1:${serverPort}`, L.AF.AF_INET, false, (a) => expect(b.crypto.BIO_connect(fd, a, 0)).toBe(1));
    await until('the server saw the connection', () => peers.length === 1);
    let last: KernelView = readKernelView(b, fd, null);
    expect(last.tcpInfo?.state).toBe('ESTABLISHED');
    const { b: counted, calls } = counting();
    last = recheckKernelView(counted, fd, last, base(fd, true));
    expect(calls).toEqual(['getsockopt', 'pollBuffer']); // TCP_INFO and SO_ERROR only, while the state holds
    peers[0].end();
    await until('the recheck sees CLOSE_WAIT', () => (last = recheckKernelView(b, fd, last, base(fd, true))).tcpInfo?.state === 'CLOSE_WAIT');
    const full = readKernelView(b, fd, null);
    expect({ ...snapshotOf(last, base(fd, true)), tcpInfo: null }).toEqual({ ...snapshotOf(full, base(fd, true)), tcpInfo: null });

    b.crypto.BIO_closesocket(opened.pop()!);
    expect(snapshotOf(recheckKernelView(b, fd, last, base(fd, true)), base(fd, true)).role).toBe('closed');
  });

  it('reads everything again when the TCP state moved: a reset connection has no peer any more', async () => {
    const fd = tcpSocket();
    withAddr(`127.0.0.1:${serverPort}`, L.AF.AF_INET, false, (a) => expect(b.crypto.BIO_connect(fd, a, 0)).toBe(1));
    await until('the server saw the connection', () => peers.length === 1);
    let last: KernelView = readKernelView(b, fd, null);
    expect(last.peer).toBe(`127.0.0.1:${serverPort}`);
    peers[0].resetAndDestroy();
    await until('the recheck sees CLOSE', () => (last = recheckKernelView(b, fd, last, base(fd, true))).tcpInfo?.state === 'CLOSE');
    const full = readKernelView(b, fd, null);
    expect(full.peer).toBeNull();
    expect({ ...snapshotOf(last, base(fd, true)), tcpInfo: null }).toEqual({ ...snapshotOf(full, base(fd, true)), tcpInfo: null });
  });
});
