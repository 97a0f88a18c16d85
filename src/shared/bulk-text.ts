// A loop's summary in one line, as the CLI's report and the window both say it.
import type { BulkSummary } from './record';

/** Bytes per second as MiB/s, or null when no time passed. */
export function mibPerSecond(bytes: number, durationUs: number): number | null {
  return durationUs > 0 ? bytes / 2 ** 20 / (durationUs / 1e6) : null;
}

export function bulkLine(b: BulkSummary): string {
  const verb = b.direction === 'write' ? 'sent' : 'read';
  const of = b.requested === null ? '' : ` of ${b.requested}`;
  const rate = mibPerSecond(b.bytes, b.durationUs);
  const counts = `${b.calls} call(s) of up to ${b.chunk} bytes, ${b.partial} partial, ${b.eagain} EAGAIN`;
  return `bulk: ${verb} ${b.bytes}${of} bytes in ${b.durationUs} us${rate === null ? '' : ` (${rate.toFixed(1)} MiB/s)`}; ${counts}${b.eof ? '; end of file' : ''}; sha256 ${b.sha256}`;
}
