import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineStatus, EventMap } from '../../shared/contract';
import { RpcError } from '../../shared/rpc/error';
import { startEngine, type EngineClient } from '../engine-host';
import { Session } from './session';

let dataDir: string;
let session: Session;
/** Every method the engine itself was asked, to prove refused requests never reach it. */
const engineSaw: string[] = [];

async function countingEngine(): Promise<EngineClient> {
  const engine = await startEngine();
  const request = engine.request.bind(engine);
  engine.request = ((method, input, options) => {
    engineSaw.push(method);
    return request(method, input, options);
  }) as EngineClient['request'];
  return engine;
}

function nextEvent<E extends keyof EventMap>(event: E, match: (p: EventMap[E]) => boolean = () => true): Promise<EventMap[E]> {
  return new Promise((resolve) => {
    const off = session.on(event, (p) => {
      if (!match(p)) return;
      off();
      resolve(p);
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bio-session-'));
  process.env.BIO_WORKBENCH_DATA_DIR = dataDir;
  session = await Session.start({ startEngine: countingEngine, memoryEntries: 2 });
});

afterAll(async () => {
  await session?.close();
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Session', () => {
  it('refuses a bad request naming the field, before the engine sees it (the engine trusts its host and checks no input)', async () => {
    // A session of its own: the calls around the bad requests must not change the shared log.
    const own = await Session.start({ startEngine: countingEngine, inMemoryLog: true });
    try {
      const first = await own.request('call', { step: { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
      const before = engineSaw.length;
      const err = await own.request('call', { step: { call: 'BIO_socket', domain: 'AF_BOGUS', socktype: 'SOCK_STREAM' } } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcError);
      expect(err).toMatchObject({ code: 'invalid-request', field: 'step.domain' });
      const badOption = await own.request('call', { step: { call: 'BIO_listen', sock: 'x', addr: '127.0.0.1:0', options: ['BIO_SOCK_FAST'] } } as never).catch((e: unknown) => e);
      expect(badOption).toMatchObject({ code: 'invalid-request', field: expect.stringMatching(/^step\.options/) });
      const unknown = await own.request('spawnShell' as never, {} as never).catch((e: unknown) => e);
      expect(unknown).toMatchObject({ code: 'unknown-method', field: 'method' });
      expect(engineSaw.length).toBe(before);
      const next = await own.request('call', { step: { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
      // No record was drafted for the bad requests: the engine's indexes run on without a gap.
      expect(next.index).toBe(first.index + 1);
    } finally {
      await own.close();
    }
  });

  it('logs every call, broadcasts it, writes it to disk and reads old entries back', async () => {
    const logged = nextEvent('log');
    const finished = nextEvent('callFinished');
    const record = await session.request('call', { step: { call: 'BIO_socket', as: 'a', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
    expect(record.ret).toBeGreaterThanOrEqual(0);
    expect(await logged).toEqual({ position: 0, record });
    expect(await finished).toEqual({ callId: 's1', position: 0 });
    await session.request('call', { step: { call: 'BIO_closesocket', sock: 'a' } });
    await session.request('call', { step: { call: 'BIO_get_port', service: 'http' } });
    // memoryEntries is 2 here, so entry 0 comes back from the JSON lines on disk.
    const page = await session.request('log', { offset: 0, limit: 10 });
    expect(page.total).toBe(3);
    expect(page.entries.map((e) => e.call)).toEqual(['BIO_socket', 'BIO_closesocket', 'BIO_get_port']);
    const file = session.log.file!;
    expect(file.startsWith(dataDir)).toBe(true);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it("sends a call's socket to pages once, inside its log entry, and no socket event repeats it", async () => {
    const own = await Session.start({ startEngine, inMemoryLog: true });
    try {
      const socketEvents: EventMap['socket'][] = [];
      const logEvents: EventMap['log'][] = [];
      own.on('socket', (s) => socketEvents.push(s));
      own.on('log', (p) => logEvents.push(p));
      const made = await own.request('call', { step: { call: 'BIO_socket', as: 'once', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
      await own.request('call', { step: { call: 'BIO_closesocket', sock: 'once' } });
      // Events come in order: had either call sent a socket event, it would be here by now.
      await vi.waitFor(() => expect(logEvents).toHaveLength(2));
      expect(logEvents[0].record.socket).toMatchObject({ fd: made.ret, name: 'once', role: 'new' });
      expect(logEvents[1].record.socket).toMatchObject({ fd: made.ret, role: 'closed' });
      expect(socketEvents).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('shows a waiting call in the session state until it is cancelled', async () => {
    await session.request('call', { step: { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
    await session.request('call', { step: { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' } });
    const started = nextEvent('callStarted', (p) => p.callId === 'acc1');
    const accept = session.request('call', { step: { call: 'BIO_accept_ex', sock: 'l', as: 'x' }, callId: 'acc1' });
    expect((await started).waiting).toBe('readiness');
    const state = await session.request('session', {});
    expect(state.waiting.map((w) => w.callId)).toEqual(['acc1']);
    expect(state.engine.state).toBe('running');
    expect(state.sockets.some((s) => s.name === 'l' && s.state === 'LISTEN')).toBe(true);
    expect(await session.request('cancel', { callId: 'acc1' })).toMatchObject({ cancelled: true });
    expect((await accept).cancelled).toMatch(/cancelled/);
    expect((await session.request('session', {})).waiting).toEqual([]);
  });

  it('survives an engine crash: tells pages, keeps the log, and the next call works', async () => {
    const statuses: EngineStatus[] = [];
    const off = session.on('engine', (s) => statuses.push(s));
    const running = nextEvent('engine', (s) => s.state === 'running');
    const oldPid = session.enginePid!;
    const totalBefore = session.log.total;
    process.kill(oldPid, 'SIGKILL');
    await running;
    off();
    expect(statuses[0]).toMatchObject({ state: 'crashed', lostSockets: 1 });
    expect(statuses[0].message).toMatch(/SIGKILL/);
    expect(session.enginePid).not.toBe(oldPid);
    const record = await session.request('call', { step: { call: 'BIO_socket', domain: 'AF_INET6', socktype: 'SOCK_STREAM' } });
    expect(record.ret).toBeGreaterThanOrEqual(0);
    expect(session.log.total).toBe(totalBefore + 1);
    expect((await session.request('log', { offset: 0, limit: 1 })).entries[0].call).toBe('BIO_socket');
  });

  it('rejects a call that was in flight when the engine died with engine-unavailable', async () => {
    await session.request('call', { step: { call: 'BIO_socket', as: 'l2', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
    await session.request('call', { step: { call: 'BIO_listen', sock: 'l2', addr: '127.0.0.1:0' } });
    const started = nextEvent('callStarted', (p) => p.callId === 'acc2');
    const accept = session.request('call', { step: { call: 'BIO_accept_ex', sock: 'l2' }, callId: 'acc2' }).catch((e: unknown) => e);
    await started;
    const running = nextEvent('engine', (s) => s.state === 'running');
    process.kill(session.enginePid!, 'SIGKILL');
    expect(await accept).toMatchObject({ code: 'engine-unavailable' });
    await running;
    expect((await session.request('session', {})).waiting).toEqual([]);
  });

  it('reports an engine that cannot start, and the next request starts one', async () => {
    let attempts = 0;
    // The first engine gets a libcrypto that does not exist: a real fatal start.
    const late = Session.open({ startEngine: () => startEngine(attempts++ === 0 ? { libcrypto: '/nonexistent/libcrypto.so.3' } : {}), inMemoryLog: true });
    const first = await late.request('info', {}).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'engine-unavailable', message: expect.stringMatching(/nonexistent/) });
    expect(late.engineStatus).toMatchObject({ state: 'crashed', message: expect.stringMatching(/could not start/) });
    const info = await late.request('info', {});
    expect(info.libcrypto.version).toMatch(/OpenSSL/);
    expect(late.engineStatus.state).toBe('running');
    await late.close();
    expect(late.engineStatus.state).toBe('stopped');
  });

  it('tells every page when the log stops being written (a full disk), and keeps answering calls', async (ctx) => {
    const disk = mkdtempSync(join(tmpdir(), 'bio-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=700', 'tmpfs', disk], { encoding: 'utf8' });
    if (mounted.error || mounted.status !== 0) {
      const why = `cannot mount a small tmpfs to fill: ${mounted.error?.message ?? mounted.stderr.trim()}`;
      console.log(`skipped: ${why}`);
      rmSync(disk, { recursive: true, force: true });
      return ctx.skip(why);
    }
    const saved = process.env.BIO_WORKBENCH_DATA_DIR;
    process.env.BIO_WORKBENCH_DATA_DIR = disk;
    const small = await Session.start({ startEngine: () => startEngine(), warn: () => undefined });
    try {
      const stopped = new Promise<{ reason: string }>((resolve) => small.on('logStopped', resolve));
      let calls = 0;
      let heard: { reason: string } | null = null;
      void stopped.then((s) => (heard = s));
      // 64 KiB holds a few dozen records: bounded well past that.
      for (; calls < 2000 && !heard; calls++) {
        const rec = await small.request('call', { step: { call: 'BIO_get_port', service: 'http', note: 'x'.repeat(1500) } });
        expect(rec.ret).toBe(1);
      }
      expect((await stopped).reason).toMatch(/ENOSPC/);
      const state = await small.request('session', {});
      expect(state.logStopped).toMatch(/ENOSPC/);
      // Calls go on, and the log still counts them in memory.
      expect((await small.request('call', { step: { call: 'BIO_get_port', service: 'http' } })).ret).toBe(1);
      expect(state.logTotal).toBeGreaterThan(0);
      console.log(`log stopped after ${calls} calls on a 64 KiB disk: ${state.logStopped}`);
    } finally {
      await small.close();
      process.env.BIO_WORKBENCH_DATA_DIR = saved;
      spawnSync('umount', ['-l', disk]);
      rmSync(disk, { recursive: true, force: true });
    }
  });
});
