// One session per host, shared by every page: it validates each request, answers the
// host-level methods, forwards the rest to the engine, keeps the log and restarts a dead engine.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  ENGINE_METHODS,
  parseRequest,
  type CallStarted,
  type ContractClient,
  type ContractError,
  type EngineStatus,
  type EventMap,
  type EventName,
  type InputOf,
  type Method,
  type OutputOf,
  type SessionState,
} from '../shared/contract';
import { blankRecord } from '../shared/blank-record';
import type { CallRecord, EngineInfo, SocketSnapshot } from '../shared/record';
import type { Step } from '../shared/steps';
import type { EngineClient } from './engine-host';
import { listDemos, defaultDemoDir } from './demos';
import { PreviousSessionLog, SessionLog, dataDirectory, listSessionLogs, type SessionLogInfo } from './session-log';

/** A request the session refused or could not answer, carrying the contract's error. */
export class RequestError extends Error {
  constructor(readonly error: ContractError) {
    super(error.message);
  }
}

/** Whatever was thrown, as the contract's error a page can show. */
export function toContractError(e: unknown): ContractError {
  const err = (e as { error?: ContractError } | null)?.error;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') return err;
  return { code: 'internal', field: null, message: e instanceof Error ? e.message : String(e) };
}

export interface SessionOptions {
  /** Starts one engine and resolves once it is ready (node hosts fork, Electron uses utilityProcess). */
  startEngine: () => Promise<EngineClient>;
  /** The host's own data directory (Electron's userData); $BIO_WORKBENCH_DATA_DIR wins over it. */
  hostDataDir?: string;
  /** Keep the log in memory only (tests that must not write). */
  inMemoryLog?: boolean;
  memoryEntries?: number;
  warn?: (message: string) => void;
  /** Where the host's demo scenarios are (default: resources/scenarios of the checkout). */
  demoDir?: string;
}

/** A request that passed parseRequest. */
export type ValidRequest = Extract<ReturnType<typeof parseRequest>, { ok: true }>;

const RESTART_DELAYS_MS = [0, 250, 1000, 3000];

/** The record of a call whose engine died before answering: no return value came back (ret null). */
export function lostCallRecord(step: Step, startedAt: number, why: string): CallRecord {
  return {
    ...blankRecord(step, -1), // -1: the engine that would have numbered it is gone.
    durationUs: (Date.now() - startedAt) * 1000,
    cancelled: `the engine process died before the call returned (${why})`,
    startedAt,
  };
}

/** A refusal the session makes itself, before any engine sees the step. */
function sessionRefusal(step: Step, why: string): CallRecord {
  return { ...blankRecord(step, -1), refused: why };
}

export class Session implements ContractClient {
  readonly log: SessionLog;
  /** Where this session's log and earlier sessions' logs live; null when kept in memory only. */
  readonly dataDir: string | null;
  /** Earlier logs opened lately, so paging through one does not re-index its file each time. */
  private readonly previous = new Map<string, PreviousSessionLog>();
  private readonly events = new EventEmitter();
  private engine: EngineClient | null = null;
  private engineReady: Promise<EngineClient>;
  private status: EngineStatus = { state: 'starting', message: 'the engine is starting' };
  private readonly waiting = new Map<string, CallStarted>();
  /** Sockets the engine holds, from its events: what a crash takes with it. */
  private readonly sockets = new Map<number, SocketSnapshot>();
  /** fd numbers of sockets a crashed engine took with it: refused until a new socket gets that number. */
  private readonly lostFds = new Set<number>();
  private nextCallId = 1;
  private closed = false;
  private readonly warn: (message: string) => void;
  /** `{tmp}` for scenarios run in this session: unix socket paths of its own, removed at the end. */
  readonly tmpDir = mkdtempSync(join(tmpdir(), 'bio-workbench-'));

  private constructor(private readonly opts: SessionOptions) {
    this.events.setMaxListeners(0);
    this.warn = opts.warn ?? ((m) => process.stderr.write(m + '\n'));
    this.dataDir = opts.inMemoryLog ? null : dataDirectory(opts.hostDataDir);
    this.log = new SessionLog({ dir: this.dataDir, memoryEntries: opts.memoryEntries, warn: this.warn });
    this.engineReady = this.launch().catch((e: unknown) => {
      this.setStatus({ state: 'crashed', message: `the engine could not start: ${toContractError(e).message}` });
      throw e;
    });
    this.engineReady.catch(() => undefined);
  }

  /** A session whose engine starts in the background: a window can open and show its status. */
  static open(opts: SessionOptions): Session {
    return new Session(opts);
  }

  /** Starts a session and waits for its first engine (a failure here is the host's to report). */
  static async start(opts: SessionOptions): Promise<Session> {
    const session = new Session(opts);
    try {
      await session.engineReady;
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  }

  get engineStatus(): EngineStatus {
    return { ...this.status };
  }

  get enginePid(): number | undefined {
    return this.engine?.pid;
  }

  get info(): EngineInfo | null {
    return this.engine?.info ?? null;
  }

  /** The one entry for every host: validate first, then answer or forward. Throws RequestError. */
  async dispatch(method: string, input: unknown): Promise<unknown> {
    const parsed = parseRequest(method, input);
    if (!parsed.ok) throw new RequestError(parsed.error);
    return this.answer(parsed);
  }

  /** Answers a request a host has already validated with parseRequest. Throws RequestError. */
  async answer(parsed: ValidRequest): Promise<unknown> {
    if (this.closed) throw new RequestError({ code: 'engine-unavailable', field: null, message: 'the session has ended' });
    switch (parsed.method) {
      case 'log': {
        const { offset, limit } = parsed.input as InputOf<'log'>;
        try {
          return this.log.read(offset, limit);
        } catch (e) {
          throw new RequestError({ code: 'internal', field: 'offset', message: (e as Error).message });
        }
      }
      case 'session':
        return this.state();
      case 'call':
        return this.call(parsed.input as InputOf<'call'>);
      case 'sessions':
        return this.previousLogs();
      case 'demos':
        return listDemos(this.opts.demoDir ?? defaultDemoDir());
      case 'openLog': {
        const { id, offset, limit } = parsed.input as InputOf<'openLog'>;
        return this.readPreviousLog(id, offset, limit);
      }
    }
    if (!ENGINE_METHODS.includes(parsed.method)) throw new RequestError({ code: 'unknown-method', field: 'method', message: `no handler for ${parsed.method}` });
    const engine = await this.currentEngine();
    const result = await this.forward(engine, parsed.method as Method, parsed.input as never);
    if (parsed.method === 'closeAll') this.forgetSockets();
    return result;
  }

  request<M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    return this.dispatch(method, input) as Promise<OutputOf<M>>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /** What a page needs when it (re)connects. */
  async state(): Promise<SessionState> {
    let sockets: SocketSnapshot[] = [];
    if (this.status.state === 'running' && this.engine?.alive) {
      sockets = await this.engine.request('sockets', {}).catch(() => [...this.sockets.values()]);
    }
    return { engine: this.engineStatus, info: this.info, sockets, logTotal: this.log.total, waiting: [...this.waiting.values()], tmpDir: this.tmpDir };
  }

  /** Earlier sessions' logs under the same data directory, newest first (this session's own left out). */
  previousLogs(): SessionLogInfo[] {
    if (!this.dataDir) return [];
    const own = this.log.file ? basename(this.log.file, '.jsonl') : null;
    return listSessionLogs(this.dataDir).filter((info) => info.id !== own);
  }

  /** A window onto an earlier session's log (`openLog`). Throws RequestError naming the field. */
  readPreviousLog(id: string, offset: number, limit: number): { info: SessionLogInfo; total: number; entries: CallRecord[]; torn: boolean } {
    if (!this.dataDir) throw new RequestError({ code: 'invalid-request', field: 'id', message: 'id: this session keeps no logs on disk' });
    let log = this.previous.get(id);
    try {
      // Reindex when the file grew (a session still running in another host), else reuse.
      if (!log || statSync(log.file).size !== log.info.bytes) log = PreviousSessionLog.open(this.dataDir, id);
      const page = log.read(offset, limit);
      this.previous.delete(id);
      this.previous.set(id, log);
      while (this.previous.size > 4) this.previous.delete(this.previous.keys().next().value!);
      return { info: log.info, ...page };
    } catch (e) {
      throw new RequestError({ code: 'invalid-request', field: 'id', message: (e as Error).message });
    }
  }

  /** Stops the engine (which closes its sockets) and the log; pages are told the engine stopped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const engine = this.engine ?? (await this.engineReady.catch(() => null));
    await engine?.stop().catch(() => undefined);
    this.log.close();
    rmSync(this.tmpDir, { recursive: true, force: true });
    this.setStatus({ state: 'stopped', message: 'the session ended' });
  }

  private async call(input: InputOf<'call'>): Promise<unknown> {
    // The session names every call so its callStarted and its record can be paired.
    const callId = input.callId ?? `s${this.nextCallId++}`;
    const sock = (input.step as { sock?: unknown }).sock;
    if (typeof sock === 'number' && this.lostFds.has(sock)) {
      // The new engine may reuse the number for another socket: never act on it silently.
      const record = sessionRefusal(input.step, `fd ${sock} belonged to the engine that crashed and is gone; the new engine has no socket with that number yet`);
      this.logRecord(callId, record);
      return record;
    }
    const engine = await this.currentEngine();
    const startedAt = Date.now();
    try {
      const record = await this.forward(engine, 'call', { ...input, callId });
      this.logRecord(callId, record);
      return record;
    } catch (e) {
      // The engine died with this call in it (a crash, or the call that crashed it): the log still says so.
      if (!engine.alive && !this.closed) this.logRecord(callId, lostCallRecord(input.step, startedAt, toContractError(e).message));
      throw e;
    } finally {
      this.waiting.delete(callId);
    }
  }

  private logRecord(callId: string, record: CallRecord): void {
    const position = this.log.append(record);
    this.emit('log', { position, record });
    this.emit('callFinished', { callId, record });
  }

  private async forward<M extends Method>(engine: EngineClient, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    try {
      return await engine.request(method, input);
    } catch (e) {
      throw new RequestError(toContractError(e));
    }
  }

  private async currentEngine(): Promise<EngineClient> {
    const ready = this.engineReady;
    try {
      return await ready;
    } catch (e) {
      // Restarting gave up: the next request tries again rather than failing forever.
      if (!this.closed && ready === this.engineReady) {
        this.engineReady = this.restart();
        this.engineReady.catch(() => undefined);
      }
      throw new RequestError({ code: 'engine-unavailable', field: null, message: `the engine is not running: ${toContractError(e).message}` });
    }
  }

  private async launch(): Promise<EngineClient> {
    const engine = await this.opts.startEngine();
    if (this.closed) {
      await engine.stop();
      throw new Error('the session ended while the engine started');
    }
    this.engine = engine;
    engine.on('callStarted', (p) => {
      this.waiting.set(p.callId, p);
      this.emit('callStarted', p);
    });
    engine.on('socket', (s) => {
      if (s.role === 'closed') this.sockets.delete(s.fd);
      else {
        this.sockets.set(s.fd, s);
        this.lostFds.delete(s.fd);
      }
      this.emit('socket', s);
    });
    engine.on('socketClosed', (p) => {
      this.sockets.delete(p.fd);
      this.emit('socketClosed', p);
    });
    void engine.exit.then(({ code, signal }) => this.onEngineExit(engine, code, signal));
    this.setStatus({ state: 'running', message: `the engine is running (${engine.info?.libcrypto.version ?? 'libcrypto'}, pid ${engine.pid})` });
    return engine;
  }

  private onEngineExit(engine: EngineClient, code: number | null, signal: string | null): void {
    if (this.closed || engine !== this.engine) return;
    const lostSockets = this.sockets.size;
    for (const fd of this.sockets.keys()) this.lostFds.add(fd);
    this.sockets.clear();
    this.waiting.clear();
    this.engine = null;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.setStatus({ state: 'crashed', message: `the engine process ${how}; its ${lostSockets} socket(s) are gone; the log is kept and a new engine is starting`, lostSockets });
    this.engineReady = this.restart();
    this.engineReady.catch(() => undefined);
  }

  /** Starts engines until one runs, backing off; a request meanwhile waits for it. */
  private async restart(): Promise<EngineClient> {
    let lastError: unknown;
    for (const delay of RESTART_DELAYS_MS) {
      if (this.closed) break;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        return await this.launch();
      } catch (e) {
        lastError = e;
        this.warn(`restarting the engine failed: ${toContractError(e).message}`);
      }
    }
    const message = `the engine could not be restarted: ${toContractError(lastError).message}`;
    this.setStatus({ state: 'crashed', message });
    throw new RequestError({ code: 'engine-unavailable', field: null, message });
  }

  /** closeAll closes every socket without one event each: the session tells pages instead. */
  private forgetSockets(): void {
    for (const s of [...this.sockets.values()]) this.emit('socketClosed', { fd: s.fd, name: s.name });
    this.sockets.clear();
  }

  private setStatus(status: EngineStatus): void {
    this.status = status;
    this.emit('engine', { ...status });
  }

  private emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    this.events.emit(event, payload);
  }
}
