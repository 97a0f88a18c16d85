// Calls that wait, one implementation: for readiness (the poller), for a pool thread making a
// blocking call, for a timeout or for someone to cancel. Every waiting call is announced with
// callStarted and can be cancelled by its id until it ends.
import type { Bindings } from './bindings';
import type { Invocation } from './invoke';
import type { Draft } from './records';
import { SocketTable, type SocketEntry } from './socket-table';
import { isNonblocking } from './snapshot';
import type { Poller, Pool } from './threads';
import type { PoolJob } from './pool-jobs';
import type { BulkJob, BulkOutcome } from './bulk-loop';
import { EAGAIN, F_GETFL, F_SETFL, O_NONBLOCK, SHUT, type PollFd } from './platform/linux';
import type { CallStarted } from '../../shared/contract';
import type { SocketSnapshot } from '../../shared/record';

/** The call that waits: its id, its record and the socket it waits on. */
export interface WaitContext {
  id: string;
  rec: Draft;
  entry: SocketEntry;
}

type Readiness = { ready: true; revents: number } | { ready: false; timedOut: boolean; why: string; waitedMs: number };

/** A blocking call handed to a pool thread: made (perhaps woken by a cancel), or not made at all. */
type HandOff = { made: true; result: Invocation; cancelled: string | null } | { made: false; why: string; queued: boolean };

/** A loop ended by a cancel (or never started), and whether its socket had to be shut down to wake it. */
type Transfer = { made: true; outcome: BulkOutcome; cancelled: string | null; shutDown: boolean } | { made: false; why: string };

/** How long a cancelled loop may take to finish the call it is in before its socket is shut down. */
const CANCEL_GRACE_MS = 1000;
/** How often a cancelled pool call is shut down again: it may not have blocked yet. */
const WAKE_INTERVAL_MS = 20;
/** Readiness that never holds for the call: report C's EAGAIN rather than spin. */
const MAX_READY_ROUNDS = 1000;

interface WaitsOptions {
  bindings: Bindings;
  poller: Poller;
  pool: Pool;
  announce: (started: CallStarted) => void;
  snapshot: (entry: SocketEntry) => SocketSnapshot;
}

export class Waits {
  private readonly b: Bindings;
  /** Cancels for the calls now waiting, by call id. */
  private readonly pending = new Map<string, (why: string) => void>();

  constructor(private readonly opts: WaitsOptions) {
    this.b = opts.bindings;
  }

  get waitingIds(): string[] {
    return [...this.pending.keys()];
  }

  /** Ends the wait of call `id`; false when nothing waits under that id. */
  cancel(id: string, why: string): boolean {
    const cancel = this.pending.get(id);
    if (!cancel) return false;
    this.pending.delete(id);
    cancel(why);
    return true;
  }

  /** Tells hosts the call waits, and for what; the one place a callStarted is made. */
  announce(ctx: WaitContext, waiting: CallStarted['waiting'], startedAt = Date.now()): void {
    const { rec } = ctx;
    this.opts.announce({ callId: ctx.id, index: rec.index, call: rec.call, c: rec.c, sock: SocketTable.label(ctx.entry), waiting, startedAt });
  }

  /**
   * Until the socket is ready for `events`, the timeout passes or someone cancels. With `probe`,
   * a socket ready already is not handed to the poller (nor announced as waiting).
   */
  async readiness(ctx: WaitContext, events: number, timeoutMs: number | undefined, probe = true): Promise<Readiness> {
    const now: PollFd = { fd: ctx.entry.fd, events, revents: 0 };
    if (probe && this.b.libc.poll(now, 1, 0) > 0) return { ready: true, revents: now.revents };
    const t0 = Date.now();
    ctx.rec.blocked = true;
    const watch = this.opts.poller.watch(ctx.entry.fd, events);
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<Readiness>((resolve) => {
      const stop = (timedOut: boolean, why: string) => resolve({ ready: false, timedOut, why, waitedMs: Date.now() - t0 });
      if (timeoutMs !== undefined) timer = setTimeout(() => stop(true, `timeout: nothing within ${timeoutMs} ms`), timeoutMs);
      this.track(ctx, (why) => stop(false, why));
    });
    this.announce(ctx, 'readiness');
    try {
      const outcome = await Promise.race([watch.ready.then((revents): Readiness => ({ ready: true, revents })), stopped]);
      if (!outcome.ready) watch.cancel();
      return outcome;
    } finally {
      clearTimeout(timer);
      this.untrack(ctx);
    }
  }

  /** Readiness for a call about to be made; when it does not come, the record says so and false. */
  async awaitReady(ctx: WaitContext, events: number, timeoutMs: number | undefined, what: string): Promise<boolean> {
    const r = await this.readiness(ctx, events, timeoutMs);
    if (r.ready) return true;
    const { rec } = ctx;
    rec.cancelled = `${r.why}; cancelled before ${rec.call} was made (waited ${r.waitedMs} ms for ${what}); the socket is unchanged`;
    rec.ret = null;
    rec.socket = this.opts.snapshot(ctx.entry);
    return false;
  }

  /**
   * A call that would block on a blocking socket: wait for readiness, then make it without letting it
   * block the engine (another waiter may have taken what poll saw), and wait again if it would have.
   * C would simply have blocked until then, so the record is what C returns. Null: timed out or cancelled.
   */
  async whenReady(ctx: WaitContext, events: number, timeoutMs: number | undefined, what: string, make: () => Invocation): Promise<Invocation | null> {
    const { fd } = ctx.entry;
    if (isNonblocking(this.b, fd)) return make();
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    for (let round = 0; ; round++) {
      const left = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
      if (!(await this.awaitReady(ctx, events, left, what))) return null;
      const inv = this.withoutBlocking(fd, make);
      if (!(inv.ret < 0 && inv.errno === EAGAIN) || round >= MAX_READY_ROUNDS) return inv;
    }
  }

  /** Runs `make` with O_NONBLOCK set on fd for its duration only. */
  withoutBlocking(fd: number, make: () => Invocation): Invocation {
    const flags = this.b.libc.fcntl(fd, F_GETFL);
    this.b.libc.fcntl(fd, F_SETFL, 'int', flags | O_NONBLOCK);
    try {
      return make();
    } finally {
      this.b.libc.fcntl(fd, F_SETFL, 'int', flags);
    }
  }

  /**
   * A blocking call made on a pool thread, so the engine keeps answering. Cancelled while queued,
   * it is dropped; once a thread has it, only shutting the socket down wakes a blocked call.
   * `entering` is what callStarted says once the thread makes the call, and `onStart` runs then.
   */
  async handOff(ctx: WaitContext, job: PoolJob, entering: CallStarted['waiting'], onStart?: () => void): Promise<HandOff> {
    ctx.rec.blocked = true;
    const startedAt = Date.now();
    const run = this.opts.pool.run(job, () => {
      onStart?.();
      this.announce(ctx, entering, startedAt);
    });
    this.announce(ctx, 'pool', startedAt);
    let woken: string | null = null;
    const dequeued = new Promise<HandOff>((resolve) => {
      this.track(ctx, (why) => {
        if (run.dequeue()) return resolve({ made: false, why, queued: true });
        // The thread may not have started the call: the flag stops it from starting, and the
        // shutdown is repeated until the call returns, since before it blocks it finds nothing to wake.
        run.forbidStart();
        woken = why;
        this.shutdownUntilDone(ctx.entry.fd, run.done);
      });
    });
    try {
      const made = run.done.then((r): HandOff => (r === 'skipped' ? { made: false, why: woken ?? 'cancelled', queued: false } : { made: true, result: r, cancelled: woken }));
      return await Promise.race([made, dequeued]);
    } finally {
      this.untrack(ctx);
    }
  }

  /**
   * A BIO_write/BIO_read loop on a pool thread. A cancel takes it off the queue, or tells the
   * running loop (the flag, and `wake` for a loop in poll), which stops between calls. Only a
   * call blocked in the kernel past CANCEL_GRACE_MS (a blocking write, the peer not reading) is
   * woken by shutting the socket down.
   */
  async transfer(ctx: WaitContext, job: BulkJob, wake: () => void): Promise<Transfer> {
    ctx.rec.blocked = true;
    const startedAt = Date.now();
    const run = this.opts.pool.run(job, () => this.announce(ctx, 'transfer', startedAt));
    this.announce(ctx, 'pool', startedAt);
    let why: string | null = null;
    let shutDown = false;
    let grace: NodeJS.Timeout | undefined;
    const dequeued = new Promise<Transfer>((resolve) => {
      this.track(ctx, (reason) => {
        if (run.dequeue()) return resolve({ made: false, why: reason });
        why = reason;
        run.forbidStart();
        wake();
        grace = setTimeout(() => {
          shutDown = true;
          this.shutdownUntilDone(ctx.entry.fd, run.done);
        }, CANCEL_GRACE_MS);
      });
    });
    try {
      const made = run.done.then((r): Transfer => (r === 'skipped' ? { made: false, why: why ?? 'cancelled' } : { made: true, outcome: r, cancelled: why, shutDown }));
      return await Promise.race([made, dequeued]);
    } finally {
      clearTimeout(grace);
      this.untrack(ctx);
    }
  }

  private shutdownUntilDone(fd: number, done: Promise<unknown>): void {
    const wake = () => this.b.libc.shutdown(fd, SHUT.SHUT_RDWR);
    wake();
    const again = setInterval(wake, WAKE_INTERVAL_MS);
    void done.finally(() => clearInterval(again)).catch(() => undefined);
  }

  private track(ctx: WaitContext, cancel: (why: string) => void): void {
    ctx.entry.inflight.add(ctx.id);
    this.pending.set(ctx.id, cancel);
  }

  private untrack(ctx: WaitContext): void {
    this.pending.delete(ctx.id);
    ctx.entry.inflight.delete(ctx.id);
  }
}
