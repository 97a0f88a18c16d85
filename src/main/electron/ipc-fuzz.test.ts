// 10,000 generated hostile messages through the Electron main process's guarded IPC listener (the
// real one, registered by runElectronApp; only `electron` is stubbed) against a real engine. Each
// message crosses as Electron carries it: a structured clone from a frame of the window.
// Replay a failure with BIO_FUZZ_SEED=<seed>.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../../shared/record';
import { checkAnswer, type Answer, type FuzzCase } from '../testing/fuzz-case';
import { fuzzSeed, generateCases } from '../testing/request-fuzzer';
import type { RunningApp } from './app';
import { IPC_CHANNEL } from '../../shared/channels';
import type { ResponseEnvelope } from '../../shared/rpc/envelope';
import * as stub from './electron-stub';
import { watchEngine } from '../testing/process-waits';
import { realExchange } from '../testing/real-exchange';

vi.mock('electron', async () => await import('./electron-stub'));

const COUNT = 10_000;
const IN_FLIGHT = 32;

let root: string;
let running: RunningApp;
let contents: stub.FakeWebContents;
let enginePid: number;
let engineFdsBefore: number[];
const seed = fuzzSeed();

const fdList = (pid: number): number[] => readdirSync(`/proc/${pid}/fd`).map(Number).sort((a, b) => a - b);

/** Responses by the id they carry; null-id answers come at once, while the message is handled. */
const waiting = new Map<number, (r: ResponseEnvelope) => void>();
let nullAnswers: ResponseEnvelope[] = [];
function hear(channel: string, payload: ResponseEnvelope): void {
  if (channel !== IPC_CHANNEL || payload.type !== 'response') return;
  if (payload.id === null) return void nullAnswers.push(payload);
  const resolve = waiting.get(payload.id);
  waiting.delete(payload.id);
  resolve?.(payload);
}

/** Sends a message as the window's main frame (or a subframe of it) would; resolves with its answer. */
function invoke(message: unknown, id: number | null, subframe = false): Promise<ResponseEnvelope> {
  const frame = subframe ? { url: contents.mainFrame.url, parent: contents.mainFrame } : contents.mainFrame;
  const answered = id === null ? null : new Promise<ResponseEnvelope>((resolve) => waiting.set(id, resolve));
  nullAnswers = [];
  stub.ipcMain.emitFrom(contents, frame, IPC_CHANNEL, message);
  if (answered) return answered;
  const [first] = nullAnswers;
  return first ? Promise.resolve(first) : Promise.reject(new Error('no answer came for a message without an id'));
}

let nextId = 1;
async function request(method: string, input: unknown): Promise<unknown> {
  const id = 1_000_000 + nextId++;
  const out = await invoke({ type: 'request', id, method, input }, id);
  if (!out.ok) throw new Error(`${method} failed: ${JSON.stringify(out.error)}`);
  return out.result;
}

const call = (step: Record<string, unknown>) => request('call', { step }) as Promise<CallRecord>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bio-ipc-fuzz-'));
  const renderer = join(root, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbench</title>');
  stub.app.userData = join(root, 'userData');
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  // The crash hook must stay refused: the fuzzer sends valid __crash steps.
  delete process.env.BIO_WORKBENCH_TEST_CRASH;
  const { runElectronApp } = await import('./app');
  running = await runElectronApp({ rendererDir: renderer, preload: join(root, 'preload', 'index.cjs') }, () => undefined);
  contents = stub.BrowserWindow.windows[0].webContents;
  contents.on('sent', hear);
  contents.on('replied', hear);
  await request('info', {});
  enginePid = running.session.enginePid!;
  // Warm up whatever the engine makes lazily so the baseline is its steady state.
  expect((await realExchange(call, 'warm')).read).toBe('ping');
  await request('closeAll', {});
  engineFdsBefore = fdList(enginePid);
});

afterAll(async () => {
  await running?.session.close();
  rmSync(root, { recursive: true, force: true });
});

describe(`Electron IPC fuzz (seed ${seed})`, () => {
  const mismatches: string[] = [];
  const figures = { sent: 0, byCategory: {} as Record<string, number>, errorsByField: {} as Record<string, number>, refused: 0, created: 0, ok: 0, ms: 0, notCloneable: 0 };
  const liveness = { crashedEvents: 0 };
  let monitor!: ReturnType<typeof watchEngine>;

  it(`answers ${COUNT} hostile payloads as the contract promises`, async () => {
    const cases = generateCases({ seed, count: COUNT, transport: 'ipc', engineFds: engineFdsBefore.filter((fd) => fd > 2) });
    const offEngine = running.session.on('engine', (s) => s.state === 'crashed' && liveness.crashedEvents++);
    monitor = watchEngine(running.session, enginePid);
    const started = Date.now();
    const one = async (c: FuzzCase) => {
      let a: Answer;
      try {
        structuredClone(c.payload);
      } catch {
        // Electron's IPC throws in the page for what it cannot clone: it never reaches the main process.
        figures.sent++;
        figures.notCloneable++;
        if (c.category !== 'deep-nesting') mismatches.push(`#${c.n} ${c.category} ${c.label}: not cloneable, so never sent`);
        return;
      }
      try {
        a = await invoke(c.payload, c.id ?? null, c.subframe);
      } catch (e) {
        figures.sent++;
        mismatches.push(`#${c.n} ${c.category} ${c.label}: no answer: ${(e as Error).message.slice(0, 160)}`);
        return;
      }
      figures.sent++;
      figures.byCategory[c.category] = (figures.byCategory[c.category] ?? 0) + 1;
      if (!a.ok && a.error) figures.errorsByField[a.error.field ?? 'null'] = (figures.errorsByField[a.error.field ?? 'null'] ?? 0) + 1;
      if (a.ok) {
        if (c.outcome.kind === 'refused') figures.refused++;
        else if (c.outcome.kind === 'created') figures.created++;
        else figures.ok++;
      }
      const why = checkAnswer(c, a);
      if (why) mismatches.push(`#${c.n} ${c.category} ${c.label}: ${why}`);
    };
    try {
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < cases.length) await one(cases[next++]);
        }),
      );
    } finally {
      monitor.stop();
      offEngine();
      figures.ms = Date.now() - started;
    }
    console.log(`[fuzz ipc] seed ${seed}: ${figures.sent} payloads in ${figures.ms} ms, ${IN_FLIGHT} in flight`);
    console.log(`[fuzz ipc] by category: ${JSON.stringify(figures.byCategory)}`);
    console.log(`[fuzz ipc] errors by field: ${JSON.stringify(figures.errorsByField)}`);
    console.log(`[fuzz ipc] refused records ${figures.refused}, sockets created ${figures.created}, ok answers ${figures.ok}, too deep to clone (stopped in the page) ${figures.notCloneable}`);
    console.log(`[fuzz ipc] ${mismatches.length} mismatches${mismatches.length ? ':\n  ' + mismatches.slice(0, 30).join('\n  ') : ''}`);
    expect(figures.sent).toBe(COUNT);
    expect(mismatches, `seed ${seed}`).toEqual([]);
  }, 120_000);

  it('kept the engine alive throughout, with no restart', () => {
    console.log(`[fuzz ipc] liveness: ${JSON.stringify({ ...liveness, samples: monitor.samples, engineDead: monitor.engineDead, pidChanged: monitor.pidChanged })}, engine pid ${enginePid}`);
    expect(monitor.samples).toBeGreaterThan(0);
    expect({ engineDead: monitor.engineDead, pidChanged: monitor.pidChanged, crashedEvents: liveness.crashedEvents }).toEqual({ engineDead: 0, pidChanged: 0, crashedEvents: 0 });
    expect(running.session.engineStatus.state).toBe('running');
  });

  it('let no prototype be polluted', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('leaves no fd open in the engine once the storm\'s sockets are closed', async () => {
    const closed = (await request('closeAll', {})) as { closed: number };
    const engineAfter = fdList(enginePid);
    console.log(`[fuzz ipc] closeAll closed ${closed.closed} (storm created ${figures.created}); engine fds ${engineFdsBefore.length} -> ${engineAfter.length}`);
    expect(closed.closed).toBe(figures.created);
    expect(engineAfter).toEqual(engineFdsBefore);
  });

  it('still makes a real listen, connect, accept, write and read afterwards', async () => {
    expect((await realExchange(call, 'after')).read).toBe('ping');
    expect(((await request('closeAll', {})) as { closed: number }).closed).toBe(3);
    expect(fdList(enginePid)).toEqual(engineFdsBefore);
    expect(running.session.enginePid).toBe(enginePid);
  });
});
