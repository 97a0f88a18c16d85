// Calls made on a pool thread: the whole call, errno and error queue stay on that thread.
import koffi from 'koffi';
import type { Bindings } from './bindings';
import { invoke, type Invocation } from './invoke';
import { runBulkLoop, type BulkJob, type BulkOutcome } from './bulk-loop';
import { runNativeJob, type NativeJob } from './native-jobs';
import { AF, SOL_SOCKET, SO_SNDTIMEO, timeval } from './platform/linux';

export type PoolJob =
  /** `raw` and `port` (host order) rebuild the BIO_ADDR here, as pointers do not cross threads. */
  | { kind: 'connect'; fd: number; family: number; raw: Uint8Array; port: number; options: number; timeoutMs?: number }
  | { kind: 'write'; fd: number; data: Uint8Array }
  /** A connect-BIO or TLS call that may block (native-jobs.ts). */
  | NativeJob;

/** What a pool thread runs: one blocking call, or a BIO_write/BIO_read loop (the cancel flag stops it between calls). */
export type AnyPoolJob = PoolJob | BulkJob;

/** What the engine posts: the job and a flag shared with it; set to 1, the call is not made. */
export interface PoolRequest {
  job: AnyPoolJob;
  cancel: Int32Array;
}

/** The call's outcome, or 'skipped' when the cancel flag was set before it was made. */
export type PoolResult = Invocation | BulkOutcome | 'skipped';
/** What one kind of job gives back. */
export type ResultOf<J extends AnyPoolJob> = (J extends BulkJob ? BulkOutcome : Invocation) | 'skipped';

/** What a pool thread posts: `entering` right before the call, then the result. */
export type PoolMessage = { entering: true } | { result: PoolResult };

export function runPoolJob(b: Bindings, { job, cancel }: PoolRequest, entering: () => void = () => undefined): PoolResult {
  const cancelled = () => Atomics.load(cancel, 0) === 1;
  if (job.kind === 'bulk') {
    entering();
    return runBulkLoop(b, job, cancel);
  }
  if (job.kind === 'native') {
    if (cancelled()) return 'skipped';
    entering();
    return runNativeJob(b, job);
  }
  if (job.kind === 'connect') {
    const addr = b.crypto.BIO_ADDR_new()!;
    try {
      // BIO_ADDR_rawaddress gives a unix path without its NUL, and rawmake copies it as a C string.
      const where = job.family === AF.AF_UNIX ? Buffer.concat([job.raw, Buffer.alloc(1)]) : Buffer.from(job.raw);
      b.crypto.BIO_ADDR_rawmake(addr, job.family, where, job.raw.length, job.port);
      if (job.timeoutMs !== undefined) setSendTimeout(b, job.fd, job.timeoutMs);
      if (cancelled()) return 'skipped';
      entering();
      return invoke(b, () => b.crypto.BIO_connect(job.fd, addr, job.options));
    } finally {
      b.crypto.BIO_ADDR_free(addr);
    }
  }
  const bio = b.crypto.BIO_new_socket(job.fd, 0);
  const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  try {
    if (cancelled()) return 'skipped';
    entering();
    return invoke(b, () => b.crypto.BIO_write(bio, data, data.length));
  } finally {
    b.crypto.BIO_free(bio);
  }
}

/** SO_SNDTIMEO bounds a blocking connect: when it passes, connect(2) gives up with EINPROGRESS. */
export function setSendTimeout(b: Bindings, fd: number, timeoutMs: number): void {
  const tv = { tv_sec: Math.floor(timeoutMs / 1000), tv_usec: (timeoutMs % 1000) * 1000 };
  b.libc.setsockoptTimeval(fd, SOL_SOCKET, SO_SNDTIMEO, tv, koffi.sizeof(timeval));
}
