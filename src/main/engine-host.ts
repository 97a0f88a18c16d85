// The host side of the engine: starts the engine process and speaks the contract to it. Node
// hosts (CLI, web host) fork a child process; the Electron host passes its own `spawn`.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EventEmitter } from 'node:events';
import type { ContractClient, ContractError, EventMap, EventName, InputOf, Method, OutputOf } from '../shared/contract';
import type { EngineToHost, HostToEngine } from '../shared/engine-protocol';
import type { EngineInfo } from '../shared/record';

export interface EngineStartOptions {
  /** libcrypto to load (default: the system's libcrypto.so.3). */
  libcrypto?: string;
  /** The node binary that runs the engine (e.g. NODE35 for OpenSSL 3.5's newer glibc). */
  engineNode?: string;
  maxSockets?: number;
  env?: NodeJS.ProcessEnv;
}

/** A started engine process, however it was started. */
export interface EngineChannel {
  send(message: HostToEngine): void;
  onMessage(listener: (m: EngineToHost) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  pid: number | undefined;
}

export class EngineError extends Error {
  constructor(readonly error: ContractError) {
    super(error.message);
  }
}

/** Where the engine's entry is: beside this file once built, in src when run from source. */
export function engineEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return { file: fileURLToPath(new URL('./engine/engine-process.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  }
  const file = fileURLToPath(new URL('./engine.js', import.meta.url));
  if (!existsSync(file)) throw new Error(`the engine is not built (${file} is missing): run npm run build`);
  return { file, execArgv: [] };
}

export function forkEngine(opts: EngineStartOptions): EngineChannel {
  const { file, execArgv } = engineEntry();
  const args: string[] = [];
  if (opts.libcrypto) args.push('--libcrypto', opts.libcrypto);
  if (opts.maxSockets !== undefined) args.push('--max-sockets', String(opts.maxSockets));
  const child: ChildProcess = fork(file, args, {
    execPath: opts.engineNode ?? process.env.BIO_WORKBENCH_NODE ?? process.execPath,
    execArgv,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => child.on('message', (m) => l(m as EngineToHost)),
    onExit: (l) => child.on('exit', (code, signal) => l(code, signal)),
    kill: () => child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
}

/** A ContractClient over an engine channel: requests by id, events re-emitted. */
export class EngineClient implements ContractClient {
  private nextId = 1;
  private readonly inflight = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly events = new EventEmitter();
  private exited = false;
  info: EngineInfo | null = null;
  readonly ready: Promise<EngineInfo>;
  readonly exit: Promise<{ code: number | null; signal: string | null }>;

  constructor(private readonly channel: EngineChannel) {
    this.events.setMaxListeners(0);
    let readyResolve!: (i: EngineInfo) => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => ((readyResolve = res), (readyReject = rej)));
    this.ready.catch(() => undefined);
    let exitResolve!: (v: { code: number | null; signal: string | null }) => void;
    this.exit = new Promise((r) => (exitResolve = r));
    channel.onMessage((m) => {
      if (m.type === 'ready') {
        this.info = m.info;
        readyResolve(m.info);
      } else if (m.type === 'fatal') {
        readyReject(new EngineError({ code: 'engine-unavailable', field: null, message: m.message }));
      } else if (m.type === 'response') {
        const p = this.inflight.get(m.id);
        this.inflight.delete(m.id);
        if (!p) return;
        if (m.ok) p.resolve(m.result);
        else p.reject(new EngineError(m.error));
      } else if (m.type === 'event') {
        this.events.emit(m.event, m.payload);
      }
    });
    channel.onExit((code, signal) => {
      this.exited = true;
      const message = signal ? `the engine process died (signal ${signal})` : `the engine process exited (code ${code})`;
      readyReject(new EngineError({ code: 'engine-unavailable', field: null, message }));
      for (const p of this.inflight.values()) p.reject(new EngineError({ code: 'engine-unavailable', field: null, message }));
      this.inflight.clear();
      exitResolve({ code, signal });
    });
  }

  get pid(): number | undefined {
    return this.channel.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  request<M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    if (this.exited) return Promise.reject(new EngineError({ code: 'engine-unavailable', field: null, message: 'the engine process is not running' }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.inflight.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.channel.send({ type: 'request', id, method, input });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /** Asks the engine to close its sockets and exit; kills it if it does not within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exited) return;
    this.channel.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.channel.kill(), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

export async function startEngine(opts: EngineStartOptions = {}): Promise<EngineClient> {
  const client = new EngineClient(forkEngine(opts));
  await client.ready;
  return client;
}
