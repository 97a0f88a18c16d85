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
async function peer(paused: boolean): Promise<{ server: Server; port: number; conn: Promise<Socket>; received: () => number; receivedAll: Promise<void> }> {
  let received = 0;
  let resolveConn!: (s: Socket) => void;
  let resolveAll!: () => void;
  const conn = new Promise<Socket>((r) => (resolveConn = r));
  const receivedAll = new Promise<void>((r) => (resolveAll = r));
  const server = createServer((s) => {
    if (paused) s.pause();
    s.on('data', (d) => {
      received += d.length;
      if (received >= BIG) resolveAll();
    });
    s.on('error', () => undefined);
    resolveConn(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, conn, received: () => received, receivedAll };
}

/** Resolves with the callStarted events of `callId` up to the one `until` accepts. */
function startedUntil(callId: string, until: (s: CallStarted) => boolean): Promise<CallStarted[]> {
  const seen: CallStarted[] = [];
  return new Promise((resolve) => {
    const off = engine.on('callStarted', (s) => {
      if (s.callId !== callId) return;
      seen.push(s);
      if (until(s)) (off(), resolve(seen));
    });
  });
}

/** Rejects after `ms`, naming what did not happen, unless `p` settles first. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
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
    // Handed to a pool thread ('pool'), then written there (null: running, no longer queued).
    const started = startedUntil('big1', (s) => s.waiting === null);
    const write = call({ call: 'BIO_write', sock: 'w1', data: 'x'.repeat(BIG) }, 'big1');
    expect((await within(started, 20_000, 'callStarted for the pool thread writing')).map((s) => s.waiting)).toEqual(['pool', null]);
    // The engine still answers while the write waits for the peer.
    const other = await call({ call: 'BIO_socket', as: 'meanwhile', domain: 'AF_INET', socktype: 'SOCK_DGRAM' });
    expect(other.ret).toBeGreaterThanOrEqual(0);
    (await p.conn).resume();
    const rec = await write;
    expect(rec.ret).toBe(BIG);
    expect(rec.errno).toBeNull();
    expect(rec.blocked).toBe(true);
    expect(rec.cancelled).toBeNull();
    await within(p.receivedAll, 10_000, `arrival of all ${BIG} bytes at the peer`);
    expect(p.received()).toBe(BIG);
    await call({ call: 'BIO_closesocket', sock: 'w1' });
    await call({ call: 'BIO_closesocket', sock: 'meanwhile' });
    p.server.close();
  });

  it('can be cancelled when the peer never reads: shutdown wakes it and the bytes already sent are counted', async () => {
    const p = await peer(true);
    await call({ call: 'BIO_socket', as: 'w2', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: 'w2', addr: `127.0.0.1:${p.port}` })).ret).toBe(1);
    // Cancelled once its pool thread is writing: the buffers are full, so it is blocked or about to be.
    const writing = startedUntil('big2', (s) => s.waiting === null);
    const write = call({ call: 'BIO_write', sock: 'w2', data: 'y'.repeat(BIG) }, 'big2');
    await within(writing, 20_000, 'callStarted for the pool thread writing');
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
