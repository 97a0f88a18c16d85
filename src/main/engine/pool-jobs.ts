// Calls made on a pool thread: the whole call, errno and error queue stay on that thread.
import type { Bindings } from './bindings';
import { drainErrorQueue } from './error-queue';
import type { ErrorQueueEntry } from '../../shared/record';
import { AF, SOL_SOCKET, SO_SNDTIMEO } from './platform/linux';

export type PoolJob =
  /** `cancel` is shared with the engine's main thread: set to 1, the connect is not started. */
  | { kind: 'connect'; fd: number; family: number; raw: Uint8Array; port: number; options: number; timeoutMs?: number; cancel: SharedArrayBuffer }
  | { kind: 'write'; fd: number; data: Uint8Array };

export interface PoolResult {
  ret: number;
  errno: number;
  errorQueue: ErrorQueueEntry[];
  durationUs: number;
  /** The job was cancelled before its call was made. */
  skipped?: boolean;
}

/** What a pool thread posts: `entering` right before the call, then the result. */
export type PoolMessage = { entering: true } | { result: PoolResult };

export function runPoolJob(b: Bindings, job: PoolJob, entering: () => void = () => undefined): PoolResult {
  if (job.kind === 'connect') {
    const addr = b.crypto.BIO_ADDR_new();
    try {
      // BIO_ADDR_rawaddress gives a unix path without its NUL, and rawmake copies it as a C string.
      const where = job.family === AF.AF_UNIX ? Buffer.concat([Buffer.from(job.raw), Buffer.alloc(1)]) : Buffer.from(job.raw);
      b.crypto.BIO_ADDR_rawmake(addr, job.family, where, job.raw.length, job.port);
      if (job.timeoutMs !== undefined) setSendTimeout(b, job.fd, job.timeoutMs);
      if (Atomics.load(new Int32Array(job.cancel), 0) === 1) return { ret: 0, errno: 0, errorQueue: [], durationUs: 0, skipped: true };
      entering();
      b.crypto.ERR_clear_error();
      b.errno(0);
      const t0 = process.hrtime.bigint();
      const ret = b.crypto.BIO_connect(job.fd, addr, job.options);
      const errno = b.errno();
      const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
      return { ret, errno, errorQueue: drainErrorQueue(b), durationUs };
    } finally {
      b.crypto.BIO_ADDR_free(addr);
    }
  }
  const bio = b.crypto.BIO_new_socket(job.fd, 0);
  try {
    entering();
    b.crypto.ERR_clear_error();
    b.errno(0);
    const t0 = process.hrtime.bigint();
    const ret = b.crypto.BIO_write(bio, Buffer.from(job.data), job.data.length);
    const errno = b.errno();
    const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
    return { ret, errno, errorQueue: drainErrorQueue(b), durationUs };
  } finally {
    b.crypto.BIO_free(bio);
  }
}

/** SO_SNDTIMEO bounds a blocking connect (DESIGN fact 11): struct timeval {sec, usec}. */
export function setSendTimeout(b: Bindings, fd: number, timeoutMs: number): void {
  const tv = Buffer.alloc(16);
  tv.writeBigInt64LE(BigInt(Math.floor(timeoutMs / 1000)), 0);
  tv.writeBigInt64LE(BigInt((timeoutMs % 1000) * 1000), 8);
  b.libc.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, tv, 16);
}
