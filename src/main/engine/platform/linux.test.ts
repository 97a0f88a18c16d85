// The C structs as the kernel and libc really fill them: real sockets on loopback, decoded with
// the layouts declared in linux.ts, checked against what node's own sockets see.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBindings, socklen, type Bindings } from '../bindings';
import { lookup } from '../lookup';
import * as L from './linux';

let b: Bindings;
let dir: string;
const opened: number[] = [];
const clients: Socket[] = [];

beforeAll(() => {
  b = loadBindings();
  dir = mkdtempSync(join(tmpdir(), 'bio-linux-'));
});
afterEach(() => {
  for (const fd of opened.splice(0)) b.crypto.BIO_closesocket(fd);
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A listener made by libcrypto on `addr`. */
function listener(family: number, addr: string): number {
  const fd = b.crypto.BIO_socket(family, L.SOCK.SOCK_STREAM, 0, 0);
  expect(fd).toBeGreaterThanOrEqual(0);
  opened.push(fd);
  const res = lookup(b, addr, { server: true, family, socktype: L.SOCK.SOCK_STREAM });
  try {
    expect(res.ok).toBe(true);
    expect(b.crypto.BIO_listen(fd, res.candidates[0].addr, 0)).toBe(1);
  } finally {
    res.free();
  }
  return fd;
}

function sockname(fd: number): L.ParsedSockaddr | null {
  const buf = Buffer.alloc(koffi.sizeof(L.sockaddr_storage));
  const len = socklen(buf.length);
  expect(b.libc.getsockname(fd, buf, len)).toBe(0);
  return L.parseSockaddr(buf, len.readUInt32LE(0));
}

/** A node client connected to `port` on `host`; resolves once the kernel completed the handshake. */
function nodeClient(port: number, host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const c = connect({ port, host }, () => resolve(c));
    clients.push(c);
    c.once('error', reject);
  });
}

/** The fd of a connection accepted on `fd`, once `client` is connected. */
function acceptOne(fd: number): number {
  const a = b.crypto.BIO_accept_ex(fd, null, 0);
  expect(a).toBeGreaterThanOrEqual(0);
  opened.push(a);
  return a;
}

describe('struct sockaddr', () => {
  it('decodes an IPv4 listener: the address and a port node can connect to (network byte order undone)', async () => {
    const sa = sockname(listener(L.AF.AF_INET, '127.0.0.1:0'))!;
    expect(sa.family).toBe(L.AF.AF_INET);
    expect(Array.from(sa.ip!)).toEqual([127, 0, 0, 1]);
    expect(L.formatSockaddr(sa)).toBe(`127.0.0.1:${sa.port}`);
    const c = await nodeClient(sa.port, '127.0.0.1');
    expect(c.remotePort).toBe(sa.port);
  });

  it('decodes an IPv6 listener the same way', async () => {
    const sa = sockname(listener(L.AF.AF_INET6, '[::1]:0'))!;
    expect(sa.family).toBe(L.AF.AF_INET6);
    expect(L.formatSockaddr(sa)).toBe(`[::1]:${sa.port}`);
    expect(sa.scopeId).toBe(0);
    const c = await nodeClient(sa.port, '::1');
    expect(c.remotePort).toBe(sa.port);
  });

  it('decodes an AF_UNIX listener by its path, and an abstract name as @name', () => {
    const path = join(dir, 'l.sock');
    expect(L.formatSockaddr(sockname(listener(L.AF.AF_UNIX, `unix:${path}`))!)).toBe(`unix:${path}`);
    // The kernel writes an abstract address as a NUL and the name, its length saying where it ends.
    const abstract = Buffer.alloc(koffi.sizeof(L.sockaddr_storage));
    abstract.writeUInt16LE(L.AF.AF_UNIX, 0);
    abstract.write('\0wb-demo', 2, 'latin1');
    expect(L.parseSockaddr(abstract, 2 + 8)).toMatchObject({ family: L.AF.AF_UNIX, path: '@wb-demo' });
    expect(L.parseSockaddr(abstract, 2)).toMatchObject({ family: L.AF.AF_UNIX, path: '' });
  });

  it('gives null for a length too short to hold a family', () => {
    expect(L.parseSockaddr(Buffer.alloc(16), 1)).toBeNull();
  });
});

describe('struct tcp_info', () => {
  it('reads an accepted connection as ESTABLISHED, with the fields a kernel of this length filled', async () => {
    const l = listener(L.AF.AF_INET, '127.0.0.1:0');
    const client = await nodeClient(sockname(l)!.port, '127.0.0.1');
    const a = acceptOne(l);
    await new Promise<void>((resolve) => client.write('hello', () => resolve()));
    expect(b.libc.poll({ fd: a, events: L.POLLIN, revents: 0 }, 1, 5000)).toBe(1);
    const buf = Buffer.alloc(koffi.sizeof(L.tcp_info));
    const len = socklen(buf.length);
    expect(b.libc.getsockopt(a, L.IPPROTO_TCP, L.TCP_INFO, buf, len)).toBe(0);
    const full = L.decodeTcpInfo(buf, len.readUInt32LE(0))!;
    expect(full.state).toBe('ESTABLISHED');
    expect(full.rtoUs).toBeGreaterThan(0);
    expect(full.sndMss).toBeGreaterThan(0);
    expect(full.bytesReceived).toBe(5);
    // An older kernel that filled less: the fields past its length are left out, not read as zeros.
    const short = L.decodeTcpInfo(buf, koffi.offsetof(L.tcp_info, 'tcpi_pacing_rate'))!;
    expect(short.totalRetrans).toBe(full.totalRetrans);
    expect(short.bytesReceived).toBeUndefined();
    expect(short.notsentBytes).toBeUndefined();
    expect(L.decodeTcpInfo(buf, koffi.offsetof(L.tcp_info, 'tcpi_total_retrans'))).toBeNull();
  });
});

describe('struct pollfd', () => {
  it('gets each entry revents back from poll, in place', async () => {
    const l = listener(L.AF.AF_INET, '127.0.0.1:0');
    const idle = listener(L.AF.AF_INET, '127.0.0.1:0');
    await nodeClient(sockname(l)!.port, '127.0.0.1');
    const fds: L.PollFd[] = [
      { fd: l, events: L.POLLIN, revents: 0 },
      { fd: idle, events: L.POLLIN, revents: 0 },
    ];
    expect(b.libc.poll(fds, fds.length, 5000)).toBe(1);
    expect(fds.map((f) => f.revents)).toEqual([L.POLLIN, 0]);
  });
});

describe('struct hostent', () => {
  it('decodes BIO_gethostbyname("localhost"): its name and 127.0.0.1 among its addresses', () => {
    const h = b.crypto.BIO_gethostbyname('localhost');
    expect(h).not.toBeNull();
    const host = L.decodeHostent(h!, 16);
    expect(host.name).toBe('localhost');
    expect(host.family).toBe(L.AF.AF_INET);
    expect(host.addresses.map((a) => Array.from(a).join('.'))).toContain('127.0.0.1');
  });
});

describe('formatIPv6', () => {
  it.each([
    ['::1', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:127.0.0.1', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]],
    ['2001:db8::1', [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['1:0:0:1::1', [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['1:2:3:4:5:6:0:8', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 0, 0, 8]],
  ])('writes %s as RFC 5952 does', (text, bytes) => {
    expect(L.formatIPv6(Uint8Array.from(bytes))).toBe(text);
  });
});
