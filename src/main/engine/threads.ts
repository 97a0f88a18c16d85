// Main-thread side of the engine's worker threads: the single poller and the bounded pool.
import type { Worker } from 'node:worker_threads';
import type { Bindings } from './bindings';
import type { PollerCommand, PollerReady } from './poller-loop';
import { O_CLOEXEC, O_NONBLOCK } from './platform/linux';
import type { AnyPoolJob, PoolMessage, PoolRequest, PoolResult, ResultOf } from './pool-jobs';

interface ThreadOptions {
  workerUrl: URL;
  libcryptoPath: string;
}

/** node:worker_threads, loaded when the first thread starts: an engine whose calls never wait starts none. */
const workerThreads = () => process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');

/** Starts an engine worker; from source (.ts) it registers tsx first, as workers do not inherit loader hooks. */
function startWorker(url: URL, workerData: unknown): Worker {
  const { Worker } = workerThreads();
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Waits for readiness of many fds on one thread; each watch fires once. */
export class Poller {
  private worker: Worker | null = null;
  private wakeWrite = -1;
  private wakeRead = -1;
  private nextId = 1;
  private waiting = new Map<number, (revents: number) => void>();
  private readonly one = Buffer.from([1]);

  constructor(private readonly b: Bindings, private readonly opts: ThreadOptions) {}

  private start(): void {
    const fds = new Int32Array(2);
    // The poller drains without blocking; children do not inherit the pipe.
    if (this.b.libc.pipe2(fds, O_NONBLOCK | O_CLOEXEC) !== 0) throw new Error(`pipe2 failed: errno ${this.b.errno()}`);
    [this.wakeRead, this.wakeWrite] = fds;
    this.worker = startWorker(this.opts.workerUrl, { role: 'poller', libcryptoPath: this.opts.libcryptoPath, wakeFd: this.wakeRead });
    this.worker.on('error', (e) => process.emitWarning(`engine poller thread failed: ${e.message}`));
    this.worker.on('message', (m: PollerReady) => {
      const resolve = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      resolve?.(m.revents);
    });
    this.worker.unref();
  }

  private send(cmd: PollerCommand): void {
    if (!this.worker) this.start();
    this.worker!.postMessage(cmd);
    this.b.libc.write(this.wakeWrite, this.one, 1);
  }

  /** Resolves with poll's revents when fd is ready; `cancel` stops waiting (returns false if it already fired). */
  watch(fd: number, events: number): { ready: Promise<number>; cancel: () => boolean } {
    const id = this.nextId++;
    const ready = new Promise<number>((resolve) => this.waiting.set(id, resolve));
    this.send({ op: 'watch', id, fd, events });
    return {
      ready,
      cancel: () => {
        if (!this.waiting.delete(id)) return false;
        this.send({ op: 'unwatch', id });
        return true;
      },
    };
  }

  get size(): number {
    return this.waiting.size;
  }

  async stop(): Promise<void> {
    if (!this.worker) return;
    this.send({ op: 'stop' });
    await this.worker.terminate();
    this.b.libc.close(this.wakeRead);
    this.b.libc.close(this.wakeWrite);
    this.worker = null;
  }
}

interface PoolWorker {
  worker: Worker;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
}

interface QueuedJob {
  request: PoolRequest;
  resolve: (r: PoolResult) => void;
  reject: (e: Error) => void;
  onStart: () => void;
}

interface PoolRun<R = PoolResult> {
  done: Promise<R>;
  /** Takes the job off the queue if no thread has it yet; false once one has. */
  dequeue(): boolean;
  /** Tells the thread not to make the call if it has not made it yet (it then gives 'skipped'). */
  forbidStart(): void;
}

/** Worker threads made on demand for blocking calls, at most `max`; idle ones retire. */
export class Pool {
  private workers: PoolWorker[] = [];
  private queue: QueuedJob[] = [];

  constructor(private readonly opts: ThreadOptions & { max: number; idleMs: number }) {}

  get threads(): number {
    return this.workers.length;
  }

  /** Runs a job; `onStart` fires when its thread is about to make the call (until then it is queued). */
  run<J extends AnyPoolJob>(job: J, onStart: () => void): PoolRun<ResultOf<J>> {
    let entry!: QueuedJob;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const done = new Promise<PoolResult>((resolve, reject) => {
      entry = { request: { job, cancel }, resolve, reject, onStart };
    });
    this.queue.push(entry);
    this.pump();
    return {
      // The thread runs the job's own kind (runPoolJob), so its result is that kind's.
      done: done as Promise<ResultOf<J>>,
      dequeue: () => {
        const i = this.queue.indexOf(entry);
        if (i < 0) return false;
        this.queue.splice(i, 1);
        return true;
      },
      forbidStart: () => Atomics.store(cancel, 0, 1),
    };
  }

  private pump(): void {
    while (this.queue.length) {
      let w = this.workers.find((x) => !x.busy);
      if (!w && this.workers.length < this.opts.max) w = this.spawn();
      if (!w) return;
      const entry = this.queue.shift()!;
      const worker = w;
      worker.busy = true;
      if (worker.idleTimer) clearTimeout(worker.idleTimer);
      const onMessage = (m: PoolMessage) => {
        // The thread says when it is about to make the call, then sends the result.
        if ('entering' in m) return entry.onStart();
        worker.worker.off('message', onMessage);
        worker.worker.off('error', onError);
        this.release(worker);
        entry.resolve(m.result);
      };
      const onError = (e: Error) => {
        worker.worker.off('message', onMessage);
        this.workers = this.workers.filter((x) => x !== worker);
        entry.reject(e);
        this.pump();
      };
      worker.worker.on('message', onMessage);
      worker.worker.once('error', onError);
      worker.worker.ref();
      worker.worker.postMessage(entry.request);
    }
  }

  private spawn(): PoolWorker {
    const worker = startWorker(this.opts.workerUrl, { role: 'pool', libcryptoPath: this.opts.libcryptoPath, wakeFd: -1 });
    worker.on('error', () => undefined); // reported to the job that was running, in pump()
    const w: PoolWorker = { worker, busy: false, idleTimer: null };
    this.workers.push(w);
    return w;
  }

  private release(w: PoolWorker): void {
    w.busy = false;
    w.worker.unref();
    w.idleTimer = setTimeout(() => {
      this.workers = this.workers.filter((x) => x !== w);
      void w.worker.terminate();
    }, this.opts.idleMs);
    w.idleTimer.unref();
    this.pump();
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    this.workers = [];
  }
}
