// The host side of the engine: starts the engine process and speaks the engine's contract to it
// over the message layer. Node hosts (CLI, web host) fork a child process; the Electron host
// passes a utilityProcess.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineContract, EngineEventMap } from '../shared/contract';
import { BatchedPort, type ProcessLink } from '../shared/rpc/batch';
import { RpcClient } from '../shared/rpc/client';
import { RpcError } from '../shared/rpc/error';
import { BasePort, Listeners } from '../shared/rpc/port';
import type { Client, InputOf, MethodOf, OutputOf, RequestOptions } from '../shared/rpc/types';
import type { CallRecord, EngineInfo, SocketSnapshot } from '../shared/record';

export interface EngineStartOptions {
  /** libcrypto to load (default: the system's libcrypto.so.3). */
  libcrypto?: string;
  /** The node binary that runs the engine (e.g. one linked against a newer glibc). */
  engineNode?: string;
  maxSockets?: number;
  /** false: the engine sends no socket events between calls (a scenario run, which listens to none). */
  liveView?: boolean;
  env?: NodeJS.ProcessEnv;
}

export type ExitStatus = { code: number | null; signal: string | null };

/** A started engine process, however it was started: its link, and how to end it. */
export interface EngineProcess {
  port: BasePort;
  pid: number | undefined;
  exit: Promise<ExitStatus>;
  kill(): void;
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

export function engineArgs(opts: EngineStartOptions): string[] {
  const args: string[] = [];
  if (opts.libcrypto) args.push('--libcrypto', opts.libcrypto);
  if (opts.maxSockets !== undefined) args.push('--max-sockets', String(opts.maxSockets));
  if (opts.liveView === false) args.push('--no-live-view');
  return args;
}

export function exitReason({ code, signal }: ExitStatus): string {
  return signal ? `the engine process died (signal ${signal})` : `the engine process exited (code ${code})`;
}

/** The host's end of a forked child's channel; the child's exit says why it closed. */
function childProcessLink(child: ChildProcess): ProcessLink {
  return {
    connected: () => child.connected,
    post: (m) => void child.send(m),
    listen: (hear, ended) => {
      child.on('message', hear);
      child.on('exit', (code, signal) => ended(exitReason({ code, signal })));
      // A send racing the child's death reports here; the exit above tells the client.
      child.on('error', () => undefined);
    },
    end: () => {
      if (child.connected) child.disconnect();
      return undefined;
    },
  };
}

function forkEngine(opts: EngineStartOptions): EngineProcess {
  const { file, execArgv } = engineEntry();
  const child = fork(file, engineArgs(opts), {
    execPath: opts.engineNode ?? process.env.BIO_WORKBENCH_NODE ?? process.execPath,
    execArgv,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exit = new Promise<ExitStatus>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { port: new BatchedPort(childProcessLink(child), setImmediate), pid: child.pid, exit, kill: () => void child.kill('SIGKILL') };
}

/** The engine's contract over its process link, with the process's life around it. */
export class EngineClient implements Client<EngineContract, EngineEventMap> {
  private readonly client: RpcClient<EngineContract, EngineEventMap>;
  private exited = false;
  /** Listeners of each call's socket, told from its record. */
  private readonly recordSockets = new Listeners<[SocketSnapshot]>();
  info: EngineInfo | null = null;
  /** Resolves once the engine has loaded libcrypto; rejects with why it could not. */
  readonly ready: Promise<EngineInfo>;
  readonly exit: Promise<ExitStatus>;

  constructor(private readonly proc: EngineProcess) {
    this.client = new RpcClient(proc.port, { lostMessage: (reason) => reason || 'the engine process is not running' });
    this.exit = proc.exit.then((status) => ((this.exited = true), status));
    this.ready = new Promise<EngineInfo>((resolve, reject) => {
      this.client.on('ready', (info) => resolve((this.info = info)));
      this.client.on('fatal', ({ message }) => reject(new RpcError('engine-unavailable', null, message)));
      void this.exit.then((status) => reject(new RpcError('engine-unavailable', null, exitReason(status))));
    });
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  request<M extends MethodOf<EngineContract>>(method: M, input: InputOf<EngineContract, M>, options?: RequestOptions): Promise<OutputOf<EngineContract, M>> {
    const answer = this.client.request(method, input, options);
    if (method !== 'call' && method !== 'callGroup') return answer;
    // The engine sends no socket event for a call's own socket: it is announced from the record, before the answer.
    return answer.then((out) => {
      for (const record of (method === 'call' ? [out] : out) as CallRecord[]) if (record.socket) this.recordSockets.emit(record.socket);
      return out;
    });
  }

  /** `socket` here is what changed between calls (the kernel alone, a peer); a call's own socket comes by `onCallSocket`. */
  on<K extends keyof EngineEventMap & string>(event: K, listener: (payload: EngineEventMap[K]) => void): () => void {
    return this.client.on(event, listener);
  }

  /** Told of each call's socket, from its record, before the call's answer resolves. */
  onCallSocket(listener: (socket: SocketSnapshot) => void): () => void {
    return this.recordSockets.add(listener);
  }

  /** Ends an engine that was never used (started early for a command that did not need it). */
  async kill(): Promise<void> {
    if (this.exited) return;
    this.proc.kill();
    await this.exit;
  }

  /** Asks the engine to close its sockets and exit; kills it if it does not within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exited) return;
    const timer = setTimeout(() => this.proc.kill(), graceMs);
    await this.client.request('shutdown', {}).catch(() => undefined);
    await this.exit;
    clearTimeout(timer);
  }
}

/** Starts an engine process without waiting for it: `ready` says when it is. */
export function launchEngine(opts: EngineStartOptions = {}): EngineClient {
  return new EngineClient(forkEngine(opts));
}

export async function startEngine(opts: EngineStartOptions = {}): Promise<EngineClient> {
  const client = launchEngine(opts);
  await client.ready;
  return client;
}
