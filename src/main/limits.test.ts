// The session's limits, each met with a clear error naming what was exceeded: sockets per session,
// bytes per write and per read, and log entries (older ones on disk, never dropped).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../shared/record';
import { MAX_DATA_BYTES } from '../shared/steps';
import { startEngine } from './engine-host';
import { Session } from './session/session';
import type { ContractError } from '../shared/rpc/error';
import { MEMORY_ENTRIES } from './session-log';

let dataDir: string;
const sessions: Session[] = [];

async function open(opts: Parameters<typeof startEngine>[0] = {}, log: 'memory' | 'disk' = 'memory'): Promise<Session> {
  const s = await Session.start({ startEngine: () => startEngine(opts), inMemoryLog: log === 'memory', warn: () => undefined });
  sessions.push(s);
  return s;
}

const call = (s: Session, step: Record<string, unknown>) => s.request('call', { step } as never) as Promise<CallRecord>;
const refusal = (p: Promise<unknown>) => p.then(
  () => null,
  (e: ContractError) => e,
);

/** The soft RLIMIT_NOFILE this process (and so its engine) has. */
function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'))!;
  return Number(line.split(/\s{2,}/)[1]);
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'bio-limits-'));
  process.env.BIO_WORKBENCH_DATA_DIR = dataDir;
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('open sockets per session', () => {
  it('refuses the socket past a configured limit of 50, naming the limit, and recovers after closeAll', async () => {
    const s = await open({ maxSockets: 50 });
    expect(((await s.request('info', {})) as { limits: { maxSockets: number } }).limits.maxSockets).toBe(50);
    const l = await call(s, { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call(s, { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' })).ret).toBe(1);
    const made = [l];
    for (let i = 1; i < 50; i++) made.push(await call(s, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_DGRAM' }));
    expect(made.every((r) => typeof r.ret === 'number' && r.ret >= 0 && r.refused === null)).toBe(true);
    const over = await call(s, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const acceptOver = await call(s, { call: 'BIO_accept_ex', sock: 'l', timeoutMs: 0 });
    console.log(`[limits] maxSockets 50: 50 opened; the 51st: ${over.refused}; an accept at the limit: ${acceptOver.refused}`);
    for (const r of [over, acceptOver]) {
      expect(r.ret).toBeNull();
      expect(r.refused).toMatch(/limit/);
      expect(r.refused).toMatch(/maxSockets 50/);
    }
    expect(((await s.request('closeAll', {})) as { closed: number }).closed).toBe(50);
    expect((await call(s, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' })).ret).toBeGreaterThanOrEqual(0);
  });

  it('takes the limit from BIO_WORKBENCH_MAX_SOCKETS', async () => {
    const s = await open({ env: { ...process.env, BIO_WORKBENCH_MAX_SOCKETS: '7' } });
    expect(((await s.request('info', {})) as { limits: { maxSockets: number } }).limits.maxSockets).toBe(7);
  });

  it('defaults to at least 10,000, and really opens 10,000 where the fd limit allows', async (ctx) => {
    const s = await open();
    const info = (await s.request('info', {})) as { limits: { maxSockets: number } };
    expect(info.limits.maxSockets).toBeGreaterThanOrEqual(10_000);
    const nofile = openFileLimit();
    if (nofile < info.limits.maxSockets + 100) {
      const why = `RLIMIT_NOFILE is ${nofile} here, too few to open all ${info.limits.maxSockets} sockets (the default was checked)`;
      console.log(`[limits] skipped opening them all: ${why}`);
      ctx.skip(why);
    }
    const t0 = Date.now();
    let next = 0;
    let opened = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next++ < info.limits.maxSockets) {
          const r = await call(s, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_DGRAM' });
          if (typeof r.ret === 'number' && r.ret >= 0) opened++;
        }
      }),
    );
    const over = await call(s, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_DGRAM' });
    const closed = ((await s.request('closeAll', {})) as { closed: number }).closed;
    console.log(`[limits] default maxSockets ${info.limits.maxSockets}: opened ${opened} in ${Date.now() - t0} ms; the next: ${over.refused}; closeAll closed ${closed}`);
    expect(opened).toBe(info.limits.maxSockets);
    expect(over.refused).toMatch(new RegExp(`maxSockets ${info.limits.maxSockets}`));
    expect(closed).toBe(opened);
  }, 60_000);
});

describe('bytes per write and per read', () => {
  let s: Session;
  let peer: Server;
  let received = 0;
  beforeAll(async () => {
    s = await open();
    peer = createServer((c) => c.on('data', (d) => (received += d.length)));
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => peer.close(() => r())));

  it('refuses a text write of MAX_DATA_BYTES + 1 characters, naming data and the limit', async () => {
    const e = await refusal(call(s, { call: 'BIO_write', sock: 3, data: 'a'.repeat(MAX_DATA_BYTES + 1) }));
    console.log(`[limits] write of ${MAX_DATA_BYTES + 1} chars: ${e?.field}: ${e?.message}`);
    expect(e).toMatchObject({ code: 'invalid-request', field: 'step.data' });
    expect(e!.message).toContain(String(MAX_DATA_BYTES));
  });

  it('refuses a read of more than MAX_DATA_BYTES, naming max and the limit', async () => {
    const e = await refusal(call(s, { call: 'BIO_read', sock: 3, max: MAX_DATA_BYTES + 1 }));
    console.log(`[limits] read of ${MAX_DATA_BYTES + 1}: ${e?.field}: ${e?.message}`);
    expect(e).toMatchObject({ code: 'invalid-request', field: 'step.max' });
    expect(e!.message).toContain(String(MAX_DATA_BYTES));
  });

  it('refuses a hex write of MAX_DATA_BYTES + 1 bytes, naming dataHex and the limit', async () => {
    const e = await refusal(call(s, { call: 'BIO_write', sock: 3, dataHex: '0a'.repeat(MAX_DATA_BYTES + 1) }));
    console.log(`[limits] hex write of ${MAX_DATA_BYTES + 1} bytes: ${e?.code} ${e?.field}: ${e?.message}`);
    expect(e).toMatchObject({ code: 'invalid-request', field: 'step.dataHex' });
  });

  it('accepts a hex write of 2 MiB, well inside the limit', async () => {
    // The dataHex pattern backtracks once per byte pair: a few MB of hex overflowed the stack.
    const e = await refusal(call(s, { call: 'BIO_write', sock: 99_999, dataHex: '0a'.repeat(2 * 1024 * 1024) }));
    expect(e).toBeNull();
  });

  it('refuses a text write whose UTF-8 bytes exceed MAX_DATA_BYTES, though its characters do not', async () => {
    const text = '€'.repeat(Math.floor(MAX_DATA_BYTES / 3) + 1);
    const e = await refusal(call(s, { call: 'BIO_write', sock: 99_999, data: text }));
    console.log(`[limits] text of ${text.length} chars, ${Buffer.byteLength(text)} UTF-8 bytes: ${e ? `${e.field}: ${e.message}` : 'accepted'}`);
    expect(e).toMatchObject({ code: 'invalid-request', field: 'step.data' });
  });

  it('writes exactly MAX_DATA_BYTES on a real connection, and reads with max MAX_DATA_BYTES', async () => {
    const port = (peer.address() as { port: number }).port;
    await call(s, { call: 'BIO_socket', as: 'w', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call(s, { call: 'BIO_connect', sock: 'w', addr: `127.0.0.1:${port}`, timeoutMs: 5000 })).ret).toBe(1);
    const t0 = Date.now();
    const w = await call(s, { call: 'BIO_write', sock: 'w', data: 'a'.repeat(MAX_DATA_BYTES), timeoutMs: 20_000 });
    const until = Date.now() + 10_000;
    while (received < (w.ret as number) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    console.log(`[limits] a write of ${MAX_DATA_BYTES} bytes: ret ${w.ret}, the peer got ${received} in ${Date.now() - t0} ms`);
    expect(w.ret).toBe(MAX_DATA_BYTES);
    expect(received).toBe(MAX_DATA_BYTES);
    // A read may ask for the whole limit; it returns what is there (here: nothing yet, so a timeout).
    const r = await call(s, { call: 'BIO_read', sock: 'w', max: MAX_DATA_BYTES, timeoutMs: 10 });
    expect(r.refused).toBeNull();
    await s.request('closeAll', {});
  }, 40_000);
});

describe('log entries kept', () => {
  it(`keeps at least ${MEMORY_ENTRIES} in memory and the older ones on disk: 120,000 appended, the oldest read back`, async () => {
    const s = await open({}, 'disk');
    const template = await call(s, { call: 'BIO_sock_error', sock: 99_999 });
    const base = s.log.total;
    const N = 120_000;
    const t0 = Date.now();
    for (let i = 0; i < N; i++) s.log.append({ ...template, index: i, note: `entry ${i}` } as CallRecord);
    const appendMs = Date.now() - t0;
    const total = base + N;
    const memoryStart = total - s.log.inMemory;
    const read = (offset: number, limit: number) => s.request('log', { offset, limit }) as Promise<{ total: number; entries: Array<CallRecord & { note?: string }> }>;
    const t1 = Date.now();
    const oldest = await read(base, 10);
    const readMs = Date.now() - t1;
    const boundary = await read(memoryStart - 5, 10);
    const newest = await read(total - 3, 10);
    const lines = readFileSync(s.log.file!, 'utf8').split('\n').filter(Boolean).length;
    console.log(`[limits] log: ${N} entries appended in ${appendMs} ms; ${s.log.inMemory} in memory, ${memoryStart} on disk only; oldest 10 read back from disk in ${readMs} ms; ${lines} lines in the file`);
    expect(oldest.total).toBe(total);
    expect(s.log.inMemory).toBeGreaterThanOrEqual(MEMORY_ENTRIES);
    expect(memoryStart).toBeGreaterThan(base);
    expect(oldest.entries.map((e) => e.index)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(oldest.entries[0].note).toBe('entry 0');
    expect(boundary.entries.map((e) => e.note)).toEqual(Array.from({ length: 10 }, (_, i) => `entry ${memoryStart - 5 + i - base}`));
    expect(newest.entries.map((e) => e.index)).toEqual([N - 3, N - 2, N - 1]);
    expect(lines).toBe(total);
    // A window past the end is empty, not an error; a negative one names its field.
    expect((await read(total + 5, 10)).entries).toEqual([]);
    expect(await refusal(read(-1, 10))).toMatchObject({ field: 'offset' });
    expect(await refusal(read(0, 10_001))).toMatchObject({ field: 'limit' });
  }, 60_000);
});
