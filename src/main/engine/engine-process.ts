// The engine process: loads libcrypto, owns the sockets, serves the engine's part of the contract
// to its host. A native crash here costs the host a restart, not its window or its log.
import { Engine } from './engine';
import { loadBindings } from './bindings';
import { DEFAULT_LIBCRYPTO } from './platform/linux';
import { parentPort } from './parent-port';
import type { EngineContract, EngineEventMap } from '../../shared/contract';
import { TrustedRpcServer } from '../../shared/rpc/trusted-server';
import { engineHandlers } from './engine-handlers';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const port = parentPort();
  if (!port) {
    process.stderr.write('the engine process is started by a host (bio-workbench, npm run web or the app), not by hand\n');
    process.exit(2);
  }
  const fatal = (message: string) => {
    port.send({ type: 'event', event: 'fatal', payload: { message } satisfies EngineEventMap['fatal'] });
    // Let the message leave before the process does.
    setTimeout(() => process.exit(3), 50);
  };
  const libcryptoPath = argValue('--libcrypto') ?? process.env.BIO_WORKBENCH_LIBCRYPTO ?? DEFAULT_LIBCRYPTO;
  const maxSocketsText = argValue('--max-sockets') ?? process.env.BIO_WORKBENCH_MAX_SOCKETS ?? '10000';
  const maxSockets = Number(maxSocketsText);
  if (!Number.isInteger(maxSockets) || maxSockets < 0) return fatal(`max-sockets: expected a whole number of sockets (0 or more), got ${JSON.stringify(maxSocketsText)}`);

  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const workerUrl = new URL(`./engine-worker.${ext}`, import.meta.url);
  let server: TrustedRpcServer<EngineContract, EngineEventMap> | null = null;
  let engine: Engine;
  try {
    engine = new Engine({
      bindings: loadBindings(libcryptoPath),
      libcryptoPath,
      workerUrl,
      maxSockets,
      liveView: !process.argv.includes('--no-live-view'),
      emit: (event, payload) => server?.emit(event, payload),
    });
    engine.init();
  } catch (e) {
    return fatal(`cannot load libcrypto from ${libcryptoPath}: ${(e as Error).message}`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await engine.stop().catch(() => undefined);
    // Messages of this turn leave on the next one (the port batches them): the shutdown's answer too.
    await new Promise((r) => setImmediate(r));
    process.exit(0);
  };
  // The engine's only client is its host, which validated every request against the same contract.
  server = new TrustedRpcServer(engineHandlers(engine, () => void stop()), {
    onInternalError: (e, method) => process.stderr.write(`engine: ${method} failed: ${(e as Error).stack ?? e}\n`),
  });
  server.serve(port);
  // No orphan keeps ports open: the engine ends with its host.
  port.onState((state) => state === 'closed' && void stop());
  process.on('SIGTERM', () => void stop());
  server.emit('ready', engine.info());
}

void main();
