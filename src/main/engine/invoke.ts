// One native call made the way every call is made, on the engine thread and on pool threads
// alike: the error queue cleared and errno zeroed before, both read right after on the same
// thread (they are per thread), and the call alone timed.
import type { Bindings } from './bindings';
import { drainErrorQueue } from './error-queue';
import type { ErrorQueueEntry } from '../../shared/record';
import { epochMicros } from '../../shared/blank-record';

export interface Invocation {
  ret: number;
  errno: number;
  errorQueue: ErrorQueueEntry[];
  durationUs: number;
  /** When the call began, microseconds since the epoch (the clock packet captures use). */
  calledAtUs?: number;
}

/** `after` runs on the same thread once errno is read and before the queue is drained (SSL_get_error reads the queue). */
export function invoke(b: Bindings, call: () => number, after?: (ret: number) => void): Invocation {
  b.crypto.ERR_clear_error();
  b.errno(0);
  const calledAtUs = epochMicros();
  const t0 = process.hrtime.bigint();
  const ret = call();
  const errno = b.errno();
  const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
  after?.(ret);
  return { ret, errno, errorQueue: drainErrorQueue(b), durationUs, calledAtUs };
}
