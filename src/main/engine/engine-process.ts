// The engine process: loads libcrypto, owns the sockets, answers the contract over its parent
// channel. A native crash here costs the host a restart, not its window or its log.
import { Engine } from './engine';
import { loadBindings } from './bindings';
import { DEFAULT_LIBCRYPTO } from './platform/linux';
import { parseRequest, type ContractError, type EventMap } from '../../shared/contract';
import type { EngineToHost, HostToEngine } from '../../shared/engine-protocol';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: EngineToHost): void {
  if (electronPort) electronPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (m: HostToEngine) => void): void {
  if (electronPort) electronPort.on('message', (e) => listener(e.data as HostToEngine));
  else process.on('message', (m) => listener(m as HostToEngine));
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const libcryptoPath = argValue('--libcrypto') ?? process.env.BIO_WORKBENCH_LIBCRYPTO ?? DEFAULT_LIBCRYPTO;
  const maxSocketsText = argValue('--max-sockets') ?? process.env.BIO_WORKBENCH_MAX_SOCKETS ?? '10000';
  const maxSockets = Number(maxSocketsText);
  if (!Number.isInteger(maxSockets) || maxSockets < 0) {
    send({ type: 'fatal', message: `max-sockets: expected a whole number of sockets (0 or more), got ${JSON.stringify(maxSocketsText)}` });
    setTimeout(() => process.exit(3), 50);
    return;
  }
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const workerUrl = new URL(`./engine-worker.${ext}`, import.meta.url);
  let engine: Engine;
  try {
    const bindings = loadBindings(libcryptoPath);
    engine = new Engine({
      bindings,
      libcryptoPath,
      workerUrl,
      maxSockets,
      emit: <E extends keyof EventMap>(event: E, payload: EventMap[E]) => send({ type: 'event', event, payload } as EngineToHost),
    });
    await engine.init();
  } catch (e) {
    send({ type: 'fatal', message: `cannot load libcrypto from ${libcryptoPath}: ${(e as Error).message}` });
    setTimeout(() => process.exit(3), 50);
    return;
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await engine.stop().catch(() => undefined);
    process.exit(0);
  };

  onMessage(async (m) => {
    if (m.type === 'shutdown') return void stop();
    if (m.type !== 'request') return;
    const parsed = parseRequest(m.method, m.input);
    if (!parsed.ok) return send({ type: 'response', id: m.id, ok: false, error: parsed.error });
    try {
      const result = await handle(engine, parsed.method, parsed.input as never);
      send({ type: 'response', id: m.id, ok: true, result });
    } catch (e) {
      const error: ContractError = { code: 'internal', field: null, message: (e as Error).message };
      send({ type: 'response', id: m.id, ok: false, error });
    }
  });
  // No orphan keeps ports open: the engine ends with its parent.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  send({ type: 'ready', info: engine.info() });
}

async function handle(engine: Engine, method: string, input: Record<string, unknown>): Promise<unknown> {
  switch (method) {
    case 'info':
      return engine.info();
    case 'call':
      return engine.call(input.step as never, input.callId as string | undefined);
    case 'cancel':
      return engine.cancel(input.callId as string);
    case 'sockets':
      return engine.snapshots();
    case 'closeAll':
      return { closed: await engine.closeAll() };
  }
  throw new Error(`unhandled method ${method}`);
}

void main();
