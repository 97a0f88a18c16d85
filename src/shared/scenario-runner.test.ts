// The runner's own bookkeeping, on a scripted engine that answers each request the way the real
// one shapes its records (lesson.test and lesson-namespace.test run the runner on the real engine):
// what it sends (placeholders filled, names in a lesson's namespace, groups in one request, call
// ids), when a background step counts as started, what await and cancel record, and what a run reports.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import type { CallStarted } from './contract';
import type { CallRecord, SocketSnapshot } from './record';
import { runFailures, runScenario, ScenarioStepper, type ScenarioClient } from './scenario-runner';
import { Scenario, type Step } from './steps';

type Answer = (step: Record<string, unknown>) => Partial<CallRecord>;

const libcrypto = { path: 'libcrypto.so.3', resolvedPath: '/lib/libcrypto.so.3', version: 'OpenSSL 3.0.13', versionNumber: 0x300000d0, supports: { TFO: true } };

function socket(name: string, fields: Partial<SocketSnapshot> = {}): SocketSnapshot {
  return { fd: 5, name, role: 'new', family: 'AF_INET', type: 'SOCK_STREAM', local: null, peer: null, state: null, soError: 0, applied: {}, requested: {}, tcpInfo: null, ...fields };
}

/** What the engine answers for the usual calls of these tests: a socket record named by `as` or `sock`. */
const usual: Answer = (s) => {
  const name = String(s.as ?? s.sock);
  if (s.call === 'BIO_socket') return { ret: 5, socket: socket(name) };
  if (s.call === 'BIO_listen') return { ret: 1, socket: socket(name, { role: 'listener', local: '127.0.0.1:40123', state: 'LISTEN' }) };
  if (s.call === 'BIO_connect') return { ret: 1, socket: socket(name, { role: 'client', local: '127.0.0.1:50000', peer: String(s.addr), state: 'ESTABLISHED' }) };
  if (s.call === 'BIO_accept_ex') return { ret: 7, socket: socket(name, { fd: 7, role: 'accepted', local: '127.0.0.1:40123', listener: socket(String(s.sock), { local: '127.0.0.1:40999' }) }) };
  return { ret: 0 };
};

/**
 * An engine that answers from `answer`. A call whose id is in `held` (a background step's) waits until it is cancelled (or
 * `finishBackground` ends it); before that it says it waits for readiness, after first saying
 * so for another call and for a pool thread (neither of which means it is under way).
 */
class ScriptedEngine implements ScenarioClient {
  readonly requests: { method: string; input: unknown }[] = [];
  /** What happened, in order: the events sent and the background calls' ends. */
  readonly happened: string[] = [];
  private readonly listeners = new Set<(s: CallStarted) => void>();
  private readonly held = new Map<string, (fields: Partial<CallRecord>) => void>();

  constructor(
    private readonly answer: Answer = usual,
    private readonly holding: readonly string[] = [],
  ) {}

  get listening(): number {
    return this.listeners.size;
  }

  on(_event: 'callStarted', listener: (payload: CallStarted) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async request(method: string, input: never): Promise<never> {
    this.requests.push({ method, input });
    return this.answerTo(method, input) as never;
  }

  /** Ends a background call as the engine would when it returns. */
  finishBackground(callId: string, fields: Partial<CallRecord>): void {
    this.held.get(callId)!(fields);
  }

  private record(step: Record<string, unknown>): CallRecord {
    return { ...blankRecord(step as Step, 99), ...this.answer(step) };
  }

  private async answerTo(method: string, input: Record<string, unknown>): Promise<unknown> {
    if (method === 'info') return { libcrypto, pid: 1, node: 'v22', limits: { maxSockets: 10, maxDataBytes: 10, maxPoolThreads: 1 } };
    if (method === 'callGroup') return (input.calls as { step: Record<string, unknown> }[]).map((c) => this.record(c.step));
    if (method === 'cancel') {
      this.held.get(input.callId as string)?.({ cancelled: 'cancelled while it waited for readiness', ret: null });
      return { cancelled: true, how: 'poll woken by the cancel pipe' };
    }
    const step = input.step as Record<string, unknown>;
    const callId = input.callId as string;
    if (!this.holding.includes(callId)) return this.record(step);
    const ended = new Promise<Partial<CallRecord>>((resolve) => this.held.set(callId, resolve));
    void this.announce(callId);
    const fields = await ended;
    this.happened.push(`${callId} ended`);
    return { ...this.record(step), ...fields };
  }

  private async announce(callId: string): Promise<void> {
    const started = (id: string, waiting: CallStarted['waiting']) => ({ callId: id, index: 0, call: 'x', c: 'x', sock: null, waiting, startedAt: 0 });
    for (const [id, waiting] of [['elsewhere', 'readiness'], [callId, 'pool'], [callId, 'readiness']] as const) {
      await new Promise((r) => setImmediate(r));
      this.happened.push(`${id} ${waiting}`);
      for (const l of [...this.listeners]) l(started(id, waiting));
    }
  }
}

const scenario = (steps: object[], title?: string): Scenario => Scenario.parse({ ...(title ? { title } : {}), steps });
const sock = (as: string) => ({ call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
const listen = (s: string) => ({ call: 'BIO_listen', sock: s, addr: '127.0.0.1:0' });
const sentSteps = (e: ScriptedEngine) => e.requests.filter((r) => r.method === 'call').map((r) => (r.input as { step: Record<string, unknown> }).step);

async function runAll(stepper: ScenarioStepper): Promise<void> {
  while (!stepper.done) await stepper.step();
  await stepper.finish();
}

describe('ScenarioStepper', () => {
  it('runs one step at a time under call ids of its prefix, sending the step without what describes it', async () => {
    const engine = new ScriptedEngine();
    const steps = scenario([{ ...sock('l'), note: 'a socket', caption: 'here', expect: { ret: 'fd' } }, listen('l')]);
    const seen: number[] = [];
    const stepper = new ScenarioStepper(engine, steps, { callIdPrefix: 'p', onRecord: (r) => seen.push(r.index) });
    expect([stepper.next, stepper.done, stepper.records.length, stepper.own]).toEqual([0, false, 2, null]);
    await stepper.step();
    expect([stepper.next, stepper.done]).toEqual([1, false]);
    await stepper.step();
    expect([stepper.next, stepper.done]).toEqual([2, true]);
    await stepper.step();
    expect(engine.requests).toEqual([
      { method: 'call', input: { step: { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, callId: 'p-0' } },
      { method: 'call', input: { step: listen('l'), callId: 'p-1' } },
    ]);
    expect(stepper.records.map((r) => [r.index, r.ret, r.expect])).toEqual([
      [0, 5, { ok: true, mismatches: [] }],
      [1, 1, null],
    ]);
    expect(seen).toEqual([0, 1]);
    expect(stepper.callIdOf(7)).toBe('p-7');
    expect(new ScenarioStepper(engine, steps).callIdOf(3)).toMatch(/^run[0-9a-z]+-3$/);
  });

  it('lists the names the scenario gives sockets, for a host to close what a lesson left', () => {
    const stepper = new ScenarioStepper(new ScriptedEngine(), scenario([sock('l'), listen('l'), { call: 'BIO_accept_ex', sock: 'l', as: 'a' }, { call: 'BIO_accept_ex', sock: 'l' }]));
    expect(stepper.socketNames).toEqual(['l', 'a']);
  });

  it('fills {name.port} from a bound socket, and a listener\'s port from an accepted socket\'s record; the record keeps both addrs', async () => {
    const engine = new ScriptedEngine();
    const stepper = new ScenarioStepper(
      engine,
      scenario([sock('l'), listen('l'), sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' }, { call: 'BIO_accept_ex', sock: 'l', as: 'a' }, { call: 'BIO_connect', sock: 'c', addr: 'localhost:{l.port}' }, { call: 'BIO_connect', sock: 'c', addr: '[::1]:{a.port}' }]),
    );
    await runAll(stepper);
    expect(sentSteps(engine).filter((s) => s.call === 'BIO_connect').map((s) => s.addr)).toEqual(['127.0.0.1:40123', 'localhost:40999', '[::1]:40123']);
    expect(stepper.records[3].args).toMatchObject({ addr: '127.0.0.1:{l.port}', addrResolved: '127.0.0.1:40123' });
    expect(stepper.records[1].args).toEqual({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', addrResolved: '127.0.0.1:0' });
    expect(stepper.records[0].args).toEqual({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect(stepper.ok).toBe(true);
  });

  it('takes no port from an address without one (a unix socket) or from a socket with no name', async () => {
    const answer: Answer = (s) =>
      s.call === 'BIO_listen' ? { ret: 1, socket: socket('l', { local: 'unix:/run/x:9/s' }) } : s.call === 'BIO_bind' ? { ret: 1, socket: socket('', { name: null, local: '127.0.0.1:4000' }) } : usual(s);
    const engine = new ScriptedEngine(answer);
    const stepper = new ScenarioStepper(engine, scenario([sock('l'), listen('l'), { call: 'BIO_bind', sock: 3, addr: '127.0.0.1:0' }, sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' }, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{null.port}' }]));
    await runAll(stepper);
    expect(sentSteps(engine)).toHaveLength(4);
    expect(stepper.records[4].refused).toBe('addr: {l.port}: socket "l" has no bound port yet');
    expect(stepper.records[5].refused).toBe('addr: {null.port}: socket "null" has no bound port yet');
  });

  it('refuses a step whose {name.port} has no port yet, or whose {tmp} has no directory, and makes no call for it', async () => {
    const engine = new ScriptedEngine();
    const steps = scenario([sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{x.port}' }, { call: 'BIO_connect', sock: 'c', addr: 'unix:{tmp}/s' }]);
    const result = await runScenario(engine, steps);
    expect(sentSteps(engine)).toHaveLength(1);
    expect(result.steps[1]).toMatchObject({ index: 1, ret: null, refused: 'addr: {x.port}: socket "x" has no bound port yet', expect: { ok: false } });
    expect(result.steps[2].refused).toBe('addr: {tmp} needs a temporary directory, and this runner was given none');
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => [f.step, f.field])).toEqual([
      [1, 'refused'],
      [2, 'refused'],
    ]);

    const given = new ScriptedEngine();
    const withTmp = await runScenario(given, steps, { tmpDir: '/tmp/run1' });
    expect(sentSteps(given).map((s) => s.addr)).toEqual([undefined, 'unix:/tmp/run1/s']);
    expect(withTmp.steps[1].refused).toBe('addr: {x.port}: socket "x" has no bound port yet');
    expect(withTmp.steps[2].args).toMatchObject({ addr: 'unix:{tmp}/s', addrResolved: 'unix:/tmp/run1/s' });
  });

  it('names the first placeholder that cannot be filled', async () => {
    const stepper = new ScenarioStepper(new ScriptedEngine(), scenario([sock('c'), { call: 'BIO_connect', sock: 'c', addr: 'unix:{tmp}/{a.port}{b.port}' }]));
    await runAll(stepper);
    expect(stepper.records[1].refused).toBe('addr: {tmp} needs a temporary directory, and this runner was given none');
    const ports = new ScenarioStepper(new ScriptedEngine(), scenario([sock('c'), { call: 'BIO_connect', sock: 'c', addr: '{a.port}:{b.port}' }]));
    await runAll(ports);
    expect(ports.records[1].refused).toBe('addr: {a.port}: socket "a" has no bound port yet');
  });

  it('a background step counts as under way only once the engine says that call waits for readiness, not for a pool thread', async () => {
    const engine = new ScriptedEngine(usual, ['b-2']);
    const stepper = new ScenarioStepper(engine, scenario([sock('l'), listen('l'), { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true }, { call: 'await', step: 2, expect: { ret: 'fd' } }]), { callIdPrefix: 'b' });
    await stepper.step();
    await stepper.step();
    await stepper.step();
    engine.happened.push('step returned');
    expect(engine.happened).toEqual(['elsewhere readiness', 'b-2 pool', 'b-2 readiness', 'step returned']);
    expect(engine.listening).toBe(0);
    expect(stepper.records[2]).toBeUndefined();
    const awaited = stepper.step();
    engine.finishBackground('b-2', {});
    await awaited;
    expect(stepper.records[2]).toMatchObject({ index: 2, ret: 7, args: { call: 'BIO_accept_ex', sock: 'l', as: 'a' } });
    expect(stepper.records[3]).toMatchObject({ index: 3, call: 'await', ret: 7, socket: { name: 'a', role: 'accepted' }, result: { step: 2 }, expect: { ok: true } });
    expect(engine.requests.map((r) => r.method)).toEqual(['call', 'call', 'call']);
  });

  it('a step not in the background waits for its record even when the engine says it waits for readiness', async () => {
    const engine = new ScriptedEngine(usual, ['w-2']);
    const stepper = new ScenarioStepper(engine, scenario([sock('l'), listen('l'), { call: 'BIO_accept_ex', sock: 'l', as: 'a' }]), { callIdPrefix: 'w' });
    await stepper.step();
    await stepper.step();
    const returned = stepper.step().then(() => engine.happened.push('step returned'));
    await expect.poll(() => engine.happened).toContain('w-2 readiness');
    engine.finishBackground('w-2', {});
    await returned;
    expect(engine.happened.slice(-2)).toEqual(['w-2 ended', 'step returned']);
    expect(stepper.records[2]).toMatchObject({ index: 2, ret: 7 });
  });

  it('a step alone in its group goes as a plain call', async () => {
    const engine = new ScriptedEngine();
    const stepper = new ScenarioStepper(engine, scenario([{ ...sock('a'), group: 'g' }, sock('b')]), { callIdPrefix: 's' });
    await runAll(stepper);
    expect(engine.requests.map((r) => r.method)).toEqual(['call', 'call']);
  });

  it('a background step that ends before it is seen waiting is under way too', async () => {
    const engine = new ScriptedEngine(usual, ['q-1']);
    const stepper = new ScenarioStepper(engine, scenario([sock('s'), { call: 'BIO_sock_error', sock: 's', background: true }, { call: 'await', step: 1 }]), { callIdPrefix: 'q' });
    await stepper.step();
    const started = stepper.step();
    engine.finishBackground('q-1', { ret: 0 });
    await started;
    expect(engine.happened).toEqual(['q-1 ended']);
    await stepper.step();
    expect(stepper.records[2]).toMatchObject({ call: 'await', ret: 0, result: { step: 1 } });
  });

  it('cancel asks the engine to cancel the background call and records how, under its own index', async () => {
    const engine = new ScriptedEngine(usual, ['c-2']);
    const stepper = new ScenarioStepper(engine, scenario([sock('l'), listen('l'), { call: 'BIO_accept_ex', sock: 'l', background: true }, { call: 'cancel', step: 2, expect: { cancelled: true } }]), { callIdPrefix: 'c' });
    await runAll(stepper);
    expect(engine.requests.at(-1)).toEqual({ method: 'cancel', input: { callId: 'c-2' } });
    expect(stepper.records[3]).toMatchObject({
      index: 3,
      call: 'cancel',
      ret: null,
      cancelled: 'cancelled while it waited for readiness',
      result: { cancelled: true, how: 'poll woken by the cancel pipe', step: 2 },
      expect: { ok: true },
    });
    expect(stepper.records[2]).toMatchObject({ index: 2, cancelled: 'cancelled while it waited for readiness' });
  });

  it('an await carries the background step\'s bulk summary, errno, queue, data and duration', async () => {
    const engine = new ScriptedEngine(usual, ['r-1', 'r-3']);
    const stepper = new ScenarioStepper(engine, scenario([sock('s'), { call: 'BIO_read', sock: 's', bytes: 10, background: true }, { call: 'await', step: 1 }, { call: 'BIO_read', sock: 's', max: 1, background: true }, { call: 'await', step: 3 }]), { callIdPrefix: 'r' });
    await stepper.step();
    await stepper.step();
    const done = stepper.step();
    const fields: Partial<CallRecord> = {
      ret: -1,
      errno: { code: 11, name: 'EAGAIN', message: 'Resource temporarily unavailable' },
      errorQueue: [{ code: 1, hex: '00000001', library: 'x', reason: 'r', file: 'f', line: 1, function: 'fn', data: '', text: 't' }],
      refused: null,
      data: { hex: '6869' },
      bulk: { bytes: 10 } as CallRecord['bulk'],
      durationUs: 1234,
    };
    engine.finishBackground('r-1', fields);
    await done;
    expect(stepper.records[2]).toMatchObject({ ...fields, call: 'await', index: 2 });
    await stepper.step();
    const plain = stepper.step();
    engine.finishBackground('r-3', { ret: 1 });
    await plain;
    expect(stepper.records[4]).not.toHaveProperty('bulk');
  });

  it('finish cancels a background step nobody awaited and keeps its record; one already ended is left alone', async () => {
    const engine = new ScriptedEngine(usual, ['f-2', 'f-3']);
    const stepper = new ScenarioStepper(engine, scenario([sock('l'), listen('l'), { call: 'BIO_accept_ex', sock: 'l', background: true }, { call: 'BIO_accept_ex', sock: 'l', background: true }, { call: 'await', step: 3 }]), { callIdPrefix: 'f' });
    await stepper.step();
    await stepper.step();
    await stepper.step();
    await stepper.step();
    const awaited = stepper.step();
    engine.finishBackground('f-3', {});
    await awaited;
    await stepper.finish();
    expect(engine.requests.filter((r) => r.method === 'cancel').map((r) => r.input)).toEqual([{ callId: 'f-2' }]);
    expect(stepper.records[2]).toMatchObject({ cancelled: 'cancelled while it waited for readiness' });
    expect(stepper.done).toBe(true);
  });

  it('finish ends the run at once, even before its last steps', async () => {
    const engine = new ScriptedEngine();
    const stepper = new ScenarioStepper(engine, scenario([sock('a'), sock('b')]));
    await stepper.step();
    await stepper.finish();
    expect([stepper.done, stepper.next]).toEqual([true, 2]);
    await stepper.step();
    expect(sentSteps(engine)).toHaveLength(1);
  });

  it('sends a group\'s steps in one request, in order, refusing those it cannot prepare in place', async () => {
    const engine = new ScriptedEngine();
    const write = (group: string, addr?: string) => (addr ? { call: 'BIO_connect', sock: 'c', addr, group } : { call: 'BIO_write', sock: 'c', data: 'x', group });
    const stepper = new ScenarioStepper(engine, scenario([sock('l'), listen('l'), sock('c'), write('g', '127.0.0.1:{l.port}'), write('g', '127.0.0.1:{x.port}'), write('g'), write('h', '127.0.0.1:{y.port}'), write('h', '[::1]:{z.port}'), sock('d')]), { callIdPrefix: 'g' });
    await stepper.step();
    await stepper.step();
    await stepper.step();
    await stepper.step();
    expect(stepper.next).toBe(6);
    const group = engine.requests.at(-1)!;
    expect(group.method).toBe('callGroup');
    expect(group.input).toEqual({
      calls: [
        { step: { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:40123' }, callId: 'g-3' },
        { step: { call: 'BIO_write', sock: 'c', data: 'x' }, callId: 'g-5' },
      ],
    });
    expect(stepper.records.slice(3, 6).map((r) => [r.index, r.call, r.refused])).toEqual([
      [3, 'BIO_connect', null],
      [4, 'BIO_connect', 'addr: {x.port}: socket "x" has no bound port yet'],
      [5, 'BIO_write', null],
    ]);
    expect(stepper.records[3].args).toMatchObject({ addr: '127.0.0.1:{l.port}', addrResolved: '127.0.0.1:40123' });
    expect(stepper.records[3].args).not.toHaveProperty('group');
    // A group whose every step is refused makes no request at all.
    await stepper.step();
    expect(engine.requests).toHaveLength(4);
    expect(stepper.records.slice(6, 8).map((r) => r.index)).toEqual([6, 7]);
    await stepper.step();
    expect(stepper.records[8]).toMatchObject({ index: 8, ret: 5 });
  });

  it('in a namespace, sends the session\'s names and refuses a socket the lesson did not open', async () => {
    const engine = new ScriptedEngine();
    const stepper = new ScenarioStepper(engine, scenario([sock('l'), listen('l'), sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' }, { call: 'BIO_closesocket', sock: 'other' }]), { namespace: 'lesson-t-', callIdPrefix: 'n' });
    await runAll(stepper);
    expect(sentSteps(engine).map((s) => [s.sock ?? s.as, s.addr])).toEqual([
      ['lesson-t-l', undefined],
      ['lesson-t-l', '127.0.0.1:0'],
      ['lesson-t-c', undefined],
      ['lesson-t-c', '127.0.0.1:40123'],
    ]);
    expect(stepper.records[4].refused).toMatch(/^socket "other" is not a socket this lesson opened/);
    expect(stepper.own?.opened.map((o) => [o.name, o.sessionName])).toEqual([
      ['l', 'lesson-t-l'],
      ['c', 'lesson-t-c'],
    ]);
  });

  it('is ok while every expectation holds (steps with none count as holding), not once one fails', async () => {
    const stepper = new ScenarioStepper(new ScriptedEngine(), scenario([sock('a'), { ...sock('b'), expect: { ret: 5 } }, { ...sock('c'), expect: { ret: -1 } }]));
    expect(stepper.ok).toBe(true);
    await stepper.step();
    await stepper.step();
    expect(stepper.ok).toBe(true);
    await stepper.step();
    expect(stepper.ok).toBe(false);
  });
});

describe('runScenario', () => {
  it('reports the engine\'s libcrypto, the title, every record and each failure', async () => {
    const result = await runScenario(new ScriptedEngine(), scenario([sock('a'), { ...sock('b'), expect: { ret: -1, errno: 'EBADF' } }], 'two sockets'));
    expect(result).toMatchObject({ ok: false, title: 'two sockets', libcrypto });
    expect(result.steps.map((r) => r.index)).toEqual([0, 1]);
    expect(result.failures).toEqual([
      { step: 1, field: 'ret', message: 'expected -1, got 5' },
      { step: 1, field: 'errno', message: 'expected "EBADF", got null' },
    ]);
    const untitled = await runScenario(new ScriptedEngine(), scenario([sock('a')]));
    expect(untitled).toMatchObject({ ok: true, title: null, failures: [] });
  });
});

describe('runFailures', () => {
  const rec = (index: number, mismatches: { field: string; expected: unknown; actual: unknown }[]): CallRecord => ({
    ...blankRecord({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as Step, index),
    expect: { ok: mismatches.length === 0, mismatches },
  });

  it('says how to expect a refusal nobody expected, and quotes expected and actual values otherwise', () => {
    expect(
      runFailures([
        undefined,
        { ...rec(1, []), expect: null },
        rec(2, []),
        rec(3, [{ field: 'refused', expected: false, actual: 'no open socket is named "x"' }]),
        rec(4, [
          { field: 'refused', expected: true, actual: null },
          { field: 'state', expected: 'LISTEN', actual: null },
          { field: 'errorQueueEmpty', expected: false, actual: [] },
        ]),
      ]),
    ).toEqual([
      { step: 3, field: 'refused', message: 'refused before the call: no open socket is named "x" (a refused step fails the run unless the step says "expect": {"refused": true})' },
      { step: 4, field: 'refused', message: 'expected true, got null' },
      { step: 4, field: 'state', message: 'expected "LISTEN", got null' },
      { step: 4, field: 'errorQueueEmpty', message: 'expected false, got []' },
    ]);
  });
});
