// A blocking BIO_write larger than the socket buffers: C stays in the call until the peer has
// read enough. The engine must keep answering meanwhile, report C's one return value, and let
// the person cancel a write whose peer never reads.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { CallStarted } from '../../shared/contract';
import type { Step } from '../../shared/steps';

const BIG = 8 * 1024 * 1024;
let engine: EngineClient;
const call = (step: Step, callId?: string) => engine.request('call', { step, callId });

/** A node peer on loopback; `paused` peers read nothing until resumed. */
async function peer(paused: boolean): Promise<{ server: Server; port: number; conn: Promise<Socket>; received: () => number }> {
  let received = 0;
  let resolveConn!: (s: Socket) => void;
  const conn = new Promise<Socket>((r) => (resolveConn = r));
  const server = createServer((s) => {
    if (paused) s.pause();
    s.on('data', (d) => (received += d.length));
    s.on('error', () => undefined);
    resolveConn(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, conn, received: () => received };
}

beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

describe('a blocking BIO_write larger than the socket buffers', () => {
  it('returns the whole count as C would, and the engine answers other calls while it waits', async () => {
    const p = await peer(true);
    await call({ call: 'BIO_socket', as: 'w1', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: 'w1', addr: `127.0.0.1:${p.port}` })).ret).toBe(1);
    const waiting = new Promise<CallStarted>((resolve) => {
      const off = engine.on('callStarted', (s) => s.callId === 'big1' && (off(), resolve(s)));
    });
    const write = call({ call: 'BIO_write', sock: 'w1', data: 'x'.repeat(BIG) }, 'big1');
    expect((await waiting).waiting).toBe('pool');
    // The engine still answers while the write waits for the peer.
    const other = await call({ call: 'BIO_socket', as: 'meanwhile', domain: 'AF_INET', socktype: 'SOCK_DGRAM' });
    expect(other.ret).toBeGreaterThanOrEqual(0);
    (await p.conn).resume();
    const rec = await write;
    expect(rec.ret).toBe(BIG);
    expect(rec.errno).toBeNull();
    expect(rec.blocked).toBe(true);
    expect(rec.cancelled).toBeNull();
    const until = Date.now() + 10_000;
    while (p.received() < BIG && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(p.received()).toBe(BIG);
    await call({ call: 'BIO_closesocket', sock: 'w1' });
    await call({ call: 'BIO_closesocket', sock: 'meanwhile' });
    p.server.close();
  });

  it('can be cancelled when the peer never reads: shutdown wakes it and the bytes already sent are counted', async () => {
    const p = await peer(true);
    await call({ call: 'BIO_socket', as: 'w2', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: 'w2', addr: `127.0.0.1:${p.port}` })).ret).toBe(1);
    const waiting = new Promise<CallStarted>((resolve) => {
      const off = engine.on('callStarted', (s) => s.callId === 'big2' && (off(), resolve(s)));
    });
    const write = call({ call: 'BIO_write', sock: 'w2', data: 'y'.repeat(BIG) }, 'big2');
    await waiting;
    // Give the pool thread time to fill the buffers and block in send().
    await new Promise((r) => setTimeout(r, 200));
    expect(await engine.request('cancel', { callId: 'big2' })).toMatchObject({ cancelled: true });
    const rec = await write;
    expect(rec.cancelled).toMatch(/shutdown\(\d+, SHUT_RDWR\) woke the blocked BIO_write/);
    expect(rec.ret).toBeGreaterThan(0);
    expect(rec.ret).toBeLessThan(BIG);
    expect(rec.result).toMatchObject({ sent: rec.ret });
    await call({ call: 'BIO_closesocket', sock: 'w2' });
    (await p.conn).destroy();
    p.server.close();
  });
});
