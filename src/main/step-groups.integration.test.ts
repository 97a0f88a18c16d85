// Step groups on a real engine: the runner sends a group as one request, the engine makes its
// calls one after another with nothing from the host between them, and each step keeps its own
// record (in the run, in the session's log, in the events a window hears).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMap } from '../shared/contract';
import type { CallRecord } from '../shared/record';
import { dataText } from '../shared/data-bytes';
import { runScenario, type ScenarioClient } from '../shared/scenario-runner';
import { checkScenario } from '../shared/scenario-check';
import type { Scenario, Step } from '../shared/steps';
import { startEngine, type EngineClient } from './engine-host';
import { Session } from './session/session';

const tcp = { domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;

/** A connected pair (c to a) and then `round`: two small writes, the reads of both, as one group. */
function scenarioWithGroup(): Scenario {
  const checked = checkScenario({
    steps: [
      { call: 'BIO_socket', as: 'l', ...tcp },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
      { call: 'BIO_socket', as: 'c', ...tcp },
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 5000 },
      { call: 'BIO_write', sock: 'c', data: 'head', group: 'round' },
      { call: 'BIO_write', sock: 'c', data: 'body', group: 'round' },
      { call: 'BIO_read', sock: 'a', bytes: 8, timeoutMs: 5000, group: 'round', expect: { bytes: 8 } },
      { call: 'wait', sock: 'c', for: 'writable', timeoutMs: 5000, group: 'round', expect: { ret: 1 } },
      { call: 'BIO_closesocket', sock: 'c' },
    ],
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.scenario;
}

let engine: EngineClient;
beforeAll(async () => {
  engine = await startEngine({ liveView: false });
});
afterAll(async () => {
  await engine?.stop();
});

describe('a step group', () => {
  it('reaches the engine as one request, and each of its steps gets its own record in order', async () => {
    const asked: { method: string; steps: number }[] = [];
    const client: ScenarioClient = {
      request: ((method: string, input: { calls?: unknown[] }, options?: { signal?: AbortSignal }) => {
        asked.push({ method, steps: input.calls?.length ?? 1 });
        return engine.request(method as 'call', input as never, options);
      }) as ScenarioClient['request'],
      on: (event, listener) => engine.on(event, listener),
    };
    const result = await runScenario(client, scenarioWithGroup());
    expect(result.failures).toEqual([]);
    expect(asked.filter((a) => a.method !== 'info')).toEqual([
      ...Array.from({ length: 5 }, () => ({ method: 'call', steps: 1 })),
      { method: 'callGroup', steps: 4 },
      { method: 'call', steps: 1 },
    ]);
    expect(result.steps.map((r) => [r.index, r.call])).toEqual(scenarioWithGroup().steps.map((s, i) => [i, s.call]));
    const [head, body, read] = result.steps.slice(5, 8);
    expect([head.ret, body.ret, read.bulk?.bytes]).toEqual([4, 4, 8]);
    // A record's own args are the call's: the group name describes the step, it is no argument.
    expect(head.args).not.toHaveProperty('group');
  });

  it('makes each call once the one before it ended: a read blocked in the group holds back the write after it', async () => {
    const run = (step: Step) => engine.request('call', { step });
    await run({ call: 'BIO_socket', as: 'gl', ...tcp });
    const listen = await run({ call: 'BIO_listen', sock: 'gl', addr: '127.0.0.1:0' });
    await run({ call: 'BIO_socket', as: 'gc', ...tcp });
    await run({ call: 'BIO_connect', sock: 'gc', addr: listen.socket!.local! });
    await run({ call: 'BIO_accept_ex', sock: 'gl', as: 'ga', timeoutMs: 5000 });
    const blocked = new Promise<void>((resolve) => {
      const stop = engine.on('callStarted', (s) => s.callId === 'g-read' && (stop(), resolve()));
    });
    const group = engine.request('callGroup', {
      calls: [
        { step: { call: 'BIO_read', sock: 'ga', max: 5, timeoutMs: 20_000 }, callId: 'g-read' },
        { step: { call: 'BIO_write', sock: 'ga', data: 'reply' }, callId: 'g-write' },
        { step: { call: 'BIO_read', sock: 'gc', max: 5, timeoutMs: 20_000 }, callId: 'g-back' },
      ],
    });
    await blocked;
    // The group waits inside the engine: the write after the blocked read is not made yet, so the client has received nothing.
    const client = () => engine.request('sockets', {}).then((all) => all.find((s) => s.name === 'gc')!.tcpInfo!.bytesReceived);
    expect(await client()).toBe(0);
    await engine.request('call', { step: { call: 'BIO_write', sock: 'gc', data: 'hello' } });
    const records: CallRecord[] = await group;
    expect(records.map((r) => [r.ret, dataText(r.data)])).toEqual([
      [5, 'hello'],
      [5, 'reply'],
      [5, 'reply'],
    ]);
    expect(await client()).toBe(5);
  });

  it('stops at a call someone cancels: the calls after it are refused, not made', async () => {
    const run = (step: Step) => engine.request('call', { step });
    await run({ call: 'BIO_socket', as: 'kl', ...tcp });
    const listen = await run({ call: 'BIO_listen', sock: 'kl', addr: '127.0.0.1:0' });
    await run({ call: 'BIO_socket', as: 'kc', ...tcp });
    await run({ call: 'BIO_connect', sock: 'kc', addr: listen.socket!.local! });
    await run({ call: 'BIO_accept_ex', sock: 'kl', as: 'ka', timeoutMs: 5000 });
    const blocked = new Promise<void>((resolve) => {
      const stop = engine.on('callStarted', (s) => s.callId === 'k-read' && (stop(), resolve()));
    });
    const group = engine.request('callGroup', {
      calls: [
        { step: { call: 'BIO_read', sock: 'ka', max: 5, timeoutMs: 60_000 }, callId: 'k-read' },
        { step: { call: 'BIO_write', sock: 'ka', data: 'never' }, callId: 'k-write' },
      ],
    });
    await blocked;
    expect(await engine.request('cancel', { callId: 'k-read' })).toMatchObject({ cancelled: true });
    const [read, write] = await group;
    expect(read.cancelled).toBeTruthy();
    expect(write).toMatchObject({ ret: null, refused: 'not made: k-read, a call before it in its group, was cancelled before this step' });
  });
});

describe('a step group sent by a page to the session', () => {
  it('is one request to the engine, logged step by step with a callFinished each', async () => {
    const engineSaw: string[] = [];
    const session = await Session.start({
      inMemoryLog: true,
      startEngine: async () => {
        const e = await startEngine();
        const request = e.request.bind(e);
        e.request = ((method, input, options) => (engineSaw.push(method), request(method, input, options))) as EngineClient['request'];
        return e;
      },
    });
    try {
      const finished: EventMap['callFinished'][] = [];
      const off = session.on('callFinished', (f) => finished.push(f));
      const records = await session.request('callGroup', {
        calls: [
          { step: { call: 'BIO_socket', as: 'one', ...tcp }, callId: 'p-1' },
          { step: { call: 'BIO_socket', as: 'two', ...tcp }, callId: 'p-2' },
        ],
      });
      off();
      expect(records.map((r) => r.ret! >= 0)).toEqual([true, true]);
      expect(engineSaw.filter((m) => m.startsWith('call'))).toEqual(['callGroup']);
      expect(finished.map((f) => f.callId)).toEqual(['p-1', 'p-2']);
      expect((await session.request('log', { offset: 0, limit: 10 })).entries.map((r) => r.c)).toEqual(records.map((r) => r.c));
      // A page never names a host file to send, in a group as alone.
      await expect(session.request('callGroup', { calls: [{ step: { call: 'BIO_write', sock: 'one', file: '/etc/passwd' } }] })).rejects.toMatchObject({ field: 'calls[0].step.file' });
    } finally {
      await session.close();
    }
  });
});
