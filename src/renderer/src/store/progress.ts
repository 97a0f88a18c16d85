// When a "failed" return is progress: a nonblocking connect that started (0 with EINPROGRESS) or is
// still under way when asked again (0 with EALREADY), or a nonblocking call with nothing ready yet
// (-1 with EAGAIN), the OpenSSL error queue left empty.
// The error stack explains it and the call log colours it as progress, both from this one function.

export type Progress = 'connect-in-progress' | 'connect-still-in-progress' | 'would-block';

/** The facts the decision needs, which a full record and a log line both carry. */
export interface ProgressFacts {
  call: string;
  ret: number | null;
  errno: string | null;
  errorQueueLength: number;
}

/** Calls that return -1 with EAGAIN on a nonblocking socket when nothing is ready. */
const WOULD_BLOCK_CALLS: ReadonlySet<string> = new Set(['BIO_accept_ex', 'BIO_accept', 'BIO_read', 'BIO_write']);

export function progressOf(r: ProgressFacts): Progress | null {
  if (r.errorQueueLength !== 0) return null;
  if (r.call === 'BIO_connect' && r.ret === 0 && r.errno === 'EINPROGRESS') return 'connect-in-progress';
  if (r.call === 'BIO_connect' && r.ret === 0 && r.errno === 'EALREADY') return 'connect-still-in-progress';
  if (WOULD_BLOCK_CALLS.has(r.call) && r.ret === -1 && (r.errno === 'EAGAIN' || r.errno === 'EWOULDBLOCK')) return 'would-block';
  return null;
}

export const PROGRESS_TEXT: Record<Progress, string> = {
  'connect-in-progress':
    'EINPROGRESS is progress, not failure: the socket is nonblocking, so BIO_connect started the TCP handshake and returned 0 without waiting, leaving the queue empty. Wait until the socket is writable, then BIO_sock_error() tells whether the connection succeeded.',
  'connect-still-in-progress':
    'EALREADY is progress, not failure: an earlier BIO_connect on this nonblocking socket is still making the TCP handshake, so this one returned 0 at once, leaving the queue empty (OpenSSL retries on EALREADY as on EINPROGRESS). Wait until the socket is writable, then BIO_sock_error() tells whether the connection succeeded.',
  'would-block':
    'EAGAIN is progress, not failure: the socket is nonblocking and nothing was ready, so the call returned -1 at once, leaving the queue empty. Wait until the socket is readable (writable for a write), then call it again.',
};
