// The socket engine: owns the sockets it made, makes each call for real in libcrypto, and
// reports it as one CallRecord. Calls that return at once run here on the main thread; waiting
// calls wait on the poller first, blocking connects and large blocking writes go to the pool.
import type { Bindings, Ptr } from './bindings';
import { drainErrorQueue, errnoInfo } from './error-queue';
import { candidateList, chooseCandidate, describeAddr, lookup, type LookupResult } from './lookup';
import { isNonblocking, readKernelView, socketKind, toSnapshot, type SnapshotBase } from './snapshot';
import { Poller, Pool } from './threads';
import { SocketMonitor, eventsToWatch } from './socket-monitor';
import { setSendTimeout, type PoolResult } from './pool-jobs';
import * as L from './platform/linux';
import { composeOptions, flagByName, flagWarnings, type OptionCall } from '../../shared/flags';
import { blankRecord } from '../../shared/blank-record';
import { DEPRECATED_CALLS, GETHOSTNAME_NOTE, MAX_DATA_BYTES, type Step, type StepOf } from '../../shared/steps';
import type { AppliedOptions, CallRecord, EngineInfo, ErrorQueueEntry, LibcryptoInfo, SocketSnapshot } from '../../shared/record';
import type { CallStarted, EngineEventMap } from '../../shared/contract';

/** OSSL_TFO_SERVER_SOCKOPT_VALUE on Linux is the listen backlog (SOMAXCONN). */
const TFO_SERVER_QUEUE = 4096;
const BIO_FLAGS_SHOULD_RETRY = 0x08;

export interface EngineOptions {
  bindings: Bindings;
  libcryptoPath: string;
  workerUrl: URL;
  maxSockets?: number;
  maxPoolThreads?: number;
  emit?: <E extends 'callStarted' | 'socket' | 'socketClosed'>(event: E, payload: EngineEventMap[E]) => void;
}

interface SocketEntry {
  fd: number;
  name: string | null;
  origin: 'socket' | 'accepted';
  connected: boolean;
  requested: AppliedOptions;
  bio: Ptr | null;
  /** Calls in flight on this socket, so closing it can end them first. */
  inflight: Set<string>;
}

interface Pending {
  cancel: (why: string) => boolean;
}

interface Invocation {
  ret: number;
  errno: number;
  errorQueue: ErrorQueueEntry[];
  durationUs: number;
}

type Draft = Omit<CallRecord, 'expect'>;

export class Engine {
  private readonly b: Bindings;
  private readonly sockets = new Map<number, SocketEntry>();
  private readonly names = new Map<string, number>();
  /** Names whose BIO_socket (or accept) failed: a later step on them is refused, not guessed. */
  private readonly failedNames = new Map<string, string>();
  /** Calls waiting (for readiness, a pool thread or a blocked connect) that can be cancelled. */
  private readonly pending = new Map<string, Pending>();
  /** Every call not yet finished, by id. */
  private readonly running = new Map<string, Promise<CallRecord>>();
  private readonly poller: Poller;
  private readonly monitor: SocketMonitor;
  private readonly pool: Pool;
  private readonly maxSockets: number;
  private readonly maxPoolThreads: number;
  private readonly emit: NonNullable<EngineOptions['emit']>;
  private nextIndex = 0;
  private nextCallId = 1;
  readonly libcrypto: LibcryptoInfo;

  constructor(opts: EngineOptions) {
    this.b = opts.bindings;
    this.maxSockets = opts.maxSockets ?? 10_000;
    this.maxPoolThreads = opts.maxPoolThreads ?? 32;
    this.emit = opts.emit ?? (() => {});
    const threadOpts = { workerUrl: opts.workerUrl, libcryptoPath: opts.libcryptoPath };
    this.poller = new Poller(this.b, threadOpts);
    this.pool = new Pool({ ...threadOpts, max: this.maxPoolThreads, idleMs: 30_000 });
    this.monitor = new SocketMonitor(this.poller, (fd) => {
      const entry = this.sockets.get(fd);
      if (entry) this.emit('socket', this.snapshot(entry));
    });
    const versionNumber = Number(this.b.crypto.OpenSSL_version_num());
    this.libcrypto = {
      path: opts.libcryptoPath,
      resolvedPath: null,
      version: this.b.crypto.OpenSSL_version(0) ?? '',
      versionNumber,
      supports: { TFO: versionNumber >= flagByName('BIO_SOCK_TFO')!.sinceVersion },
    };
  }

  async init(): Promise<void> {
    this.libcrypto.resolvedPath = await L.mappedPath(/libcrypto/);
  }

  info(): EngineInfo {
    return {
      libcrypto: this.libcrypto,
      pid: process.pid,
      node: process.version,
      limits: { maxSockets: this.maxSockets, maxDataBytes: MAX_DATA_BYTES, maxPoolThreads: this.maxPoolThreads },
    };
  }

  snapshots(): SocketSnapshot[] {
    return [...this.sockets.values()].map((s) => this.snapshot(s));
  }

  snapshotOf(fd: number): SocketSnapshot | null {
    const s = this.sockets.get(fd);
    return s ? this.snapshot(s) : null;
  }

  /** Makes one call. Never throws for anything a request can contain: problems become the record. */
  call(step: Step, callId?: string): Promise<CallRecord> {
    const id = callId ?? `c${this.nextCallId++}`;
    if (this.running.has(id)) return Promise.resolve(this.finish(this.refusal(step, `callId: ${id} is already in flight`)));
    const done = this.dispatch(step, id)
      .catch((e: Error) => ({ ...this.refusal(step, `internal error: ${e.message}`), index: this.nextIndex - 1 }))
      .then((r) => this.finish(r))
      .finally(() => this.running.delete(id));
    this.running.set(id, done);
    return done;
  }

  /** Cancels a waiting call. Returns how, or null when nothing was waiting under that id. */
  async cancel(callId: string, why = 'cancelled by request'): Promise<{ cancelled: boolean; how: string | null }> {
    const p = this.pending.get(callId);
    if (!p) return { cancelled: false, how: null };
    const cancelled = p.cancel(why);
    this.pending.delete(callId);
    await this.running.get(callId)?.catch(() => undefined);
    return { cancelled, how: cancelled ? why : null };
  }

  async closeAll(): Promise<number> {
    for (const id of [...this.pending.keys()]) await this.cancel(id, 'the session ended');
    await Promise.allSettled([...this.running.values()]);
    this.monitor.dropAll();
    let closed = 0;
    for (const s of [...this.sockets.values()]) {
      if (s.bio) this.b.crypto.BIO_free(s.bio);
      this.b.crypto.BIO_closesocket(s.fd);
      closed++;
    }
    this.sockets.clear();
    this.names.clear();
    return closed;
  }

  async stop(): Promise<void> {
    await this.closeAll();
    await this.poller.stop();
    await this.pool.stop();
  }

  // ---- the calls ----------------------------------------------------------------------------

  private async dispatch(step: Step, id: string): Promise<Draft> {
    switch (step.call) {
      case 'BIO_socket':
        return this.socketCall(step);
      case 'BIO_bind':
      case 'BIO_listen':
        return this.addressCall(step);
      case 'BIO_connect':
        return this.connectCall(step, id);
      case 'BIO_accept_ex':
      case 'BIO_accept':
        return this.acceptCall(step, id);
      case 'BIO_closesocket':
        return this.closeCall(step);
      case 'BIO_sock_error':
        return this.sockErrorCall(step);
      case 'BIO_write':
        return this.writeCall(step, id);
      case 'BIO_read':
        return this.readCall(step, id);
      case 'wait':
        return this.waitCall(step, id);
      case 'BIO_lookup_ex':
        return this.lookupCall(step);
      case 'listen':
        return this.rawListenCall(step);
      case 'shutdown':
        return this.shutdownCall(step);
      case '__crash':
        if (process.env.BIO_WORKBENCH_TEST_CRASH !== '1') return this.refusal(step, '__crash is a test-only call; the engine was not started with BIO_WORKBENCH_TEST_CRASH=1');
        this.b.crashForTest();
        return this.refusal(step, 'the crash did not happen');
      case 'BIO_get_accept_socket':
        return this.getAcceptSocketCall(step);
      case 'BIO_get_port':
      case 'BIO_get_host_ip':
      case 'BIO_gethostbyname':
        return this.resolverCall(step);
      case 'await':
      case 'cancel':
        return this.refusal(step, `"${step.call}" is a scenario step; the scenario runner handles it, not the engine`);
    }
  }

  private socketCall(step: StepOf<'BIO_socket'>): Draft {
    const rec = this.draft(step);
    if (step.as && this.names.has(step.as)) return this.refuse(rec, `socket name "${step.as}" is already in use by fd ${this.names.get(step.as)}; close it first or pick another name`);
    if (this.sockets.size >= this.maxSockets) return this.refuse(rec, `the session already holds ${this.sockets.size} sockets, the limit (maxSockets ${this.maxSockets}); close some first`);
    const options = composeOptions(step.options);
    if (options !== 0) rec.warnings.push('BIO_socket ignores its options ("currently unused" per the manual); they are passed through as C would');
    rec.warnings.push(...flagWarnings(options, { call: 'BIO_socket', versionNumber: this.libcrypto.versionNumber }).filter((w) => !w.includes('BIO_socket ignores')));
    const inv = this.invoke(() => this.b.crypto.BIO_socket(L.AF[step.domain], L.SOCK[step.socktype], L.IPPROTO[String(step.protocol ?? 0) as keyof typeof L.IPPROTO], options));
    this.apply(rec, inv, inv.ret < 0);
    if (inv.ret >= 0) {
      const entry = this.adopt(inv.ret, step.as ?? null, 'socket');
      rec.socket = this.snapshot(entry);
    } else if (step.as) {
      this.failedNames.set(step.as, `BIO_socket for "${step.as}" failed (ret ${inv.ret}), so there is no socket named "${step.as}"`);
    }
    return rec;
  }

  private addressCall(step: StepOf<'BIO_bind'> | StepOf<'BIO_listen'>): Draft {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    const options = composeOptions(step.options);
    const view = socketKind(this.b, entry.fd);
    rec.warnings.push(...flagWarnings(options, { call: step.call, versionNumber: this.libcrypto.versionNumber, family: L.familyName(view.family) as never, socktype: L.socktypeName(view.type) as never }));
    return this.withAddress(rec, step, entry, view.family, view.type, true, (addr, family) => {
      const inv = this.invoke(() => (step.call === 'BIO_bind' ? this.b.crypto.BIO_bind : this.b.crypto.BIO_listen)(entry.fd, addr, options));
      this.apply(rec, inv, inv.ret === 0);
      this.noteRequested(entry, step.call, options, family, view.type);
    });
  }

  private async connectCall(step: StepOf<'BIO_connect'>, id: string): Promise<Draft> {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    const options = composeOptions(step.options);
    const view = socketKind(this.b, entry.fd);
    rec.warnings.push(...flagWarnings(options, { call: 'BIO_connect', versionNumber: this.libcrypto.versionNumber, family: L.familyName(view.family) as never, socktype: L.socktypeName(view.type) as never }));
    // BIO_connect sets blocking mode from its own options, so the options say whether it can block.
    const mayBlock = (options & flagByName('BIO_SOCK_NONBLOCK')!.bit) === 0 && view.type === L.SOCK.SOCK_STREAM;
    let job: { raw: Buffer; rawPort: number; family: number } | null = null;
    const looked = this.withAddress(rec, step, entry, view.family, view.type, false, (addr, family) => {
      entry.connected = true;
      this.noteRequested(entry, 'BIO_connect', options, family, view.type);
      if (mayBlock) {
        job = { ...describeAddr(this.b, addr), family };
        return;
      }
      if (step.timeoutMs !== undefined) setSendTimeout(this.b, entry.fd, step.timeoutMs);
      const inv = this.invoke(() => this.b.crypto.BIO_connect(entry.fd, addr, options));
      this.apply(rec, inv, inv.ret === 0);
    });
    if (!job) return looked;
    const { raw, rawPort, family } = job as { raw: Buffer; rawPort: number; family: number };
    rec.blocked = true;
    let cancelledHow: string | null = null;
    let cancelReason: string | null = null;
    let dequeued!: () => void;
    const wasDequeued = new Promise<null>((resolve) => (dequeued = () => resolve(null)));
    const started: CallStarted = { callId: id, index: rec.index, call: rec.call, c: rec.c, sock: this.label(entry), waiting: 'pool', startedAt: Date.now() };
    const cancelFlag = new SharedArrayBuffer(4);
    const run = this.pool.run({ kind: 'connect', fd: entry.fd, family, raw, port: rawPort, options, timeoutMs: step.timeoutMs, cancel: cancelFlag }, () => {
      started.waiting = 'connect';
      this.emit('callStarted', { ...started });
    });
    this.emit('callStarted', started);
    this.track(id, entry, (why) => {
      if (run.dequeue()) {
        cancelledHow = `${why}: cancelled while queued for a pool thread, before BIO_connect was made`;
        dequeued();
        return true;
      }
      // A blocked connect can only be woken by shutting the socket down (DESIGN fact 11). The pool
      // thread may not have entered connect yet: the flag stops it from starting, and the shutdown is
      // repeated until the call returns, since before connect() starts it finds nothing to wake.
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      cancelReason = why;
      cancelledHow = `${why}: shutdown(${entry.fd}, SHUT_RDWR) woke the blocked BIO_connect; the socket is spent`;
      this.shutdownUntilDone(entry.fd, run.done);
      return true;
    });
    try {
      const r = await Promise.race([run.done, wasDequeued]);
      if (r?.skipped) {
        rec.cancelled = `${cancelReason}: cancelled before BIO_connect was made; the socket is unchanged`;
        rec.ret = null;
        rec.blocked = false;
        rec.socket = this.snapshot(entry);
        return rec;
      }
      if (!r) {
        rec.cancelled = cancelledHow;
        rec.ret = null;
        rec.blocked = false;
        rec.socket = this.snapshot(entry);
        return rec;
      }
      this.applyPool(rec, r, r.ret === 0);
      if (cancelledHow) rec.cancelled = cancelledHow;
      else if (step.timeoutMs !== undefined && r.ret === 0 && rec.errno?.name === 'EINPROGRESS') {
        rec.cancelled = `timed out after ${step.timeoutMs} ms (SO_SNDTIMEO); the connect goes on in the kernel`;
      }
      if (step.timeoutMs !== undefined) rec.warnings.push(`timeoutMs set SO_SNDTIMEO to ${step.timeoutMs} ms on the socket before BIO_connect`);
      rec.socket = this.snapshot(entry);
      return rec;
    } finally {
      this.untrack(id, entry);
    }
  }

  private async acceptCall(step: StepOf<'BIO_accept_ex'> | StepOf<'BIO_accept'>, id: string): Promise<Draft> {
    const rec = this.draft(step);
    const listener = this.resolve(rec, step.sock);
    if (!listener) return rec;
    if (step.as && this.names.has(step.as)) return this.refuse(rec, `socket name "${step.as}" is already in use by fd ${this.names.get(step.as)}`);
    if (this.sockets.size >= this.maxSockets) return this.refuse(rec, `the session already holds ${this.sockets.size} sockets, the limit (maxSockets ${this.maxSockets})`);
    const options = step.call === 'BIO_accept_ex' ? composeOptions(step.options) : 0;
    if (step.call === 'BIO_accept_ex') rec.warnings.push(...flagWarnings(options, { call: 'BIO_accept_ex', versionNumber: this.libcrypto.versionNumber }));
    let peerText: string | null = null;
    const peer = this.b.crypto.BIO_ADDR_new();
    const ipPort: [Ptr] = [null];
    let inv: Invocation | null;
    try {
      inv = await this.whenReady(rec, id, listener, L.POLLIN, step.timeoutMs, 'an incoming connection', () =>
        step.call === 'BIO_accept_ex' ? this.invoke(() => this.b.crypto.BIO_accept_ex(listener.fd, peer, options)) : this.invoke(() => this.b.crypto.BIO_accept(listener.fd, ipPort)),
      );
      if (inv && inv.ret >= 0 && step.call === 'BIO_accept_ex') peerText = describeAddr(this.b, peer).text;
      if (!this.b.isNull(ipPort[0])) {
        peerText = this.b.decodeString(ipPort[0]);
        this.b.crypto.CRYPTO_free(ipPort[0], null, 0);
      }
    } finally {
      this.b.crypto.BIO_ADDR_free(peer);
    }
    if (!inv) return rec;
    this.apply(rec, inv, inv.ret < 0);
    if (peerText !== null) rec.result = { peer: peerText };
    if (inv.ret >= 0) {
      const accepted = this.adopt(inv.ret, step.as ?? null, 'accepted');
      accepted.requested.O_NONBLOCK = (options & flagByName('BIO_SOCK_NONBLOCK')!.bit) !== 0;
      rec.socket = { ...this.snapshot(accepted), listener: this.snapshot(listener) };
    } else {
      if (step.as) this.failedNames.set(step.as, `${step.call} for "${step.as}" failed (ret ${inv.ret}), so there is no socket named "${step.as}"`);
      rec.socket = this.snapshot(listener);
    }
    return rec;
  }

  private async closeCall(step: StepOf<'BIO_closesocket'>): Promise<Draft> {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    // End what still waits on this fd first: after close the number can name another socket.
    for (const callId of [...entry.inflight]) {
      await this.cancel(callId, `BIO_closesocket(${this.label(entry)}) was called`);
    }
    if (entry.bio) {
      this.b.crypto.BIO_free(entry.bio);
      entry.bio = null;
    }
    const before = this.snapshot(entry);
    this.monitor.drop(entry.fd);
    const inv = this.invoke(() => this.b.crypto.BIO_closesocket(entry.fd));
    this.apply(rec, inv, inv.ret === 0);
    this.sockets.delete(entry.fd);
    if (entry.name) this.names.delete(entry.name);
    rec.socket = { ...before, role: 'closed', state: null };
    this.emit('socketClosed', { fd: entry.fd, name: entry.name });
    return rec;
  }

  private sockErrorCall(step: StepOf<'BIO_sock_error'>): Draft {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    const inv = this.invoke(() => this.b.crypto.BIO_sock_error(entry.fd));
    this.apply(rec, inv, false);
    if (inv.ret > 0) rec.result = { soError: errnoInfo(this.b, inv.ret) };
    rec.socket = this.snapshot(entry);
    if (rec.socket) rec.socket.soError = inv.ret;
    return rec;
  }

  private async writeCall(step: StepOf<'BIO_write'>, id: string): Promise<Draft> {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    const data = step.data !== undefined ? Buffer.from(step.data, 'utf8') : Buffer.from(step.dataHex!.replace(/\s+/g, ''), 'hex');
    rec.data = bytesView(data);
    const bio = this.bioOf(entry);
    const write = () => this.invoke(() => this.b.crypto.BIO_write(bio, data, data.length));
    if (isNonblocking(this.b, entry.fd)) {
      const inv = write();
      this.apply(rec, inv, inv.ret < 0);
      if (inv.ret < 0 && this.b.crypto.BIO_test_flags(bio, BIO_FLAGS_SHOULD_RETRY)) rec.warnings.push('BIO_should_retry: try again when writable');
    } else {
      if (!(await this.awaitReadiness(rec, id, entry, L.POLLOUT, step.timeoutMs, 'room in the send buffer'))) return rec;
      // What fits goes now; C would stay blocked for the rest, so the rest is written on a pool
      // thread and the engine keeps answering. The record is C's one BIO_write all the same.
      const first = this.withoutBlocking(entry.fd, write);
      if (first.ret === data.length || (first.ret < 0 && first.errno !== L.EAGAIN)) this.apply(rec, first, first.ret < 0);
      else await this.finishBlockingWrite(rec, id, entry, data, first);
    }
    if (rec.ret !== null && rec.ret >= 0 && rec.ret < data.length) {
      rec.result = { unsent: bytesView(data.subarray(rec.ret)), sent: rec.ret };
      rec.warnings.push(`partial write: ${rec.ret} of ${data.length} bytes sent; ${data.length - rec.ret} are kept unsent (result.unsent) to send again`);
    } else if (rec.ret !== null && rec.ret < 0) {
      rec.result = { unsent: bytesView(data), sent: 0 };
    }
    rec.socket = this.snapshot(entry);
    return rec;
  }

  /** The rest of a blocking write, on a pool thread; cancelling shuts the socket down to wake it. */
  private async finishBlockingWrite(rec: Draft, id: string, entry: SocketEntry, data: Buffer, first: Invocation): Promise<void> {
    const sent = Math.max(0, first.ret);
    rec.blocked = true;
    let cancelledHow: string | null = null;
    const started: CallStarted = { callId: id, index: rec.index, call: rec.call, c: rec.c, sock: this.label(entry), waiting: 'pool', startedAt: Date.now() };
    const run = this.pool.run({ kind: 'write', fd: entry.fd, data: data.subarray(sent) }, () => undefined);
    this.emit('callStarted', started);
    this.track(id, entry, (why) => {
      cancelledHow = `${why}: shutdown(${entry.fd}, SHUT_RDWR) woke the blocked BIO_write after ${sent} byte(s); the socket is spent`;
      this.shutdownUntilDone(entry.fd, run.done);
      return true;
    });
    try {
      const rest = await run.done;
      // As write(2) on a blocking socket: the bytes sent before an error count; -1 only when none went.
      const total = rest.ret > 0 ? sent + rest.ret : sent;
      if (total > 0) this.apply(rec, { ...rest, ret: total, durationUs: first.durationUs + rest.durationUs }, false);
      else this.applyPool(rec, rest, rest.ret < 0);
      rec.cancelled = cancelledHow;
    } finally {
      this.untrack(id, entry);
    }
  }

  private async readCall(step: StepOf<'BIO_read'>, id: string): Promise<Draft> {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    const buf = Buffer.alloc(step.max);
    const bio = this.bioOf(entry);
    const inv = await this.whenReady(rec, id, entry, L.POLLIN, step.timeoutMs, 'data to read', () => this.invoke(() => this.b.crypto.BIO_read(bio, buf, step.max)));
    if (!inv) return rec;
    this.apply(rec, inv, inv.ret < 0);
    rec.data = bytesView(buf.subarray(0, Math.max(0, inv.ret)));
    if (inv.ret === 0) rec.warnings.push('BIO_read returned 0: the peer closed its side (end of file)');
    rec.socket = this.snapshot(entry);
    return rec;
  }

  private async waitCall(step: StepOf<'wait'>, id: string): Promise<Draft> {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    const events = step.for === 'readable' ? L.POLLIN : L.POLLOUT;
    const t0 = process.hrtime.bigint();
    const watch = this.poller.watch(entry.fd, events);
    let timer: NodeJS.Timeout | undefined;
    let cancelled: string | null = null;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(-1), step.timeoutMs);
    });
    const cancel = new Promise<number>((resolve) => {
      this.track(id, entry, (why) => {
        cancelled = why;
        resolve(-2);
        return true;
      });
    });
    this.emit('callStarted', { callId: id, index: rec.index, call: rec.call, c: rec.c, sock: this.label(entry), waiting: 'readiness', startedAt: Date.now() });
    try {
      const revents = await Promise.race([watch.ready, timeout, cancel]);
      if (revents < 0) watch.cancel();
      rec.durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
      rec.blocked = true;
      if (revents === -2) {
        rec.cancelled = `${cancelled}: the wait ended before poll reported anything`;
        rec.ret = null;
      } else {
        // poll(2)'s own result for one fd: 1 when ready, 0 when the timeout passed.
        rec.ret = revents === -1 ? 0 : 1;
        rec.result = { revents: revents < 0 ? 0 : revents, reventsText: reventsText(revents < 0 ? 0 : revents) };
      }
      rec.socket = this.snapshot(entry);
      return rec;
    } finally {
      clearTimeout(timer);
      this.untrack(id, entry);
    }
  }

  private rawListenCall(step: StepOf<'listen'>): Draft {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    rec.warnings.push('listen(2) is libc, not libcrypto: it is here to choose a backlog, which BIO_listen does not offer');
    const inv = this.invoke(() => this.b.libc.listen(entry.fd, step.backlog));
    this.apply(rec, inv, inv.ret !== 0);
    rec.socket = this.snapshot(entry);
    return rec;
  }

  private shutdownCall(step: StepOf<'shutdown'>): Draft {
    const rec = this.draft(step);
    const entry = this.resolve(rec, step.sock);
    if (!entry) return rec;
    const how = { SHUT_RD: 0, SHUT_WR: 1, SHUT_RDWR: 2 }[step.how];
    const inv = this.invoke(() => this.b.libc.shutdown(entry.fd, how));
    this.apply(rec, inv, inv.ret !== 0);
    rec.socket = this.snapshot(entry);
    return rec;
  }

  private lookupCall(step: StepOf<'BIO_lookup_ex'>): Draft {
    const rec = this.draft(step);
    const family = L.AF[(step.family ?? 'AF_UNSPEC') as keyof typeof L.AF];
    const t0 = process.hrtime.bigint();
    const res = lookup(this.b, step.addr, { server: step.lookupType === 'BIO_LOOKUP_SERVER', family, socktype: L.SOCK[step.socktype ?? 'SOCK_STREAM'] });
    try {
      rec.durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
      rec.ret = res.ok ? 1 : 0;
      rec.errorQueue = res.errorQueue;
      rec.addresses = candidateList(res.candidates, -1);
      return rec;
    } finally {
      res.free();
    }
  }

  private getAcceptSocketCall(step: StepOf<'BIO_get_accept_socket'>): Draft {
    const rec = this.draft(step);
    if (step.as && this.names.has(step.as)) return this.refuse(rec, `socket name "${step.as}" is already in use by fd ${this.names.get(step.as)}`);
    const hostPort = Buffer.from(step.hostPort + '\0', 'utf8');
    const inv = this.invoke(() => this.b.crypto.BIO_get_accept_socket(hostPort, step.mode === 'BIO_BIND_REUSEADDR' ? 1 : 0));
    this.apply(rec, inv, inv.ret < 0);
    if (inv.ret >= 0) rec.socket = this.snapshot(this.adopt(inv.ret, step.as ?? null, 'socket'));
    else if (step.as) this.failedNames.set(step.as, `BIO_get_accept_socket for "${step.as}" failed (ret ${inv.ret})`);
    return rec;
  }

  private resolverCall(step: StepOf<'BIO_get_port'> | StepOf<'BIO_get_host_ip'> | StepOf<'BIO_gethostbyname'>): Draft {
    const rec = this.draft(step);
    if (step.call === 'BIO_get_port') {
      const port: [number] = [0];
      const inv = this.invoke(() => this.b.crypto.BIO_get_port(step.service, port));
      this.apply(rec, inv, inv.ret === 0);
      if (inv.ret === 1) rec.result = { port: port[0] };
    } else if (step.call === 'BIO_get_host_ip') {
      const ip = Buffer.alloc(4);
      const inv = this.invoke(() => this.b.crypto.BIO_get_host_ip(step.host, ip));
      this.apply(rec, inv, inv.ret === 0);
      if (inv.ret === 1) rec.result = { ip: Array.from(ip).join('.') };
    } else {
      let hostent: Ptr = null;
      const inv = this.invoke(() => {
        hostent = this.b.crypto.BIO_gethostbyname(step.host);
        return this.b.isNull(hostent) ? 0 : 1;
      });
      this.apply(rec, inv, inv.ret === 0);
      if (inv.ret === 1) rec.result = readHostent(this.b, hostent);
      rec.warnings.push('BIO_gethostbyname returns a pointer; ret shows 1 for non-NULL and 0 for NULL');
    }
    return rec;
  }

  // ---- shared machinery ---------------------------------------------------------------------

  private draft(step: Step): Draft {
    const { expect: _expect, ...rec } = blankRecord(step, this.nextIndex++);
    if (DEPRECATED_CALLS.includes(step.call)) {
      rec.deprecated = true;
      rec.warnings.push(`${step.call} is deprecated since OpenSSL 1.1.0 (see the manual's HISTORY); use BIO_lookup_ex, BIO_socket, BIO_listen and BIO_accept_ex`);
      if (step.call === 'BIO_gethostbyname') rec.warnings.push(GETHOSTNAME_NOTE);
    }
    return rec;
  }

  private refusal(step: Step, why: string): Draft {
    return this.refuse(this.draft(step), why);
  }

  private refuse(rec: Draft, why: string): Draft {
    rec.refused = why;
    rec.ret = null;
    return rec;
  }

  private finish(rec: Draft): CallRecord {
    const record: CallRecord = { ...rec, expect: null };
    if (record.socket) this.emit('socket', record.socket);
    // After a call the kernel may change the socket again by itself: watch for it.
    for (const s of [record.socket, record.socket?.listener]) {
      if (s && this.sockets.has(s.fd)) this.monitor.arm(s.fd, eventsToWatch(s));
    }
    return record;
  }

  /** A sock reference to an entry the engine owns, or a refusal on the record. */
  private resolve(rec: Draft, sock: string | number): SocketEntry | null {
    if (typeof sock === 'string') {
      const fd = this.names.get(sock);
      if (fd !== undefined) {
        rec.args.fd = fd; // the name resolved, as the record's args promise
        return this.sockets.get(fd)!;
      }
      this.refuse(rec, this.failedNames.get(sock) ?? `no open socket is named "${sock}"; name one with "as" on BIO_socket or BIO_accept_ex`);
      return null;
    }
    const entry = this.sockets.get(sock);
    if (entry) return entry;
    this.refuse(rec, `fd ${sock} is not a socket this engine created (or it was already closed); the engine only acts on its own sockets`);
    return null;
  }

  private adopt(fd: number, name: string | null, origin: SocketEntry['origin']): SocketEntry {
    const entry: SocketEntry = { fd, name, origin, connected: false, requested: {}, bio: null, inflight: new Set() };
    this.sockets.set(fd, entry);
    if (name) {
      this.names.set(name, fd);
      this.failedNames.delete(name);
    }
    return entry;
  }

  private label(entry: SocketEntry): string {
    return entry.name ?? String(entry.fd);
  }

  private snapshot(entry: SocketEntry): SocketSnapshot {
    const base: SnapshotBase = { fd: entry.fd, name: entry.name, requested: { ...entry.requested }, origin: entry.origin, connected: entry.connected };
    return toSnapshot(readKernelView(this.b, entry.fd), base);
  }

  private bioOf(entry: SocketEntry): Ptr {
    entry.bio ??= this.b.crypto.BIO_new_socket(entry.fd, 0);
    return entry.bio;
  }

  /** One native call with the queue cleared and errno zeroed before, both read right after. */
  private invoke(fn: () => number): Invocation {
    this.b.crypto.ERR_clear_error();
    this.b.errno(0);
    const t0 = process.hrtime.bigint();
    const ret = fn();
    const errno = this.b.errno();
    const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
    return { ret, errno, errorQueue: drainErrorQueue(this.b), durationUs };
  }

  private apply(rec: Draft, inv: Invocation, failed: boolean): void {
    rec.ret = inv.ret;
    rec.errno = failed ? errnoInfo(this.b, inv.errno) : null;
    rec.errorQueue = inv.errorQueue;
    rec.durationUs = inv.durationUs;
  }

  private applyPool(rec: Draft, r: PoolResult, failed: boolean): void {
    this.apply(rec, { ret: r.ret, errno: r.errno, errorQueue: r.errorQueue, durationUs: r.durationUs }, failed);
  }

  /** Lookup, pick a candidate, make the call with its BIO_ADDR, free the list. */
  private withAddress(
    rec: Draft,
    step: { addr: string; addrIndex?: number; call: string },
    entry: SocketEntry,
    socketFamily: number,
    socktype: number,
    server: boolean,
    make: (addr: Ptr, family: number) => void,
  ): Draft {
    let res: LookupResult | null = null;
    try {
      res = lookup(this.b, step.addr, { server, family: socketFamily === L.AF.AF_UNIX ? L.AF.AF_UNIX : L.AF.AF_UNSPEC, socktype });
      const used = res.ok ? chooseCandidate(res.candidates, socketFamily, step.addrIndex) : -1;
      rec.addresses = candidateList(res.candidates, used);
      if (!res.ok) {
        rec.errorQueue = res.errorQueue;
        return this.refuse(rec, `addr: BIO_lookup_ex could not resolve "${step.addr}" (${res.errorQueue.map((e) => e.text).join('; ') || 'no detail'}); ${step.call} was not called`);
      }
      if (used < 0) {
        const families = [...new Set(res.candidates.map((c) => L.familyName(c.family)))].join(', ');
        return this.refuse(
          rec,
          step.addrIndex !== undefined
            ? `addrIndex: ${step.addrIndex} is out of range; "${step.addr}" has ${res.candidates.length} candidate(s)`
            : `addr: "${step.addr}" resolves only to ${families || 'nothing'}, and the socket is ${L.familyName(socketFamily)}; pick a candidate with addrIndex to pass a mismatched address as C would`,
        );
      }
      make(res.candidates[used].addr, res.candidates[used].family);
      rec.socket = this.snapshot(entry);
      return rec;
    } finally {
      res?.free();
    }
  }

  private noteRequested(entry: SocketEntry, call: OptionCall, options: number, addrFamily: number, socktype: number): void {
    const r = entry.requested;
    const has = (name: string) => (options & flagByName(name)!.bit) !== 0;
    if (call === 'BIO_connect' || call === 'BIO_listen') {
      r.O_NONBLOCK = has('BIO_SOCK_NONBLOCK');
      if (has('BIO_SOCK_KEEPALIVE')) r.SO_KEEPALIVE = true;
      if (has('BIO_SOCK_NODELAY')) r.TCP_NODELAY = true;
    }
    if ((call === 'BIO_bind' || call === 'BIO_listen') && has('BIO_SOCK_REUSEADDR')) r.SO_REUSEADDR = true;
    if (call === 'BIO_listen' && addrFamily === L.AF.AF_INET6) r.IPV6_V6ONLY = has('BIO_SOCK_V6_ONLY');
    if (has('BIO_SOCK_TFO') && socktype === L.SOCK.SOCK_STREAM) {
      if (call === 'BIO_listen') r.TCP_FASTOPEN = TFO_SERVER_QUEUE;
      if (call === 'BIO_connect') r.TCP_FASTOPEN_CONNECT = 1;
    }
  }

  /**
   * A call that would block on a blocking socket: wait for readiness, then make it without letting it
   * block the engine (another waiter may have taken what poll saw), and wait again if it would have.
   * C would simply have blocked until then, so the record is what C returns. Null: timed out or cancelled.
   */
  private async whenReady(rec: Draft, id: string, entry: SocketEntry, events: number, timeoutMs: number | undefined, what: string, make: () => Invocation): Promise<Invocation | null> {
    if (isNonblocking(this.b, entry.fd)) return make();
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    for (let round = 0; ; round++) {
      const left = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
      if (!(await this.awaitReadiness(rec, id, entry, events, left, what))) return null;
      const inv = this.withoutBlocking(entry.fd, make);
      if (!(inv.ret < 0 && inv.errno === L.EAGAIN)) return inv;
      if (round > 1000) return inv; // readiness that never holds: report C's EAGAIN rather than spin
    }
  }

  /** Runs `make` with O_NONBLOCK set on fd for its duration only. */
  private withoutBlocking(fd: number, make: () => Invocation): Invocation {
    const flags = this.b.libc.fcntl(fd, L.F_GETFL);
    this.b.libc.fcntl(fd, L.F_SETFL, 'int', flags | L.O_NONBLOCK);
    try {
      return make();
    } finally {
      this.b.libc.fcntl(fd, L.F_SETFL, 'int', flags);
    }
  }

  /** Waits until the poller reports `events` on the socket, a timeout passes or someone cancels. */
  private async awaitReadiness(rec: Draft, id: string, entry: SocketEntry, events: number, timeoutMs: number | undefined, what: string): Promise<boolean> {
    const probe = Buffer.alloc(8);
    probe.writeInt32LE(entry.fd, 0);
    probe.writeInt16LE(events, 4);
    if (this.b.libc.poll(probe, 1, 0) > 0) return true;
    const t0 = process.hrtime.bigint();
    rec.blocked = true;
    const watch = this.poller.watch(entry.fd, events);
    let timer: NodeJS.Timeout | undefined;
    let why: string | null = null;
    const stop = new Promise<'stopped'>((resolve) => {
      if (timeoutMs !== undefined) timer = setTimeout(() => ((why = `timeout: nothing within ${timeoutMs} ms`), resolve('stopped')), timeoutMs);
      this.track(id, entry, (reason) => {
        why = reason;
        resolve('stopped');
        return true;
      });
    });
    this.emit('callStarted', { callId: id, index: rec.index, call: rec.call, c: rec.c, sock: this.label(entry), waiting: 'readiness', startedAt: Date.now() });
    try {
      const outcome = await Promise.race([watch.ready, stop]);
      if (outcome !== 'stopped') return true;
      watch.cancel();
      rec.cancelled = `${why}; cancelled before ${rec.call} was made (waited ${Number((process.hrtime.bigint() - t0) / 1000000n)} ms for ${what}); the socket is unchanged`;
      rec.ret = null;
      rec.socket = this.snapshot(entry);
      return false;
    } finally {
      clearTimeout(timer);
      this.untrack(id, entry);
    }
  }

  /** Wakes a call blocked in a pool thread: shutdown, repeated until it returns, as it may not have blocked yet. */
  private shutdownUntilDone(fd: number, done: Promise<unknown>): void {
    const wake = () => this.b.libc.shutdown(fd, L.SHUT_RDWR);
    wake();
    const again = setInterval(wake, 20);
    void done.finally(() => clearInterval(again));
  }

  private track(id: string, entry: SocketEntry, cancel: Pending['cancel']): void {
    entry.inflight.add(id);
    this.pending.set(id, { cancel });
  }

  private untrack(id: string, entry: SocketEntry): void {
    this.pending.delete(id);
    entry.inflight.delete(id);
  }
}

export function bytesView(buf: Buffer): { text: string; hex: string } {
  return { text: buf.toString('utf8'), hex: buf.toString('hex') };
}

function reventsText(revents: number): string {
  const names: [number, string][] = [[L.POLLIN, 'POLLIN'], [L.POLLOUT, 'POLLOUT'], [L.POLLERR, 'POLLERR'], [L.POLLHUP, 'POLLHUP'], [L.POLLNVAL, 'POLLNVAL']];
  return names.filter(([bit]) => revents & bit).map(([, n]) => n).join(' | ') || '0';
}

/** struct hostent { char *h_name; char **h_aliases; int h_addrtype; int h_length; char **h_addr_list; } */
function readHostent(b: Bindings, h: Ptr): Record<string, unknown> {
  const name = b.decodeString(b.decodePointer(h, 0));
  const addrtype = b.decodeInt(h, 16);
  const length = b.decodeInt(h, 20);
  const list = b.decodePointer(h, 24);
  const addresses: string[] = [];
  for (let i = 0; i < 16 && !b.isNull(list); i++) {
    const p = b.decodePointer(list, i * 8);
    if (b.isNull(p)) break;
    const bytes = Buffer.alloc(length);
    for (let j = 0; j < length; j++) bytes[j] = (b.decodeInt(p, j) & 0xff);
    addresses.push(addrtype === L.AF.AF_INET ? Array.from(bytes).join('.') : L.formatIPv6(bytes));
  }
  return { name, addrtype: L.familyName(addrtype), addresses };
}
