// An engine made in the test's own process (no engine process between), started before a file's
// tests and stopped after, with the callStarted events it emits and a bounded wait on them.
import { afterAll, beforeAll } from 'vitest';
import { loadBindings } from '../engine/bindings';
import { Engine } from '../engine/engine';
import type { CallStarted } from '../../shared/contract';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';

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
    await engine.init();
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
