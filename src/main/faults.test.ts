// Native crashes through the real hosts: the engine segfaults (test-only `__crash`), the host
// reports it, keeps its log, starts a new engine, refuses the lost sockets and answers the next call.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus, SessionState } from '../shared/contract';
import type { CallRecord } from '../shared/record';
import type { Step } from '../shared/steps';
import { pageClient } from './testing/page-client';
import { startEngine } from './engine-host';
import { Session } from './session/session';
import { RpcError } from '../shared/rpc/error';
import { within, alive, gone } from './testing/process-waits';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CRASHES = 3;

let dataDir: string;

function logLines(file: string): CallRecord[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CallRecord);
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'bio-faults-'));
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a native crash through the Session', () => {
  let session: Session;
  const events: EngineStatus[] = [];

  beforeAll(async () => {
    process.env.BIO_WORKBENCH_DATA_DIR = join(dataDir, 'session');
    // The variable goes to the engine only: the host itself never needs it.
    session = await Session.start({ startEngine: () => startEngine({ env: { ...process.env, BIO_WORKBENCH_TEST_CRASH: '1' } }), warn: () => undefined });
    session.on('engine', (s) => events.push(s));
  });

  afterAll(async () => {
    await session?.close();
    delete process.env.BIO_WORKBENCH_DATA_DIR;
  });

  const call = (step: Step) => session.request('call', { step });

  function nextEngineState(state: EngineStatus['state']): Promise<EngineStatus> {
    const from = events.length;
    return within(
      new Promise((resolve) => {
        const check = () => {
          const hit = events.slice(from).find((s) => s.state === state);
          if (hit) return resolve(hit);
          setTimeout(check, 10);
        };
        check();
      }),
      20_000,
      `engine state ${state}`,
    );
  }

  it(`survives ${CRASHES} crashes in a row: reported, log kept, sockets lost and refused, next call works`, async () => {
    const logged: CallRecord[] = [];
    let survived = 0;
    for (let round = 1; round <= CRASHES; round++) {
      const pidBefore = session.enginePid!;
      expect(alive(pidBefore)).toBe(true);
      // A different number of sockets each round, so lostSockets cannot be right by accident.
      const open = round + 1;
      const names: string[] = [];
      const fds: number[] = [];
      for (let i = 0; i < open; i++) {
        const name = `r${round}s${i}`;
        const rec = await call({ call: 'BIO_socket', as: name, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
        expect(rec.ret).toBeGreaterThanOrEqual(0);
        logged.push(rec);
        names.push(name);
        fds.push(rec.ret!);
      }
      const listen = await call({ call: 'BIO_listen', sock: names[0], addr: '127.0.0.1:0' });
      expect(listen.ret).toBe(1);
      logged.push(listen);
      // A call waiting in the engine when it dies must end, not hang.
      const waiting = call({ call: 'BIO_accept_ex', sock: names[0], as: `acc${round}` }).then(
        () => 'answered',
        (e: RpcError) => e.code,
      );
      await within(
        (async () => {
          while ((await session.request('session', {})).waiting.length === 0) await new Promise((r) => setTimeout(r, 10));
        })(),
        5000,
        'the accept to start waiting',
      );

      const crashed = nextEngineState('crashed');
      const running = nextEngineState('running');
      const crashErr = await within(call({ call: '__crash' }).then(() => null, (e: unknown) => e), 20_000, '__crash');
      expect(crashErr).toBeInstanceOf(RpcError);
      expect(crashErr).toMatchObject({ code: 'engine-unavailable', message: expect.stringMatching(/SIGSEGV/) });

      const report = await crashed;
      expect(report.lostSockets).toBe(open);
      expect(report.message).toMatch(/SIGSEGV/);
      expect(report.message).toContain(`${open} socket(s) are gone`);
      expect(await within(waiting, 5000, 'the waiting accept')).toBe('engine-unavailable');
      expect(await gone(pidBefore)).toBe(true);

      await running;
      const pidAfter = session.enginePid!;
      expect(pidAfter).not.toBe(pidBefore);
      expect(alive(pidAfter)).toBe(true);
      expect(alive(process.pid)).toBe(true);
      const state = await session.request('session', {});
      expect(state.engine.state).toBe('running');
      expect(state.sockets).toEqual([]);
      expect(state.waiting).toEqual([]);

      // The log still holds every record made before the crash, on disk and through `log`, then
      // one record for each call the dead engine never answered: the waiting accept and the crash.
      const onDisk = logLines(session.log.file!);
      expect(onDisk.slice(0, logged.length)).toEqual(logged);
      const lost = onDisk.slice(logged.length);
      expect(lost.map((r) => r.call).sort()).toEqual(['BIO_accept_ex', '__crash']);
      for (const r of lost) {
        expect(r.ret).toBeNull();
        expect(r.index).toBe(-1);
        expect(r.cancelled).toMatch(/engine process died before the call returned.*SIGSEGV/);
      }
      logged.push(...lost);
      expect((await session.request('log', { offset: 0, limit: 10_000 })).entries).toEqual(logged);

      // The old sockets are gone: by name the new engine refuses them; by number the session does,
      // since the new engine may hand the same numbers to other sockets.
      for (const name of names) {
        const rec = await call({ call: 'BIO_write', sock: name, data: 'x' });
        expect(rec.ret).toBeNull();
        expect(rec.refused).toMatch(new RegExp(`no open socket is named "${name}"`));
        logged.push(rec);
      }
      for (const fd of fds) {
        const rec = await call({ call: 'BIO_sock_error', sock: fd });
        expect(rec.ret).toBeNull();
        expect(rec.refused).toMatch(new RegExp(`fd ${fd} belonged to the engine that crashed`));
        logged.push(rec);
      }

      // The next call works and is logged after the earlier ones.
      const fresh = await call({ call: 'BIO_socket', as: `fresh${round}`, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      expect(fresh.ret).toBeGreaterThanOrEqual(0);
      expect(fresh.refused).toBeNull();
      logged.push(fresh);
      const closed = await call({ call: 'BIO_closesocket', sock: `fresh${round}` });
      expect(closed.ret).toBe(1);
      logged.push(closed);
      expect(logLines(session.log.file!)).toEqual(logged);
      survived++;
    }
    process.stdout.write(`crashes survived: ${survived}\n`);
    expect(survived).toBe(CRASHES);
    expect(events.filter((s) => s.state === 'crashed')).toHaveLength(CRASHES);
  }, 120_000);

  it('without the variable the engine refuses __crash and keeps running', async () => {
    const plain = await startEngine();
    try {
      const rec = await plain.request('call', { step: { call: '__crash' } });
      expect(rec.ret).toBeNull();
      expect(rec.refused).toMatch(/test-only/);
      expect(plain.alive).toBe(true);
      expect((await plain.request('call', { step: { call: 'BIO_get_port', service: '80' } })).ret).toBe(1);
    } finally {
      await plain.stop();
    }
  });
});

describe('a native crash through the built web host (a child process) and its WebSocket', () => {
  let host: ChildProcess;
  let url: string;
  let stderr = '';

  beforeAll(async () => {
    // Same build-if-missing step the npm scripts use, so this file also runs on its own.
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/ensure-built.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    if (built.status !== 0) throw new Error(`building the web host failed: ${built.stderr}`);
    expect(existsSync(join(ROOT, 'out/main/web.js'))).toBe(true);
    host = spawn(process.execPath, [join(ROOT, 'out/main/web.js'), '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, BIO_WORKBENCH_DATA_DIR: join(dataDir, 'web'), BIO_WORKBENCH_TEST_CRASH: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    host.stderr!.on('data', (d) => (stderr += d));
    const lines = createInterface({ input: host.stdout! });
    url = await within(new Promise<string>((resolve) => lines.once('line', resolve)), 30_000, `the web host's URL (stderr: ${stderr})`);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
  });

  afterAll(async () => {
    if (host && host.exitCode === null) {
      const exited = new Promise((r) => host.once('exit', r));
      host.kill('SIGTERM');
      await within(exited, 10_000, 'the web host to stop').catch(() => host.kill('SIGKILL'));
    }
  });

  it('the page-side client sees the crash, the host stays up, and the next call works', async () => {
    const page = pageClient(url);
    const seen: EngineStatus[] = [];
    page.on('engine', (s) => seen.push(s));
    try {
      const before = (await within(page.request('session', {}), 10_000, 'session')) as SessionState;
      expect(before.engine.state).toBe('running');
      const oldEnginePid = before.info!.pid;
      for (const as of ['w1', 'w2']) {
        const rec = await page.request('call', { step: { call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
        expect(rec.ret).toBeGreaterThanOrEqual(0);
      }
      const crashErr = await within(page.request('call', { step: { call: '__crash' } }).then(() => null, (e: Error) => e), 20_000, '__crash');
      expect(crashErr?.message).toMatch(/SIGSEGV/);
      await within(
        (async () => {
          while (!seen.some((s) => s.state === 'running')) await new Promise((r) => setTimeout(r, 20));
        })(),
        20_000,
        'the engine event "running" after the crash',
      );
      const crashed = seen.find((s) => s.state === 'crashed')!;
      expect(crashed.lostSockets).toBe(2);
      expect(crashed.message).toMatch(/SIGSEGV/);
      expect(host.exitCode).toBeNull();
      expect(alive(host.pid!)).toBe(true);
      expect(page.connection).toBe('open');

      const after = (await page.request('session', {})) as SessionState;
      expect(after.info!.pid).not.toBe(oldEnginePid);
      expect(after.sockets).toEqual([]);
      // Two sockets made, then the crash call: logged with ret null, saying the engine died.
      expect(after.logTotal).toBe(3);
      const log = await page.request('log', { offset: 0, limit: 10 });
      expect(log.entries.map((r) => [r.call, r.ret === null])).toEqual([['BIO_socket', false], ['BIO_socket', false], ['__crash', true]]);
      expect(log.entries[2].cancelled).toMatch(/SIGSEGV/);
      const old = await page.request('call', { step: { call: 'BIO_closesocket', sock: 'w1' } });
      expect(old.refused).toMatch(/no open socket is named "w1"/);
      const next = await page.request('call', { step: { call: 'BIO_socket', as: 'w1', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
      expect(next.ret).toBeGreaterThanOrEqual(0);
      expect(next.refused).toBeNull();
      process.stdout.write(`web host: engine pid ${oldEnginePid} crashed (SIGSEGV), host pid ${host.pid} stayed up, new engine pid ${after.info!.pid}\n`);
    } finally {
      page.close();
    }
  }, 60_000);
});
