// The socket engine: owns the sockets it made, makes each call for real in libcrypto, and
// reports it as one CallRecord. This module coordinates: the calls themselves live in calls/,
// the socket table in socket-table.ts, everything that waits in waits.ts.
import type { Bindings } from './bindings';
import { draftRecord, refuse, type Draft } from './records';
import { CallScope, type EngineServices } from './call-scope';
import { readKernelView, recheckKernelView, snapshotOf } from './snapshot';
import { SocketTable, type SocketEntry } from './socket-table';
import { TlsObjects } from './tls-objects';
import { SocketMonitor, eventsToWatch } from './socket-monitor';
import { Poller, Pool } from './threads';
import { Waits } from './waits';
import { implementationOf } from './calls/registry';
import type { CallContext } from './calls/context';
import * as L from './platform/linux';
import { flagByName } from '../../shared/flags';
import { MAX_DATA_BYTES } from '../../shared/call-facts';
import type { Step } from '../../shared/steps';
import type { CallRecord, EngineInfo, LibcryptoInfo, SessionObjects, SocketSnapshot } from '../../shared/record';
import { readTls } from './tls-view';
import type { EngineEventMap } from '../../shared/contract';

export interface EngineOptions {
  bindings: Bindings;
  libcryptoPath: string;
  workerUrl: URL;
  maxSockets?: number;
  maxPoolThreads?: number;
  /**
   * Watch open sockets between calls and send a fresh snapshot when the kernel changes one (a
   * peer's close, a connect finishing); default true. A scenario run listens to no such event.
   */
  liveView?: boolean;
  emit?: <E extends 'callStarted' | 'callProgress' | 'socket' | 'socketClosed'>(event: E, payload: EngineEventMap[E]) => void;
}

export class Engine {
  private readonly b: Bindings;
  private readonly sockets: SocketTable;
  private readonly objects: TlsObjects;
  /** Every call not yet finished, by id. */
  private readonly running = new Map<string, Promise<CallRecord>>();
  private readonly poller: Poller;
  private readonly pool: Pool;
  private readonly monitor: SocketMonitor;
  private readonly waits: Waits;
  private readonly maxPoolThreads: number;
  private readonly liveView: boolean;
  private readonly emit: NonNullable<EngineOptions['emit']>;
  private nextIndex = 0;
  /** Calls of step groups under way, and those of them cancelled: a group stops at a cancelled call. */
  private readonly grouped = new Set<string>();
  private readonly cancelledInGroup = new Set<string>();
  private nextCallId = 1;
  readonly libcrypto: LibcryptoInfo;
  private readonly services: EngineServices;

  constructor(opts: EngineOptions) {
    this.b = opts.bindings;
    this.sockets = new SocketTable(opts.maxSockets ?? 10_000);
    this.objects = new TlsObjects(this.b);
    this.sockets.otherNames = (name) => this.objects.has(name);
    this.maxPoolThreads = opts.maxPoolThreads ?? 32;
    this.liveView = opts.liveView ?? true;
    this.emit = opts.emit ?? (() => {});
    const threadOpts = { workerUrl: opts.workerUrl, libcryptoPath: opts.libcryptoPath };
    this.poller = new Poller(this.b, threadOpts);
    this.pool = new Pool({ ...threadOpts, max: this.maxPoolThreads, idleMs: 30_000 });
    this.monitor = new SocketMonitor(this.poller, (fd) => {
      const entry = this.sockets.get(fd);
      if (entry) this.emit('socket', this.recheck(entry));
    });
    this.waits = new Waits({
      bindings: this.b,
      poller: this.poller,
      pool: this.pool,
      announce: (started) => this.emit('callStarted', started),
      snapshot: (entry) => this.recheck(entry),
    });
    const versionNumber = Number(this.b.crypto.OpenSSL_version_num());
    this.libcrypto = {
      path: opts.libcryptoPath,
      resolvedPath: null,
      version: this.b.crypto.OpenSSL_version(0) ?? '',
      versionNumber,
      supports: { TFO: versionNumber >= flagByName('BIO_SOCK_TFO')!.sinceVersion },
    };
    this.services = {
      b: this.b,
      sockets: this.sockets,
      objects: this.objects,
      waits: this.waits,
      versionNumber,
      snapshot: (entry) => this.snapshot(entry),
      recheck: (entry) => this.recheck(entry),
      cancel: (callId, why) => this.cancel(callId, why),
      unwatch: (fd) => this.monitor.drop(fd),
      progress: (p) => this.emit('callProgress', p),
      closed: (entry) => this.emit('socketClosed', { fd: entry.fd, name: entry.name }),
    };
  }

  /** Reads which file the libcrypto loaded really is (once it is loaded). */
  init(): void {
    this.libcrypto.resolvedPath = L.mappedPath(/libcrypto/);
  }

  info(): EngineInfo {
    return {
      libcrypto: this.libcrypto,
      pid: process.pid,
      node: process.version,
      limits: { maxSockets: this.sockets.maxSockets, maxDataBytes: MAX_DATA_BYTES, maxPoolThreads: this.maxPoolThreads },
    };
  }

  /** The sockets of the table, and those of the BIOs that have one (a connect or accept BIO's, a popped BIO's): each as the kernel sees it now. */
  snapshots(): SocketSnapshot[] {
    const bioSockets = this.objects.bioSockets().filter((s) => s.fd >= 0);
    return [...this.sockets.entries(), ...bioSockets].map((s) => this.recheck(s));
  }

  /** The BIOs, TLS connections and contexts this engine holds, as a page lists them. */
  objectsView(): SessionObjects {
    const view: SessionObjects = { bios: [], ssls: [], ctxs: [] };
    for (const e of this.objects.entries()) {
      if (e.kind === 'bio') view.bios.push(this.objects.bioSnapshot(e));
      else if (e.kind === 'ctx') view.ctxs.push({ name: e.name, server: e.server });
      else {
        const over = e.bio ? { kind: 'bio' as const, name: e.bio.name } : e.socket ? { kind: 'sock' as const, name: e.socket.name ?? String(e.socket.fd) } : null;
        view.ssls.push({ name: e.name, over, ctx: e.ctx, tls: readTls(this.b, e, null) });
      }
    }
    return view;
  }

  /** Makes one call. Never throws for anything a request can contain: problems become the record. */
  call(step: Step, callId?: string): Promise<CallRecord> {
    const id = callId ?? `c${this.nextCallId++}`;
    const rec = draftRecord(step, this.nextIndex++);
    if (this.running.has(id)) return Promise.resolve(this.finish(refuse(rec, `callId: ${id} is already in flight`)));
    const done = this.run(step, id, rec);
    this.running.set(id, done);
    return done;
  }

  /** The call made and finished; one promise (a chain of catch, then and finally cost a call's worth of time here). */
  private async run(step: Step, id: string, rec: Draft): Promise<CallRecord> {
    try {
      // `make` is async, so this always waits a turn: the call is in `running` before it leaves.
      return this.finish(await this.make(step, this.contextFor(id, rec)));
    } catch (e) {
      return this.finish(refuse(draftRecord(step, rec.index), `internal error: ${(e as Error).message}`));
    } finally {
      this.running.delete(id);
    }
  }

  /**
   * A step group: each call made as soon as the one before it ended, within the engine, so
   * nothing lands between them (Nagle's stall needs the second write while the first is unACKed).
   * Once `signal` aborts, or a call of the group is cancelled, the calls not yet made are refused.
   */
  async callGroup(calls: readonly { step: Step; callId?: string }[], signal?: AbortSignal): Promise<CallRecord[]> {
    const named = calls.map((c) => ({ step: c.step, callId: c.callId ?? `c${this.nextCallId++}` }));
    for (const c of named) this.grouped.add(c.callId);
    const records: CallRecord[] = [];
    let stopped: string | null = null;
    try {
      for (const { step, callId } of named) {
        stopped ??= signal?.aborted ? 'the group was cancelled' : null;
        if (stopped) records.push(this.finish(refuse(draftRecord(step, this.nextIndex++), `not made: ${stopped} before this step`)));
        else records.push(await this.call(step, callId));
        if (this.cancelledInGroup.has(callId)) stopped = `${callId}, a call before it in its group, was cancelled`;
      }
    } finally {
      for (const c of named) {
        this.grouped.delete(c.callId);
        this.cancelledInGroup.delete(c.callId);
      }
    }
    return records;
  }

  /** Cancels a waiting call. Returns how, or null when nothing was waiting under that id. */
  async cancel(callId: string, why = 'cancelled by request'): Promise<{ cancelled: boolean; how: string | null }> {
    if (!this.waits.cancel(callId, why)) return { cancelled: false, how: null };
    if (this.grouped.has(callId)) this.cancelledInGroup.add(callId);
    await this.running.get(callId)?.catch(() => undefined);
    return { cancelled: true, how: why };
  }

  async closeAll(): Promise<number> {
    for (const id of this.waits.waitingIds) await this.cancel(id, 'the session ended');
    await Promise.allSettled([...this.running.values()]);
    this.monitor.dropAll();
    // SSL objects and BIOs first: they may hold sockets of the table's (SSL_set_fd) or their own.
    this.objects.freeAll();
    let closed = 0;
    for (const s of this.sockets.entries()) {
      if (s.bio) this.b.crypto.BIO_free(s.bio);
      this.b.crypto.BIO_closesocket(s.fd);
      closed++;
    }
    this.sockets.clear();
    return closed;
  }

  async stop(): Promise<void> {
    await this.closeAll();
    await this.poller.stop();
    await this.pool.stop();
  }

  private async make(step: Step, ctx: CallContext): Promise<Draft> {
    return implementationOf(step.call)(step, ctx);
  }

  private finish(rec: Draft): CallRecord {
    // The expectation is the scenario runner's to check: added in place, the draft not copied.
    const record = rec as CallRecord;
    record.expect = null;
    // No socket event for the call's own socket: the record carries it, and the host's client
    // announces it from there (engine-host.ts), so the snapshot does not cross the link twice.
    // After a call the kernel may change the socket again by itself: watch for it.
    if (this.liveView) for (const s of [record.socket, record.socket?.listener]) {
      if (s && this.sockets.has(s.fd)) this.monitor.arm(s.fd, eventsToWatch(s));
    }
    return record;
  }

  /** The socket read in full, after a call that may have changed it. */
  private snapshot(entry: SocketEntry): SocketSnapshot {
    entry.view = readKernelView(this.b, entry.fd, entry.kind);
    if (entry.view.valid) entry.kind = entry.view.kind;
    return snapshotOf(entry.view, entry);
  }

  /** The socket as it is now when no call changed it since the last read: only what the kernel changes by itself is read. */
  private recheck(entry: SocketEntry): SocketSnapshot {
    if (!entry.view) return this.snapshot(entry);
    entry.view = recheckKernelView(this.b, entry.fd, entry.view, entry);
    return snapshotOf(entry.view, entry);
  }

  private contextFor(id: string, rec: Draft): CallContext {
    return new CallScope(this.services, id, rec);
  }
}
