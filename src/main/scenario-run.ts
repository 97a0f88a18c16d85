// A scenario run on an engine of its own: what `bio-workbench run --json` prints and what the
// package's node API returns. A failure says whether the file or the engine failed, and where.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type EngineClient, type EngineStartOptions } from './engine-host';
import { RpcError } from '../shared/rpc/error';
import { checkScenario, checkScenarioText, scenarioErrorText, type CheckResult, type ScenarioError } from '../shared/scenario-check';
import { runScenario, type RunFailure } from '../shared/scenario-runner';
import type { CallRecord, LibcryptoInfo, ScenarioResult } from '../shared/record';
import type { Scenario } from '../shared/steps';
import type { CaptureSummary } from './capture/session-capture';
import type { CaptureOptions } from './capture/capture';

/** One run, as `bio-workbench run --json` prints it. */
export interface ScenarioReport {
  /** Every expectation held and no step was refused unexpectedly. */
  ok: boolean;
  title: string | null;
  libcrypto: LibcryptoInfo | null;
  /** Why the run failed, one entry per mismatch; empty when it passed. */
  failures: RunFailure[];
  /** One record per step, in the scenario's order. */
  steps: CallRecord[];
  /** With capture on: how many packets were kept, or the one line saying why there are none. */
  capture?: CaptureSummary;
}

export interface ScenarioEngineOptions {
  /** libcrypto for the engine (default: the system's libcrypto.so.3, or $BIO_WORKBENCH_LIBCRYPTO). */
  libcrypto?: string;
  /** The node binary that runs the engine (default: this node, or $BIO_WORKBENCH_NODE). */
  engineNode?: string;
  /** Capture the session's packets: each record gains `packets`; `pcap` receives them as a pcap file. */
  capture?: CaptureOptions & { pcap?: (file: Buffer) => void };
}

/** `invalid`: the scenario is wrong and nothing ran (the CLI's exit 2); `engine`: the engine could not start or died (exit 3). */
export type ScenarioFailureKind = 'invalid' | 'engine';

/**
 * A run that could not happen: `step` and `field` say where (null when the whole file or the
 * engine is meant); the message reads as a person's line ("step 1, addr: missing; ...").
 */
export class ScenarioRunError extends Error {
  readonly step: number | null;
  readonly field: string | null;
  /** What is wrong, without the step and field. */
  readonly detail: string;

  constructor(
    readonly kind: ScenarioFailureKind,
    error: ScenarioError,
    text = scenarioErrorText(error),
    /** Every error found (an invalid file's, in step order); the first is `error`. */
    readonly errors: readonly ScenarioError[] = [error],
  ) {
    super(text);
    this.name = 'ScenarioRunError';
    this.step = error.step;
    this.field = error.field;
    this.detail = error.message;
  }

  /** The error as `--json` prints it: {step, field, message}. */
  get error(): ScenarioError {
    return { step: this.step, field: this.field, message: this.detail };
  }
}

function checked(result: CheckResult): Scenario {
  if (!result.ok) throw new ScenarioRunError('invalid', result.error, result.errors.map(scenarioErrorText).join('\n'), result.errors);
  return result.scenario;
}

/** A scenario from JSON text; throws ScenarioRunError('invalid') naming the step and field. */
export function scenarioFromText(text: string): Scenario {
  return checked(checkScenarioText(text));
}

/** A scenario from parsed JSON (an object written in a test); throws like scenarioFromText. */
export function scenarioFromValue(value: unknown): Scenario {
  return checked(checkScenario(value));
}

/** A scenario file; one that cannot be read is an error in `field` (the argument that named it). */
export function scenarioFromFile(file: string, field = 'file', read: (file: string) => string = (f) => readFileSync(f, 'utf8')): Scenario {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    const message = `cannot read ${file}: ${(e as Error).message}`;
    throw new ScenarioRunError('invalid', { step: null, field, message }, message);
  }
  return scenarioFromText(text);
}

/** Starts one engine and resolves once it is ready. */
export type EngineStarter = (opts: EngineStartOptions) => Promise<EngineClient>;

/** Runs `fn` on a fresh engine and stops it after; an engine that cannot start or dies is ScenarioRunError('engine'). */
export async function withEngine<T>(opts: ScenarioEngineOptions, fn: (engine: EngineClient) => Promise<T>, starter: EngineStarter = startEngine): Promise<T> {
  // A run reads records, not the live view between calls: no poller thread watches its sockets.
  const start: EngineStartOptions = { libcrypto: opts.libcrypto, engineNode: opts.engineNode, liveView: false };
  let engine: EngineClient;
  try {
    engine = await starter(start);
  } catch (e) {
    const message = `the engine could not start: ${(e as Error).message}`;
    throw new ScenarioRunError('engine', { step: null, field: opts.libcrypto ? 'libcrypto' : null, message }, message);
  }
  try {
    return await fn(engine);
  } catch (e) {
    if (e instanceof RpcError && e.code === 'engine-unavailable') {
      const message = `the engine failed: ${e.message}`;
      throw new ScenarioRunError('engine', { step: null, field: null, message }, message);
    }
    throw e;
  } finally {
    await engine.stop();
  }
}

/** Runs every step on an engine of its own; `{tmp}` in an addr is a directory made for this run and removed after it. */
export async function runScenarioOnEngine(scenario: Scenario, opts: ScenarioEngineOptions = {}, starter: EngineStarter = startEngine): Promise<ScenarioReport> {
  const tmpDir = mkdtempSync(join(tmpdir(), 'bio-workbench-'));
  try {
    // The capture starts before the engine, so the engine's first packets are in it.
    const run = () => withEngine(opts, (engine) => runScenario(engine, scenario, { tmpDir }), starter);
    // The capture's code (a packet decoder, a capture process) is loaded only by a run that asks for it.
    const capture = opts.capture ? await import('./capture/session-capture') : null;
    const result: ScenarioResult & { capture?: CaptureSummary } = capture && opts.capture ? await capture.withCapture(opts.capture, run, opts.capture.pcap) : await run();
    const report: ScenarioReport = { ok: result.ok, title: result.title, libcrypto: result.libcrypto, failures: result.failures, steps: result.steps };
    if (result.capture) report.capture = result.capture;
    return report;
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}
