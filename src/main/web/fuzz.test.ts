// 10,000 generated hostile requests through the real web host's WebSocket, against a real engine:
// each gets the answer the contract promises, nothing crashes, no fd is left open, and the engine
// still makes real loopback connections afterwards. Replay a failure with BIO_FUZZ_SEED=<seed>.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerEnvelope as HostFrame } from '../../shared/rpc/envelope';
import type { CallRecord } from '../../shared/record';
import { checkAnswer, type Answer, type FuzzCase } from '../testing/fuzz-case';
import { fuzzSeed, generateCases } from '../testing/request-fuzzer';
import { startWebHost, type WebHost } from './web-host';
import { watchEngine } from '../testing/process-waits';
import { realExchange } from '../testing/real-exchange';
import { unbatch } from '../../shared/rpc/batch';

const COUNT = 10_000;
const CONNECTIONS = 4;
const IN_FLIGHT_PER_CONNECTION = 8;
const ANSWER_TIMEOUT_MS = 15_000;

let root: string;
let host: WebHost;
let enginePid: number;
let engineFdsBefore: number[];
let selfFdsBefore: number;
const seed = fuzzSeed();
const warnings: string[] = [];

const fdList = (pid: number | 'self'): number[] => readdirSync(`/proc/${pid}/fd`).map(Number).sort((a, b) => a - b);

/** A WebSocket client for the contract: requests by id, envelope errors (id null) in send order. */
async function openClient() {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { maxPayload: 256 * 1024 * 1024 });
  const byId = new Map<number, (f: HostFrame) => void>();
  const nullIds: Array<(f: HostFrame) => void> = [];
  let closeCode: number | null = null;
  const closed = new Promise<number>((r) => ws.once('close', (code) => ((closeCode = code), r(code))));
  ws.on('error', () => undefined);
  ws.on('message', (d) => {
    for (const f of unbatch(JSON.parse(d.toString())) as HostFrame[]) {
      if (f.type !== 'response') continue;
      const waiter = f.id === null ? nullIds.shift() : byId.get(f.id);
      if (f.id !== null) byId.delete(f.id);
      waiter?.(f);
    }
  });
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('unexpected-response', (_q, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))));
  const answer = (c: FuzzCase): Promise<Answer | { closed: number } | { timeout: true }> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timeout: true }), ANSWER_TIMEOUT_MS);
      const done = (f: HostFrame) => {
        clearTimeout(timer);
        resolve(f as Answer);
      };
      const frame = c.frame!;
      if (frame.id === null) nullIds.push(done);
      else byId.set(frame.id, done);
      void closed.then((code) => (clearTimeout(timer), resolve({ closed: code })));
      if (frame.binary) ws.send(frame.binary, { binary: true });
      else ws.send(frame.text!, { binary: false });
    });
  let nextId = 1_000_000_000;
  const request = async (method: string, input: unknown): Promise<unknown> => {
    const id = nextId++;
    const a = await answer({ n: -1, category: 'setup', label: method, outcome: { kind: 'ok' }, frame: { id, text: JSON.stringify({ type: 'request', id, method, input }) } });
    if (!('ok' in a) || !a.ok) throw new Error(`${method} failed: ${JSON.stringify(a)}`);
    return a.result;
  };
  return { ws, answer, request, closed, get closeCode() {
    return closeCode;
  }, close: () => (ws.close(), closed) };
}

async function settleFds(pid: number | 'self', target: number, ms = 3000): Promise<number> {
  const until = Date.now() + ms;
  let n = fdList(pid).length;
  while (n > target && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    n = fdList(pid).length;
  }
  return n;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bio-fuzz-'));
  const renderer = join(root, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbench</title>');
  process.env.BIO_WORKBENCH_DATA_DIR = join(root, 'data');
  // The crash hook must stay refused: the fuzzer sends valid __crash steps.
  delete process.env.BIO_WORKBENCH_TEST_CRASH;
  host = await startWebHost({ rendererDir: renderer, warn: (m) => warnings.push(m) });
  enginePid = host.session.enginePid!;
  // Warm up whatever the engine makes lazily (poller, pipes) so the baseline is its steady state.
  const c = await openClient();
  await realExchange((step) => c.request('call', { step }) as Promise<CallRecord>, 'warm');
  await c.request('closeAll', {});
  await c.close();
  engineFdsBefore = fdList(enginePid);
  selfFdsBefore = await settleFds('self', 0, 300);
});

afterAll(async () => {
  await host?.close();
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe(`web host WebSocket fuzz (seed ${seed})`, () => {
  const mismatches: string[] = [];
  const figures = { sent: 0, byCategory: {} as Record<string, number>, errorsByField: {} as Record<string, number>, refused: 0, created: 0, ok: 0, closes: 0, ms: 0 };
  const liveness = { crashedEvents: 0, processErrors: 0 };
  let monitor!: ReturnType<typeof watchEngine>;

  it(`answers ${COUNT} hostile requests as the contract promises`, async () => {
    const engineFds = engineFdsBefore.filter((fd) => fd > 2);
    const cases = generateCases({ seed, count: COUNT, transport: 'ws', engineFds });
    const storm = cases.filter((c) => c.outcome.kind !== 'close');
    const oversized = cases.filter((c) => c.outcome.kind === 'close');
    const offEngine = host.session.on('engine', (s) => s.state === 'crashed' && liveness.crashedEvents++);
    const onProcessError = () => liveness.processErrors++;
    process.on('unhandledRejection', onProcessError);
    process.on('uncaughtExceptionMonitor', onProcessError);
    monitor = watchEngine(host.session, enginePid);
    const started = Date.now();
    const record = (c: FuzzCase, a: Answer | { closed: number } | { timeout: true }) => {
      figures.sent++;
      figures.byCategory[c.category] = (figures.byCategory[c.category] ?? 0) + 1;
      if ('timeout' in a) return void mismatches.push(`#${c.n} ${c.category} ${c.label}: no answer within ${ANSWER_TIMEOUT_MS} ms`);
      if ('closed' in a) {
        figures.closes++;
        if (c.outcome.kind !== 'close' || a.closed !== c.outcome.code) mismatches.push(`#${c.n} ${c.category} ${c.label}: connection closed with ${a.closed}`);
        return;
      }
      if (!a.ok && a.error) figures.errorsByField[a.error.field ?? 'null'] = (figures.errorsByField[a.error.field ?? 'null'] ?? 0) + 1;
      if (a.ok) {
        const rec = a.result as { refused?: unknown } | null;
        if (c.outcome.kind === 'refused' && rec?.refused) figures.refused++;
        else if (c.outcome.kind === 'created') figures.created++;
        else figures.ok++;
      }
      const why = checkAnswer(c, a);
      if (why) mismatches.push(`#${c.n} ${c.category} ${c.label}: ${why}`);
    };
    try {
      const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => openClient()));
      let next = 0;
      await Promise.all(
        clients.flatMap((client) =>
          Array.from({ length: IN_FLIGHT_PER_CONNECTION }, async () => {
            while (next < storm.length) {
              const c = storm[next++];
              record(c, await client.answer(c));
            }
          }),
        ),
      );
      // Oversized frames close their connection (1009): one fresh connection each.
      for (const c of oversized) {
        const client = await openClient();
        record(c, await client.answer(c));
      }
      for (const client of clients) expect(client.closeCode, 'a storm connection was closed by the host').toBeNull();
      await Promise.all(clients.map((client) => client.close()));
    } finally {
      monitor.stop();
      offEngine();
      process.off('unhandledRejection', onProcessError);
      process.off('uncaughtExceptionMonitor', onProcessError);
      figures.ms = Date.now() - started;
    }
    console.log(`[fuzz ws] seed ${seed}: ${figures.sent} requests in ${figures.ms} ms over ${CONNECTIONS} connections x ${IN_FLIGHT_PER_CONNECTION} in flight`);
    console.log(`[fuzz ws] by category: ${JSON.stringify(figures.byCategory)}`);
    console.log(`[fuzz ws] errors by field: ${JSON.stringify(figures.errorsByField)}`);
    console.log(`[fuzz ws] refused records ${figures.refused}, sockets created ${figures.created}, ok answers ${figures.ok}, connections closed (oversized) ${figures.closes}`);
    console.log(`[fuzz ws] ${mismatches.length} mismatches${mismatches.length ? ':\n  ' + mismatches.slice(0, 30).join('\n  ') : ''}`);
    expect(figures.sent).toBe(COUNT);
    expect(mismatches, `seed ${seed}`).toEqual([]);
  }, 120_000);

  it('kept the host and the engine alive throughout, with no restart', () => {
    console.log(`[fuzz ws] liveness: ${JSON.stringify({ ...liveness, samples: monitor.samples, engineDead: monitor.engineDead, pidChanged: monitor.pidChanged })}, engine pid ${enginePid}`);
    expect(monitor.samples).toBeGreaterThan(0);
    expect({ engineDead: monitor.engineDead, pidChanged: monitor.pidChanged, crashedEvents: liveness.crashedEvents, processErrors: liveness.processErrors }).toEqual({ engineDead: 0, pidChanged: 0, crashedEvents: 0, processErrors: 0 });
    expect(() => process.kill(enginePid, 0)).not.toThrow();
    expect(host.session.engineStatus.state).toBe('running');
  });

  it('let no prototype be polluted', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty('polluted')).toBe(false);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('leaves no fd open in the engine or the host once the storm\'s sockets are closed', async () => {
    const c = await openClient();
    const closed = (await c.request('closeAll', {})) as { closed: number };
    await c.close();
    const engineAfter = fdList(enginePid);
    const selfAfter = await settleFds('self', selfFdsBefore);
    console.log(`[fuzz ws] closeAll closed ${closed.closed} (storm created ${figures.created}); engine fds ${engineFdsBefore.length} -> ${engineAfter.length}; host fds ${selfFdsBefore} -> ${selfAfter}`);
    expect(closed.closed).toBe(figures.created);
    expect(engineAfter).toEqual(engineFdsBefore);
    expect(selfAfter).toBe(selfFdsBefore);
  });

  it('still makes a real listen, connect, accept, write and read afterwards, and closes it all', async () => {
    const c = await openClient();
    const { port, read } = await realExchange((step) => c.request('call', { step }) as Promise<CallRecord>, 'after');
    expect(port).toBeGreaterThan(0);
    expect(read).toBe('ping');
    expect(((await c.request('closeAll', {})) as { closed: number }).closed).toBe(3);
    await c.close();
    const engineAfter = fdList(enginePid);
    console.log(`[fuzz ws] after the real exchange: engine fds ${engineAfter.length} (before the storm ${engineFdsBefore.length})`);
    expect(engineAfter).toEqual(engineFdsBefore);
    expect(host.session.enginePid).toBe(enginePid);
  });
});
