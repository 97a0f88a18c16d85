// Keeps one engine running for a session: starts it, restarts it after a crash (backing off),
// and keeps the ledger of what a crash takes with it: the sockets, and the calls still waiting.
import type { CallStarted, EngineStatus, EventMap } from '../../shared/contract';
import { RpcError } from '../../shared/rpc/error';
import type { SocketSnapshot } from '../../shared/record';
import type { Step } from '../../shared/steps';
import type { EngineClient } from '../engine-host';

const RESTART_DELAYS_MS = [0, 250, 1000, 3000];

type SupervisorEvent = 'callStarted' | 'callProgress' | 'socket' | 'socketClosed' | 'engine';

export interface SupervisorOptions {
  /** Starts one engine and resolves once it is ready (node hosts fork, Electron uses utilityProcess). */
  start: () => Promise<EngineClient>;
  emit: <K extends SupervisorEvent>(event: K, payload: EventMap[K]) => void;
  warn: (message: string) => void;
}

export class EngineSupervisor {
  private engine: EngineClient | null = null;
  private ready: Promise<EngineClient>;
  private current: EngineStatus = { state: 'starting', message: 'the engine is starting' };
  /** Calls waiting in the engine (for readiness, a pool thread or a blocked connect). */
  readonly waiting = new Map<string, CallStarted>();
  /** Sockets the engine holds, from its events: what a crash takes with it. */
  private readonly sockets = new Map<number, SocketSnapshot>();
  /** fd numbers of sockets a crashed engine took with it: refused until a new socket gets that number. */
  private readonly lostFds = new Set<number>();
  private stopped = false;

  constructor(private readonly opts: SupervisorOptions) {
    this.ready = this.launch().catch((e: unknown) => {
      this.setStatus({ state: 'crashed', message: `the engine could not start: ${RpcError.from(e).message}` });
      throw e;
    });
    this.ready.catch(() => undefined);
  }

  get status(): EngineStatus {
    return { ...this.current };
  }

  get running(): EngineClient | null {
    return this.engine?.alive ? this.engine : null;
  }

  /** Resolves once the first engine runs (or rejects with why it could not). */
  started(): Promise<EngineClient> {
    return this.ready;
  }

  /** The running engine, waiting for a start or restart in progress; a start that gave up is tried again. */
  async engineNow(): Promise<EngineClient> {
    if (this.stopped) throw new RpcError('engine-unavailable', null, 'the session has ended');
    const ready = this.ready;
    try {
      return await ready;
    } catch (e) {
      if (!this.stopped && ready === this.ready) {
        this.ready = this.restart();
        this.ready.catch(() => undefined);
      }
      throw new RpcError('engine-unavailable', null, `the engine is not running: ${RpcError.from(e).message}`);
    }
  }

  /** Why a step must not reach the engine: its fd belonged to an engine that crashed. */
  refusal(step: Step): string | null {
    const sock = (step as { sock?: unknown }).sock;
    if (typeof sock !== 'number' || !this.lostFds.has(sock)) return null;
    // The new engine may reuse the number for another socket: never act on it silently.
    return `fd ${sock} belonged to the engine that crashed and is gone; the new engine has no socket with that number yet`;
  }

  /** The sockets the ledger holds (what pages see when the engine cannot be asked). */
  knownSockets(): SocketSnapshot[] {
    return [...this.sockets.values()];
  }

  /** closeAll closes every socket without one event each: the pages are told here instead. */
  forgetSockets(): void {
    for (const s of [...this.sockets.values()]) this.opts.emit('socketClosed', { fd: s.fd, name: s.name });
    this.sockets.clear();
  }

  /** Stops the engine (which closes its sockets); pages are told the session ended. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const engine = this.engine ?? (await this.ready.catch(() => null));
    await engine?.stop().catch(() => undefined);
    this.setStatus({ state: 'stopped', message: 'the session ended' });
  }

  private async launch(): Promise<EngineClient> {
    const engine = await this.opts.start();
    if (this.stopped) {
      await engine.stop();
      throw new Error('the session ended while the engine started');
    }
    this.engine = engine;
    engine.on('callStarted', (p) => {
      this.waiting.set(p.callId, p);
      this.opts.emit('callStarted', p);
    });
    engine.on('callProgress', (p) => this.opts.emit('callProgress', p));
    const track = (s: SocketSnapshot) => {
      if (s.role === 'closed') this.sockets.delete(s.fd);
      else {
        this.sockets.set(s.fd, s);
        this.lostFds.delete(s.fd);
      }
    };
    // A call's socket reaches pages inside its log entry; an event would send it a second time.
    engine.onCallSocket(track);
    engine.on('socket', (s) => {
      track(s);
      this.opts.emit('socket', s);
    });
    engine.on('socketClosed', (p) => {
      this.sockets.delete(p.fd);
      this.opts.emit('socketClosed', p);
    });
    void engine.exit.then(({ code, signal }) => this.onExit(engine, code, signal));
    this.setStatus({ state: 'running', message: `the engine is running (${engine.info?.libcrypto.version ?? 'libcrypto'}, pid ${engine.pid})` });
    return engine;
  }

  private onExit(engine: EngineClient, code: number | null, signal: string | null): void {
    if (this.stopped || engine !== this.engine) return;
    const lostSockets = this.sockets.size;
    for (const fd of this.sockets.keys()) this.lostFds.add(fd);
    this.sockets.clear();
    this.waiting.clear();
    this.engine = null;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.setStatus({ state: 'crashed', message: `the engine process ${how}; its ${lostSockets} socket(s) are gone; the log is kept and a new engine is starting`, lostSockets });
    this.ready = this.restart();
    this.ready.catch(() => undefined);
  }

  /** Starts engines until one runs, backing off; a request meanwhile waits for it. */
  private async restart(): Promise<EngineClient> {
    let lastError: unknown;
    for (const delay of RESTART_DELAYS_MS) {
      if (this.stopped) break;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        return await this.launch();
      } catch (e) {
        lastError = e;
        this.opts.warn(`restarting the engine failed: ${RpcError.from(e).message}`);
      }
    }
    const message = `the engine could not be restarted: ${RpcError.from(lastError).message}`;
    this.setStatus({ state: 'crashed', message });
    throw new RpcError('engine-unavailable', null, message);
  }

  private setStatus(status: EngineStatus): void {
    this.current = status;
    this.opts.emit('engine', { ...status });
  }
}
