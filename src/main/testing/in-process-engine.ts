// An engine in the test's own process: the real libcrypto through koffi and its worker threads,
// no child process. `startInProcessEngine` serves the engine's handler table over an in-memory
// link (a host test that starts one per run costs milliseconds, and a mutation run reruns it for
// every mutant); `inProcessEngineForFile` gives a file the Engine itself, with its callStarted events.
import { afterAll, beforeAll } from 'vitest';
import { EngineClient, type ExitStatus } from '../engine-host';
import { loadBindings } from '../engine/bindings';
import { Engine } from '../engine/engine';
import { engineHandlers } from '../engine/engine-handlers';
import { DEFAULT_LIBCRYPTO } from '../engine/platform/linux';
import type { EngineContract, EngineEventMap } from '../../shared/contract';
import { memoryLink } from '../../shared/rpc/memory-port';
import { TrustedRpcServer } from '../../shared/rpc/trusted-server';
import type { CallStarted } from '../../shared/contract';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';

/** Starts an engine in this process and resolves once it is ready, as `startEngine` does for a child. */
export async function startInProcessEngine(libcryptoPath = DEFAULT_LIBCRYPTO): Promise<EngineClient> {
  const [hostEnd, engineEnd] = memoryLink();
  let server: TrustedRpcServer<EngineContract, EngineEventMap> | null = null;
  const engine = new Engine({
    bindings: loadBindings(libcryptoPath),
    libcryptoPath,
    workerUrl: new URL('../engine/engine-worker.ts', import.meta.url),
    emit: (event, payload) => server?.emit(event, payload),
  });
  engine.init();
  let exited: (status: ExitStatus) => void = () => undefined;
  const exit = new Promise<ExitStatus>((resolve) => (exited = resolve));
  let stopping: Promise<void> | null = null;
  // As the engine process does: close the sockets, stop the threads, then the link ends ("exits").
  const stop = () =>
    (stopping ??= (async () => {
      await engine.stop().catch(() => undefined);
      await new Promise((r) => setImmediate(r));
      engineEnd.close();
      exited({ code: 0, signal: null });
    })());
  server = new TrustedRpcServer(engineHandlers(engine, () => void stop()), {
    onInternalError: (e, method) => process.stderr.write(`engine: ${method} failed: ${(e as Error).stack ?? e}\n`),
  });
  server.serve(engineEnd);
  const client = new EngineClient({ port: hostEnd, pid: process.pid, exit, kill: () => void stop() });
  server.emit('ready', engine.info());
  await client.ready;
  return client;
}

export interface InProcessEngine {
  call(step: Step, callId?: string): Promise<CallRecord>;
  cancel(callId: string): ReturnType<Engine['cancel']>;
  /** Every callStarted event so far, in order. */
  readonly started: readonly CallStarted[];
  /** Resolves once callStarted has said `waiting` for `callId` (bounded, so a missing event fails the test). */
  startedAs(callId: string, waiting: CallStarted['waiting']): Promise<void>;
}

export function inProcessEngineForFile(options: { maxPoolThreads?: number } = {}): InProcessEngine {
  let engine: Engine | undefined;
  const started: CallStarted[] = [];
  let onStarted = () => {};
  beforeAll(async () => {
    engine = new Engine({
      bindings: loadBindings(),
      libcryptoPath: 'libcrypto.so.3',
      workerUrl: new URL('../engine/engine-worker.ts', import.meta.url),
      ...options,
      emit: (event, payload) => {
        if (event !== 'callStarted') return;
        started.push(payload as CallStarted);
        onStarted();
      },
    });
    engine.init();
  });
  afterAll(async () => {
    await engine?.stop();
  });
  return {
    call: (step, callId) => engine!.call(step, callId),
    cancel: (callId) => engine!.cancel(callId),
    started,
    startedAs: (callId, waiting) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no callStarted with waiting ${waiting} for ${callId} within 20 s`)), 20_000);
        onStarted = () => {
          if (!started.some((s) => s.callId === callId && s.waiting === waiting)) return;
          clearTimeout(timer);
          resolve();
        };
        onStarted();
      }),
  };
}
