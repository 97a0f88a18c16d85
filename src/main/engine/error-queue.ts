// Reading what a call left behind: errno and the OpenSSL error queue, entry by entry. Both are
// per thread, so they are read on the thread that made the call, right after it.
import type { Bindings } from './bindings';
import type { ErrnoInfo, ErrorQueueEntry } from '../../shared/record';

const ERR_SYSTEM_FLAG = 0x80000000;
const ERR_TXT_STRING = 0x02;

function hex8(code: number): string {
  return (code >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

export function errnoInfo(b: Bindings, code: number): ErrnoInfo {
  return { code, name: b.libc.strerrorname_np(code) ?? `E${code}`, message: b.libc.strerror(code) ?? '' };
}

/** Pops every entry off this thread's queue, oldest first. */
export function drainErrorQueue(b: Bindings): ErrorQueueEntry[] {
  // Most calls leave the queue empty: one plain call says so, without the five out-parameters below.
  if (b.crypto.ERR_peek_error() === 0) return [];
  const entries: ErrorQueueEntry[] = [];
  const text = Buffer.alloc(256);
  for (let guard = 0; guard < 64; guard++) {
    const file: [string | null] = [null];
    const line: [number] = [0];
    const func: [string | null] = [null];
    const data: [string | null] = [null];
    const flags: [number] = [0];
    const code = b.crypto.ERR_get_error_all(file, line, func, data, flags);
    if (code === 0) break;
    text.fill(0);
    b.crypto.ERR_error_string_n(code, text, text.length);
    const system = (code & ERR_SYSTEM_FLAG) !== 0;
    // OpenSSL 3.0 gives no reason string for system-library entries: the reason is the errno.
    const reason = system ? b.libc.strerror(code & 0x7fffffff) : b.crypto.ERR_reason_error_string(code);
    entries.push({
      code,
      hex: hex8(code),
      library: b.crypto.ERR_lib_error_string(code) ?? null,
      reason: reason ?? null,
      file: file[0],
      line: line[0],
      function: func[0],
      data: (flags[0] & ERR_TXT_STRING) !== 0 || data[0] !== null ? (data[0] ?? '') : null,
      text: text.toString('latin1', 0, Math.max(0, text.indexOf(0))),
    });
  }
  return entries;
}
