// The bindings as koffi really calls them, in this process: the ones whose typing or memory
// handling is koffi's work rather than plain numbers.
import { connect, type Socket } from 'node:net';
import koffi from 'koffi';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBindings, socklen, type Bindings } from './bindings';
import { describeAddr, lookup } from './lookup';
import { AF, SOCK, parseSockaddr } from './platform/linux';

let b: Bindings;
const opened: number[] = [];
const clients: Socket[] = [];

beforeAll(() => {
  b = loadBindings();
});
afterEach(() => {
  for (const fd of opened.splice(0)) b.crypto.BIO_closesocket(fd);
  for (const c of clients.splice(0)) c.destroy();
});

function listener(options = 0): { fd: number; port: number } {
  const fd = b.crypto.BIO_socket(AF.AF_INET, SOCK.SOCK_STREAM, 0, 0);
  opened.push(fd);
  const res = lookup(b, '127.0.0.1:0', { server: true, family: AF.AF_INET, socktype: SOCK.SOCK_STREAM });
  try {
    expect(b.crypto.BIO_listen(fd, res.candidates[0].addr, options)).toBe(1);
  } finally {
    res.free();
  }
  const local = Buffer.alloc(128);
  const len = socklen(local.length);
  b.libc.getsockname(fd, local, len);
  return { fd, port: parseSockaddr(local, len.readUInt32LE(0))!.port };
}

function nodeClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const c = connect({ port, host: '127.0.0.1' }, () => resolve(c));
    clients.push(c);
    c.once('error', reject);
  });
}

describe('BIO_accept', () => {
  it('gives the "host:port" text it allocated, and koffi hands the C string back to OPENSSL_free', async () => {
    const l = listener();
    const client = await nodeClient(l.port);
    const ipPort: [string | null] = [null];
    const disposedBefore = koffi.stats().disposed;
    const fd = b.crypto.BIO_accept(l.fd, ipPort);
    expect(fd).toBeGreaterThanOrEqual(0);
    opened.push(fd);
    expect(ipPort[0]).toBe(`127.0.0.1:${client.localPort}`);
    expect(koffi.stats().disposed - disposedBefore).toBe(1);
  });

  it('leaves ip_port NULL when it fails', () => {
    const l = listener(0x08); // BIO_SOCK_NONBLOCK: nobody connects, so EAGAIN
    const ipPort: [string | null] = [null];
    expect(b.crypto.BIO_accept(l.fd, ipPort)).toBeLessThan(0);
    expect(ipPort[0]).toBeNull();
  });
});

describe('BIO_ADDR ports', () => {
  it('cross as host byte order both ways (uint16_be_t), so a rebuilt BIO_ADDR names the same port', () => {
    const res = lookup(b, '127.0.0.1:4433', { server: false, family: AF.AF_INET, socktype: SOCK.SOCK_STREAM });
    try {
      const parts = describeAddr(b, res.candidates[0].addr);
      expect(parts.port).toBe(4433);
      expect(parts.text).toBe('127.0.0.1:4433');
      const rebuilt = b.crypto.BIO_ADDR_new()!;
      try {
        expect(b.crypto.BIO_ADDR_rawmake(rebuilt, parts.family, parts.raw, parts.raw.length, parts.port)).toBe(1);
        expect(describeAddr(b, rebuilt)).toEqual(parts);
      } finally {
        b.crypto.BIO_ADDR_free(rebuilt);
      }
    } finally {
      res.free();
    }
  });
});
