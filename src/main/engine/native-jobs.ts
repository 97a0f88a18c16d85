// The connect-BIO and TLS calls that may block, made the one way on whichever thread makes them:
// errno, SSL_get_error and BIO_should_retry are read right after the call on that thread (the
// error queue, which SSL_get_error reads, is per thread), then the queue is drained.
import type { Bindings, Pointer } from './bindings';
import { invoke, type Invocation } from './invoke';
import { BIO_CTRL } from '../../shared/tls-facts';

export type NativeOp = 'BIO_do_connect' | 'BIO_do_connect_retry' | 'BIO_do_accept' | 'SSL_connect' | 'SSL_accept' | 'SSL_read' | 'SSL_write' | 'SSL_shutdown';

/** One such call; `ptr` is the BIO or SSL (a pointer is an address, the same in every thread). */
export interface NativeJob {
  kind: 'native';
  op: NativeOp;
  ptr: Pointer;
  /** SSL_read's buffer size. */
  max?: number;
  /** SSL_write's bytes. */
  data?: Uint8Array;
  /** BIO_do_connect_retry's timeout (seconds) and nap (milliseconds). */
  timeout?: number;
  napMs?: number;
}

export interface NativeOutcome extends Invocation {
  /** SSL_get_error(ssl, ret), for the SSL_ calls. */
  sslError: number | null;
  /** BIO_test_flags(b, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY) and BIO_get_retry_reason, for the BIO_ calls. */
  retryFlags: number | null;
  retryReason: number | null;
  /** What SSL_read read. */
  bytes?: Uint8Array;
}

const BIO_FLAGS_RWS_RETRY = 0x0f;

export function runNativeJob(b: Bindings, job: NativeJob): NativeOutcome {
  const out: Pick<NativeOutcome, 'sslError' | 'retryFlags' | 'retryReason'> = { sslError: null, retryFlags: null, retryReason: null };
  if (job.op === 'BIO_do_connect' || job.op === 'BIO_do_accept' || job.op === 'BIO_do_connect_retry') {
    const call = job.op === 'BIO_do_connect_retry' ? () => b.crypto.BIO_do_connect_retry(job.ptr, job.timeout ?? 0, job.napMs ?? 0) : () => Number(b.crypto.BIO_ctrl(job.ptr, BIO_CTRL.BIO_C_DO_STATE_MACHINE, 0, null));
    const inv = invoke(
      b,
      call,
      () => {
        out.retryFlags = b.crypto.BIO_test_flags(job.ptr, BIO_FLAGS_RWS_RETRY);
        out.retryReason = b.crypto.BIO_get_retry_reason(job.ptr);
      },
    );
    return { ...inv, ...out };
  }
  const ssl = b.ssl();
  const after = (ret: number) => {
    out.sslError = ssl.SSL_get_error(job.ptr, ret);
  };
  if (job.op === 'SSL_read') {
    const buf = Buffer.alloc(job.max ?? 0);
    const inv = invoke(b, () => ssl.SSL_read(job.ptr, buf, buf.length), after);
    return { ...inv, ...out, bytes: new Uint8Array(buf.subarray(0, Math.max(0, inv.ret))) };
  }
  if (job.op === 'SSL_write') {
    const data = Buffer.from(job.data ?? new Uint8Array());
    return { ...invoke(b, () => ssl.SSL_write(job.ptr, data, data.length), after), ...out };
  }
  const call = ssl[job.op];
  return { ...invoke(b, () => call(job.ptr), after), ...out };
}
