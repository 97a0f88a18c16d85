// Two fresh engines on the system libcrypto, one already holding sockets so its fd numbers are
// not the other's: the same scenario agrees. An engine that cannot start is named, and a
// comparison stopped midway stops both engines.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../shared/scenario-check';
import type { Scenario } from '../shared/steps';
import { startEngine, type EngineClient } from './engine-host';
import { runSideBySide, SideEngineError } from './side-by-side';

function demo(id: string): Scenario {
  const checked = checkScenarioText(readFileSync(resolve(import.meta.dirname, `../../resources/scenarios/${id}.json`), 'utf8'));
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.scenario;
}

/** An engine whose first three fds are taken, so the scenario's sockets get other numbers. */
async function busyEngine(): Promise<EngineClient> {
  const engine = await startEngine();
  for (const as of ['x1', 'x2', 'x3']) await engine.request('call', { step: { call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
  return engine;
}

describe('runSideBySide', () => {
  it('agrees on one build whatever fds and ports each engine got', async () => {
    const result = await runSideBySide(demo('tcp-exchange'), [() => startEngine(), busyEngine]);
    const [a, b] = result.runs;
    expect(a.steps[0].ret).not.toBe(b.steps[0].ret);
    expect(a.steps[1].socket?.local).not.toBe(b.steps[1].socket?.local);
    expect(a.ok && b.ok).toBe(true);
    expect(result.comparison).toMatchObject({ agree: true, differing: [] });
  });

  it('names the engine that could not start, and stops the other', async () => {
    let started: EngineClient | null = null;
    const err = await runSideBySide(demo('tfo-listen'), [
      async () => (started = await startEngine()),
      () => startEngine({ libcrypto: '/nonexistent/libcrypto.so.3' }),
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SideEngineError);
    expect(err).toMatchObject({ side: 1, phase: 'start', message: expect.stringMatching(/nonexistent/) });
    expect(started).not.toBeNull();
    await started!.exit;
    expect(started!.alive).toBe(false);
  });

  it('stops both engines when its signal aborts, and says it was stopped', async () => {
    const engines: EngineClient[] = [];
    let blocked = () => {};
    const accepting = new Promise<void>((resolveBlocked) => (blocked = resolveBlocked));
    // A's engine runs first: the run is under way once its accept waits.
    const startA = async () => {
      const e = await startEngine();
      engines.push(e);
      e.on('callStarted', (s) => s.waiting === 'readiness' && blocked());
      return e;
    };
    const startB = async () => {
      const e = await startEngine();
      engines.push(e);
      return e;
    };
    const controller = new AbortController();
    // A blocking accept nobody connects to: the run waits until the abort ends it.
    const waiting: Scenario = {
      steps: [
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
      ],
    };
    const run = runSideBySide(waiting, [startA, startB], { signal: controller.signal }).catch((e: unknown) => e);
    await accepting;
    controller.abort(new Error('the page went away'));
    expect(await run).toMatchObject({ code: 'cancelled', message: 'the comparison was stopped: the page went away' });
    await Promise.all(engines.map((e) => e.exit));
    expect(engines.every((e) => !e.alive)).toBe(true);
  });
});
