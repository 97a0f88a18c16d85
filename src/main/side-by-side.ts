// One scenario on two libcrypto builds: a fresh engine for each, the same runner on both, and
// the comparison. The CLI's `compare` and the window's Compare both run it; neither touches a
// session's own engine or sockets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuns, type SideBySide } from '../shared/compare';
import { RpcError } from '../shared/rpc/error';
import { runScenario, type ScenarioResult } from '../shared/scenario-runner';
import type { Scenario } from '../shared/steps';
import type { EngineClient } from './engine-host';

export type { SideBySide } from '../shared/compare';

/** Which of the two engines failed (0 or 1), and why: at its start, or while the scenario ran. */
export class SideEngineError extends Error {
  constructor(
    readonly side: 0 | 1,
    readonly phase: 'start' | 'run',
    message: string,
  ) {
    super(message);
    this.name = 'SideEngineError';
  }
}

export interface SideBySideOptions {
  /** Stops both engines (and the comparison) when it aborts: a page went away, a deadline passed. */
  signal?: AbortSignal;
}

type Starter = () => Promise<EngineClient>;

function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : r === undefined ? 'cancelled' : String(r);
}

async function startBoth(starters: readonly [Starter, Starter]): Promise<[EngineClient, EngineClient]> {
  const started = await Promise.allSettled(starters.map((start) => start()));
  const engines = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.findIndex((s) => s.status === 'rejected');
  if (failed >= 0) {
    await Promise.all(engines.map((e) => e.stop()));
    throw new SideEngineError(failed as 0 | 1, 'start', RpcError.from((started[failed] as PromiseRejectedResult).reason).message);
  }
  return engines as [EngineClient, EngineClient];
}

async function runOn(engine: EngineClient, side: 0 | 1, scenario: Scenario): Promise<ScenarioResult> {
  // {tmp} in an addr: a directory of this run's own, so the two runs never share a socket file.
  const tmpDir = mkdtempSync(join(tmpdir(), 'bio-workbench-compare-'));
  try {
    return await runScenario(engine, scenario, { tmpDir, callIdPrefix: `cmp${side}` });
  } catch (e) {
    if (e instanceof RpcError && e.code === 'engine-unavailable') throw new SideEngineError(side, 'run', e.message);
    throw e;
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** Runs the scenario on each engine in turn (never both at once: the machine's cores are shared) and compares. */
export async function runSideBySide(scenario: Scenario, starters: readonly [Starter, Starter], opts: SideBySideOptions = {}): Promise<SideBySide> {
  if (opts.signal?.aborted) throw new RpcError('cancelled', null, 'the comparison was cancelled before it started');
  const engines = await startBoth(starters);
  const stopAll = () => void Promise.all(engines.map((e) => e.stop(500)));
  opts.signal?.addEventListener('abort', stopAll, { once: true });
  // Aborted while the engines started: the listener above came too late to hear it.
  if (opts.signal?.aborted) stopAll();
  try {
    const a = await runOn(engines[0], 0, scenario);
    const b = await runOn(engines[1], 1, scenario);
    return { title: scenario.title ?? null, runs: [a, b], comparison: compareRuns(a.steps, b.steps) };
  } catch (e) {
    if (opts.signal?.aborted) throw new RpcError('cancelled', null, `the comparison was stopped: ${abortReason(opts.signal)}`);
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', stopAll);
    await Promise.all(engines.map((e) => e.stop()));
  }
}
