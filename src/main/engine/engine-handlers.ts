// The engine's side of its contract: each method, one line, over an Engine. The engine process
// serves it to its host; a test may serve it in process (same libcrypto, no child process).
import type { Engine } from './engine';
import type { EngineContract } from '../../shared/contract';
import type { Handlers } from '../../shared/rpc/types';

/** The engine's handler table: each contract method, one line. */
export function engineHandlers(engine: Engine, stop: () => void): Handlers<EngineContract> {
  let unnamed = 0;
  return {
    info: () => engine.info(),
    call: ({ step, callId }, { signal }) => {
      const id = callId ?? `e${++unnamed}`;
      // A client that cancels its request cancels the call, as the contract's cancel would.
      signal.addEventListener('abort', () => void engine.cancel(id, 'the request was cancelled'), { once: true });
      return engine.call(step, id);
    },
    callGroup: ({ calls }, { signal }) => {
      const named = calls.map((c) => ({ step: c.step, callId: c.callId ?? `e${++unnamed}` }));
      // Cancelling the request cancels the call under way; the group's later calls are then not made.
      signal.addEventListener('abort', () => void Promise.all(named.map((c) => engine.cancel(c.callId, 'the request was cancelled'))), { once: true });
      return engine.callGroup(named, signal);
    },
    cancel: ({ callId }) => engine.cancel(callId),
    sockets: () => engine.snapshots(),
    objects: () => engine.objectsView(),
    closeAll: async () => ({ closed: await engine.closeAll() }),
    shutdown: async () => {
      const closed = await engine.closeAll();
      setImmediate(stop);
      return { closed };
    },
  };
}
