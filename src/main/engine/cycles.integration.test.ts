// 1,000 open/connect/accept/close cycles through the real engine leave its fd count where it
// started: no socket, BIO or poller registration outlives the calls that made it.
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';

const CYCLES = 1000;
/** Cycles in flight at once: enough to overlap IPC round trips on 2 cores, few enough to stay in order. */
const LANES = 8;
const TIME_LIMIT_MS = 60_000;

let e: EngineClient;
const call = (step: Step): Promise<CallRecord> => e.request('call', { step });
const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
/** Socket fds only: pool workers own epoll and eventfd descriptors that come and go with them. */
function socketFdCount(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed between the listing and the readlink
    }
  }
  return n;
}

beforeAll(async () => {
  e = await startEngine();
  // Start the poller thread (it watches waiting calls and the live view) so its own fds are in every
  // baseline: a wait that only the running poller can end proves the thread is up.
  await call({ call: 'BIO_socket', as: 'warm', domain: 'AF_INET', socktype: 'SOCK_DGRAM' });
  const bound = await call({ call: 'BIO_bind', sock: 'warm', addr: '127.0.0.1:0' });
  const waited = call({ call: 'wait', sock: 'warm', for: 'readable', timeoutMs: 20_000 });
  await call({ call: 'BIO_socket', as: 'tx', domain: 'AF_INET', socktype: 'SOCK_DGRAM' });
  await call({ call: 'BIO_connect', sock: 'tx', addr: bound.socket!.local! });
  await call({ call: 'BIO_write', sock: 'tx', data: 'x' });
  expect((await waited).ret).toBe(1);
  await call({ call: 'BIO_closesocket', sock: 'tx' });
  await call({ call: 'BIO_closesocket', sock: 'warm' });
});

afterAll(async () => {
  await e?.stop();
});

async function runCycles(blockingConnect: boolean, listenerName: string) {
  const pid = e.pid!;
  const start = fdCount(pid);
  const startSockets = socketFdCount(pid);
  const l = await call({ call: 'BIO_socket', as: listenerName, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  expect(l.ret).toBeGreaterThanOrEqual(0);
  const listen = await call({ call: 'BIO_listen', sock: listenerName, addr: '127.0.0.1:0' });
  expect(listen.ret).toBe(1);
  const addr = listen.socket!.local!;
  const withListener = fdCount(pid);
  let done = 0;
  const failures: string[] = [];
  const t0 = Date.now();
  async function cycle(i: number): Promise<void> {
    const c = `${listenerName}c${i}`;
    const a = `${listenerName}a${i}`;
    const s = await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    if (s.ret === null || s.ret < 0) return void failures.push(`${i}: BIO_socket ${s.ret} ${s.errno?.name ?? s.refused}`);
    const conn = await call({ call: 'BIO_connect', sock: c, addr, options: blockingConnect ? [] : ['BIO_SOCK_NONBLOCK'], timeoutMs: 10_000 });
    if (conn.ret !== 1 && (blockingConnect || conn.errno?.name !== 'EINPROGRESS')) failures.push(`${i}: BIO_connect ${conn.ret} ${conn.errno?.name ?? conn.cancelled ?? conn.refused}`);
    // Lanes share the listener, so this may accept another lane's connection: each lane still takes exactly one.
    const acc = await call({ call: 'BIO_accept_ex', sock: listenerName, as: a, timeoutMs: 10_000 });
    if (acc.ret === null || acc.ret < 0) failures.push(`${i}: BIO_accept_ex ${acc.ret} ${acc.errno?.name ?? acc.cancelled ?? acc.refused}`);
    const [cc, ca] = await Promise.all([call({ call: 'BIO_closesocket', sock: c }), acc.ret !== null && acc.ret >= 0 ? call({ call: 'BIO_closesocket', sock: a }) : null]);
    if (cc.ret !== 1) failures.push(`${i}: BIO_closesocket(client) ${cc.ret}`);
    if (ca && ca.ret !== 1) failures.push(`${i}: BIO_closesocket(accepted) ${ca.ret}`);
    done++;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      while (next < CYCLES && Date.now() - t0 < TIME_LIMIT_MS && failures.length < 10) await cycle(next++);
    }),
  );
  const ms = Date.now() - t0;
  const sockets = await e.request('sockets', {});
  const after = fdCount(pid);
  const afterSockets = socketFdCount(pid);
  expect((await call({ call: 'BIO_closesocket', sock: listenerName })).ret).toBe(1);
  const end = fdCount(pid);
  const endSockets = socketFdCount(pid);
  return { start, startSockets, withListener, after, afterSockets, end, endSockets, done, ms, failures, sockets };
}

describe('open/connect/accept/close cycles', () => {
  it(`${CYCLES} cycles leave the engine's fd count where it started`, async () => {
    // Nonblocking connects run on the engine's own thread: no pool worker, whose threads own fds too.
    const r = await runCycles(false, 'nb');
    process.stdout.write(`cycles: ${r.done} in ${r.ms} ms (${LANES} lanes); engine fds: ${r.start} at start, ${r.withListener} with the listener, ${r.after} after the cycles, ${r.end} after closing the listener; fds leaked: ${r.end - r.start}\n`);
    expect(r.failures).toEqual([]);
    expect(r.done).toBe(CYCLES);
    expect(r.sockets.map((s) => s.name)).toEqual(['nb']);
    expect(r.withListener).toBe(r.start + 1);
    expect(r.after).toBe(r.withListener);
    expect(r.end).toBe(r.start);
  }, TIME_LIMIT_MS + 30_000);

  it(`${CYCLES} cycles with blocking connects (run on pool threads) leave no socket fd behind`, async () => {
    const r = await runCycles(true, 'bl');
    process.stdout.write(`blocking cycles: ${r.done} in ${r.ms} ms (${LANES} lanes); engine socket fds: ${r.startSockets} at start, ${r.afterSockets} after the cycles (listener open), ${r.endSockets} after closing it; all fds ${r.start} -> ${r.end} (idle pool workers keep their own until they retire); socket fds leaked: ${r.endSockets - r.startSockets}\n`);
    expect(r.failures).toEqual([]);
    expect(r.done).toBe(CYCLES);
    expect(r.sockets.map((s) => s.name)).toEqual(['bl']);
    expect(r.afterSockets).toBe(r.startSockets + 1);
    expect(r.endSockets).toBe(r.startSockets);
  }, TIME_LIMIT_MS + 30_000);
});
