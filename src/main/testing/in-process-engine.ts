// An engine served in the test's own process: the real libcrypto through koffi, its worker
// threads and the same handler table, over an in-memory link instead of a child process. A host
// test that starts one per run costs milliseconds, not a process start (a mutation run reruns it
// for every mutant).
import { EngineClient, type ExitStatus } from '../engine-host';
import { loadBindings } from '../engine/bindings';
import { Engine } from '../engine/engine';
import { engineHandlers } from '../engine/engine-handlers';
import { DEFAULT_LIBCRYPTO } from '../engine/platform/linux';
import type { EngineContract, EngineEventMap } from '../../shared/contract';
import { memoryLink } from '../../shared/rpc/memory-port';
import { TrustedRpcServer } from '../../shared/rpc/trusted-server';

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
  await engine.init();
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
