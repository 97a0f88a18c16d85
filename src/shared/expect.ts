// Compares what a call did with what a step expected.
import type { CallRecord, ExpectMismatch, ExpectResult } from './record';
import type { Expect } from './steps';
import { dataText } from './data-bytes';

/** An `errorQueue` pattern matches within one entry's hex, text, reason, function or data. */
function entryMatches(entry: CallRecord['errorQueue'][number], pattern: string): boolean {
  return [entry.hex, entry.text, entry.reason, entry.function, entry.data].some((f) => typeof f === 'string' && f.includes(pattern));
}

/** A step refused before the call fails unless its expect says `refused: true`, so a run never passes by accident. */
export function checkExpect(expect: Expect | undefined, rec: CallRecord): ExpectResult | null {
  if (!expect) return rec.refused === null ? null : { ok: false, mismatches: [{ field: 'refused', expected: false, actual: rec.refused }] };
  const mismatches: ExpectMismatch[] = [];
  const miss = (field: string, expected: unknown, actual: unknown) => mismatches.push({ field, expected, actual });
  if (expect.ret !== undefined) {
    const ok = expect.ret === 'fd' ? rec.ret !== null && rec.ret >= 0 : rec.ret === expect.ret;
    if (!ok) miss('ret', expect.ret, rec.ret);
  }
  if (expect.errno !== undefined) {
    const actual = rec.errno?.name ?? null;
    if (actual !== expect.errno) miss('errno', expect.errno, actual);
  }
  if (expect.errorQueue) {
    let at = 0;
    for (const pattern of expect.errorQueue) {
      while (at < rec.errorQueue.length && !entryMatches(rec.errorQueue[at], pattern)) at++;
      if (at >= rec.errorQueue.length) {
        miss('errorQueue', expect.errorQueue, rec.errorQueue.map((e) => e.text));
        break;
      }
      at++;
    }
  }
  if (expect.errorQueueEmpty !== undefined && (rec.errorQueue.length === 0) !== expect.errorQueueEmpty) {
    miss('errorQueueEmpty', expect.errorQueueEmpty, rec.errorQueue.map((e) => e.text));
  }
  for (const [name, value] of Object.entries(expect.applied ?? {})) {
    const actual = rec.socket?.applied[name];
    if (actual !== value) miss(`applied.${name}`, value, actual ?? null);
  }
  if (expect.state !== undefined && rec.socket?.state !== expect.state) miss('state', expect.state, rec.socket?.state ?? null);
  if (expect.data !== undefined && dataText(rec.data) !== expect.data) miss('data', expect.data, dataText(rec.data));
  if (expect.bytes !== undefined && rec.bulk?.bytes !== expect.bytes) miss('bytes', expect.bytes, rec.bulk?.bytes ?? null);
  if (expect.sha256 !== undefined && rec.bulk?.sha256 !== expect.sha256.toLowerCase()) miss('sha256', expect.sha256, rec.bulk?.sha256 ?? null);
  if (expect.cancelled !== undefined && (rec.cancelled !== null) !== expect.cancelled) miss('cancelled', expect.cancelled, rec.cancelled);
  if (expect.sslError !== undefined && rec.tls?.sslError?.name !== expect.sslError) miss('sslError', expect.sslError, rec.tls?.sslError?.name ?? null);
  if (expect.verifyResult !== undefined && rec.tls?.verify?.code !== expect.verifyResult) miss('verifyResult', expect.verifyResult, rec.tls?.verify?.code ?? null);
  if ((rec.refused !== null) !== (expect.refused ?? false)) miss('refused', expect.refused ?? false, rec.refused);
  return { ok: mismatches.length === 0, mismatches };
}
