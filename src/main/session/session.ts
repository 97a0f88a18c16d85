// One session per host, shared by every page: its engine (kept running by the supervisor), its
// log, and the contract served on every link a host hands it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, type Contract, type EngineStatus, type EventMap } from '../../shared/contract';
import { RpcClient } from '../../shared/rpc/client';
import { memoryLink } from '../../shared/rpc/memory-port';
import type { Port } from '../../shared/rpc/port';
import { RpcServer } from '../../shared/rpc/server';
import type { EngineInfo } from '../../shared/record';
import type { EngineClient } from '../engine-host';
import type { SessionHost, SessionLog } from '../session-log';
import { defaultScenarioDir } from '../shipped-scenarios';
import { CaptureFeed } from '../capture/capture-feed';
import type { CaptureOptions } from '../capture/capture';
import { Comparisons, type CompareHost } from './comparisons';
import { EngineSupervisor } from './engine-supervisor';
import { sessionHandlers } from './handlers';
import { SessionLogs } from './session-logs';

export interface SessionOptions {
  /** Starts one engine and resolves once it is ready (node hosts fork, Electron uses utilityProcess). */
  startEngine: () => Promise<EngineClient>;
  /** The host's own data directory (Electron's userData); $BIO_WORKBENCH_DATA_DIR wins over it. */
  hostDataDir?: string;
  /** Keep the log in memory only (tests that must not write). */
  inMemoryLog?: boolean;
  /** Which host runs the session: its log's file name says so, and Earlier sessions shows it. */
  host?: SessionHost;
  memoryEntries?: number;
  warn?: (message: string) => void;
  /** Where the host's shipped scenarios are (default: resources/scenarios of the checkout). */
  scenarioDir?: string;
  /** Where the host's lessons are (default: resources/lessons of the checkout). */
  lessonDir?: string;
  /** Told to every page with the session's state (e.g. running as root, sandbox off). */
  notices?: string[];
  /** How pages may compare libcrypto builds (Compare); without it the session offers none. */
  compare?: CompareHost;
  /** How the window's packet capture runs (default: tcpdump, else dumpcap, or $BIO_WORKBENCH_CAPTURE). */
  capture?: CaptureOptions;
}

export type SessionClient = RpcClient<Contract, EventMap>;

export class Session {
  private readonly server: RpcServer<Contract, EventMap>;
  private readonly supervisor: EngineSupervisor;
  private readonly logs: SessionLogs;
  private readonly capture: CaptureFeed;
  private local: SessionClient | null = null;
  private closed = false;
  /** `{tmp}` for scenarios run in this session: unix socket paths of its own, removed at the end. */
  readonly tmpDir = mkdtempSync(join(tmpdir(), 'bio-workbench-'));

  private constructor(opts: SessionOptions) {
    const warn = opts.warn ?? ((m: string) => process.stderr.write(m + '\n'));
    const emit = <K extends keyof EventMap>(event: K, payload: EventMap[K]) => this.server.emit(event, payload);
    try {
      this.logs = new SessionLogs({ hostDataDir: opts.hostDataDir, inMemory: opts.inMemoryLog, memoryEntries: opts.memoryEntries, host: opts.host, warn, onStopped: (reason) => emit('logStopped', { reason }) });
    } catch (e) {
      // A refused data directory stops the session before anything else started.
      rmSync(this.tmpDir, { recursive: true, force: true });
      throw e;
    }
    this.supervisor = new EngineSupervisor({ start: opts.startEngine, emit, warn });
    const scenarioDir = opts.scenarioDir ?? defaultScenarioDir();
    const comparisons = new Comparisons(opts.compare ?? null, scenarioDir);
    this.capture = new CaptureFeed(emit, opts.capture);
    const handlers = sessionHandlers({ supervisor: this.supervisor, logs: this.logs, comparisons, emit, tmpDir: this.tmpDir, scenarioDir, lessonDir: opts.lessonDir, notices: opts.notices ?? [], ended: () => this.closed, capture: this.capture });
    this.server = new RpcServer(contract, handlers, { onInternalError: (e, method) => warn(`${method} failed: ${(e as Error).stack ?? e}`) });
  }

  /** A session whose engine starts in the background: a window can open and show its status. */
  static open(opts: SessionOptions): Session {
    return new Session(opts);
  }

  /** Starts a session and waits for its first engine (a failure here is the host's to report). */
  static async start(opts: SessionOptions): Promise<Session> {
    const session = new Session(opts);
    try {
      await session.supervisor.started();
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  }

  /** Serves the contract on a page's link (a WebSocket, a window's IPC) until it closes. */
  serve(port: Port): () => void {
    return this.server.serve(port);
  }

  /** The contract in this process, through the same checks a page's requests pass. */
  get client(): SessionClient {
    if (!this.local) {
      const [mine, theirs] = memoryLink();
      this.serve(theirs);
      const local = new RpcClient<Contract, EventMap>(mine);
      // A host calling its own session often listens to nothing: its events then stay uncloned.
      mine.hears = (event) => local.listensTo(event);
      this.local = local;
    }
    return this.local;
  }

  request: SessionClient['request'] = (method, input, options) => this.client.request(method, input, options);
  on: SessionClient['on'] = (event, listener) => this.client.on(event, listener);

  get engineStatus(): EngineStatus {
    return this.supervisor.status;
  }

  get enginePid(): number | undefined {
    return this.supervisor.running?.pid;
  }

  get info(): EngineInfo | null {
    return this.supervisor.running?.info ?? null;
  }

  get log(): SessionLog {
    return this.logs.log;
  }

  get dataDir(): string | null {
    return this.logs.dataDir;
  }

  get links(): number {
    return this.server.connections;
  }

  /** Stops the engine (which closes its sockets) and the log; pages are told the session ended. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.capture.close();
    await this.supervisor.stop();
    this.logs.close();
    rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
