// A vitest pool for mutation runs. Each test file still gets fresh modules (vitest's isolate), but the
// worker thread and vitest's own runtime are kept between files and between Stryker's runs: booting
// a thread for every file of every mutant cost about 250 ms of CPU, more than most tests take.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Plugin } from 'vitest/config';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';

/** Each file's start adds a message listener inside the thread; after this many a fresh thread. */
const FILES_PER_THREAD = 40;

/** What kept-threads-setup.ts posts when a thread cannot serve another file as a fresh one would. */
export const DISCARD_THREAD = '__kept_threads_discard__';

interface KeptThread {
  thread: Worker;
  files: number;
  spent: boolean;
}

/** Threads that finished a file cleanly and wait for the next one. */
const idle: KeptThread[] = [];

type Listener = (arg: unknown) => void;

class KeptThreadWorker implements PoolWorker {
  readonly name = 'kept-threads';
  private kept: KeptThread | undefined;
  private readonly listeners: [string, Listener][] = [];
  private running = false;
  private keep = false;

  constructor(private readonly options: PoolOptions) {}

  async start(): Promise<void> {
    if (this.kept) return;
    this.kept = idle.pop() ?? this.spawn();
    this.kept.files += 1;
    this.kept.thread.on('message', this.onReply);
  }

  private spawn(): KeptThread {
    const thread = new Worker(resolve(this.options.distPath, 'workers/threads.js'), {
      env: this.options.env,
      execArgv: this.options.execArgv,
      stdout: true,
      stderr: true,
    });
    const logger = this.options.project.vitest.logger;
    thread.stdout.pipe(logger.outputStream, { end: false });
    thread.stderr.pipe(logger.errorStream, { end: false });
    thread.unref();
    return { thread, files: 0, spent: false };
  }

  private readonly onReply = (message: unknown): void => {
    const reply = message as { type?: string; [DISCARD_THREAD]?: string } | null;
    if (reply?.type === 'testfileFinished') this.running = false;
    if (reply?.[DISCARD_THREAD] && this.kept) this.kept.spent = true;
  };

  on(event: string, callback: Listener): void {
    this.thread.on(event, callback);
    this.listeners.push([event, callback]);
  }

  off(event: string, callback: Listener): void {
    this.thread.off(event, callback);
    const at = this.listeners.findIndex(([e, c]) => e === event && c === callback);
    if (at >= 0) this.listeners.splice(at, 1);
  }

  send(message: WorkerRequest): void {
    // A clean stop is answered here, so the thread skips its teardown and stays for the next file;
    // a stop during a run (a bail, a cancel), of a thread the setup file called spent (a native
    // addon loaded, timers or sockets left behind) or of one that served its share ends the thread.
    const kept = this.kept!;
    if (message.type === 'stop' && !this.running && !kept.spent && kept.files < FILES_PER_THREAD) {
      this.keep = true;
      const stopped = { type: 'stopped', __vitest_worker_response__: true };
      setImmediate(() => {
        for (const [event, callback] of [...this.listeners]) if (event === 'message') callback(stopped);
      });
      return;
    }
    if (message.type === 'run' || message.type === 'collect') this.running = true;
    this.thread.postMessage(message);
  }

  async stop(): Promise<void> {
    const kept = this.kept;
    if (!kept) return;
    for (const [event, callback] of this.listeners.splice(0)) kept.thread.off(event, callback);
    kept.thread.off('message', this.onReply);
    this.kept = undefined;
    if (this.keep && !this.running) idle.push(kept);
    else await kept.thread.terminate();
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  private get thread(): Worker {
    if (!this.kept) throw new Error('kept-threads: the worker was used before start() or after stop()');
    return this.kept.thread;
  }
}

const keptThreads: PoolRunnerInitializer = {
  name: 'kept-threads',
  createPoolWorker: (options) => new KeptThreadWorker(options),
};

/** Puts every project on the kept-threads pool, after the options Stryker passes (pool: 'threads') are applied. */
export function keptThreadsPool(): Plugin {
  return {
    name: 'kept-threads',
    configureVitest({ project, vitest }) {
      project.config.pool = keptThreads.name;
      project.config.poolRunner = keptThreads;
      project.config.setupFiles = [fileURLToPath(new URL('./kept-threads-setup.ts', import.meta.url)), ...project.config.setupFiles];
      vitest.onClose(async () => {
        await Promise.all(idle.splice(0).map((kept) => kept.thread.terminate()));
      });
    },
  };
}
