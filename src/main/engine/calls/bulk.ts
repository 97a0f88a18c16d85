// BIO_write with "bytes" or "file", and BIO_read with "bytes" or "until": "eof": a loop of calls
// made on a pool thread (bulk-loop.ts), recorded as one summary. The engine thread only starts
// it, turns its count into progress events, and passes a cancel on.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BulkEnd, BulkJob } from '../bulk-loop';
import { refuse, type Draft } from '../records';
import type { SocketEntry } from '../socket-table';
import { O_CLOEXEC, O_NONBLOCK } from '../platform/linux';
import type { CallContext } from './context';
import { DEFAULT_CHUNK } from '../../../shared/call-facts';
import type { StepOf } from '../../../shared/steps';

/** How often a running loop's count goes out as a callProgress event, at most. */
const PROGRESS_INTERVAL_MS = 100;

/** A loop that moved no byte for this long is stalled: its progress says so (the peer is not reading, or not sending). */
export const STALL_AFTER_MS = 1000;

type BulkStep = StepOf<'BIO_write'> | StepOf<'BIO_read'>;

/**
 * What the loop's shared counts [bytes, calls] say, as progress events: one whenever a call was
 * made, and while no byte moves for STALL_AFTER_MS or more, one each whole second with `stalledMs`.
 */
function progressTeller(counts: Float64Array, direction: 'write' | 'read', requested: number | null, ctx: CallContext): () => void {
  let toldCalls = -1;
  let toldStall = 0;
  let bytesSeen = -1;
  let movedAt = Date.now();
  return () => {
    const now = Date.now();
    if (counts[0] !== bytesSeen) {
      bytesSeen = counts[0];
      movedAt = now;
    }
    const still = now - movedAt;
    const stalledMs = still >= STALL_AFTER_MS ? still - (still % 1000) : 0;
    if (counts[1] === toldCalls && stalledMs === toldStall) return;
    toldCalls = counts[1];
    toldStall = stalledMs;
    ctx.progress({ direction, bytes: counts[0], requested, calls: counts[1], ...(stalledMs ? { stalledMs } : {}) });
  };
}

/** A write loop's bytes: the pattern, or the file (checked here so a bad path is refused before any call). */
function writeSource(step: StepOf<'BIO_write'>, rec: Draft): { pattern: Buffer | null; file: string | null; size: number } | null {
  if (step.file === undefined) {
    const pattern = step.data !== undefined ? Buffer.from(step.data, 'utf8') : Buffer.from((step.dataHex ?? '').replace(/\s+/g, ''), 'hex');
    return { pattern, file: null, size: pattern.length };
  }
  const file = resolve(step.file);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      refuse(rec, `file: expected a regular file, ${file} is ${st.isDirectory() ? 'a directory' : 'not a regular file'}`);
      return null;
    }
    size = st.size;
  } catch (e) {
    refuse(rec, `file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return null;
  }
  if (size === 0 && step.bytes !== undefined) {
    refuse(rec, `file: ${file} is empty, so there is nothing to repeat for bytes`);
    return null;
  }
  return { pattern: null, file, size };
}

/** Why a loop stopped short, worth a warning (a cancel or a timeout says so in `cancelled`). */
const STOPPED_SHORT: Partial<Record<BulkEnd, string>> = {
  eof: 'the peer closed its side (BIO_read returned 0, end of file)',
  error: 'a call failed',
  'file-ended': 'the file ended before the bytes it was stat()ed with were read',
};

export async function bulkCall(step: BulkStep, ctx: CallContext, entry: SocketEntry): Promise<Draft> {
  const { rec, b } = ctx;
  const direction = step.call === 'BIO_write' ? 'write' : 'read';
  const source = step.call === 'BIO_write' ? writeSource(step, rec) : { pattern: null, file: null, size: 0 };
  if (!source) return rec;
  const requested = step.bytes ?? (direction === 'write' ? source.size : null);
  const chunk = step.chunk ?? DEFAULT_CHUNK;
  const pipe = new Int32Array(2);
  if (b.libc.pipe2(pipe, O_NONBLOCK | O_CLOEXEC) !== 0) return refuse(rec, `cannot start the loop: pipe2 failed with errno ${b.errno()}`);
  const [wakeRead, wakeWrite] = pipe;
  const progress = new SharedArrayBuffer(16);
  const job: BulkJob = {
    kind: 'bulk',
    direction,
    fd: entry.fd,
    pattern: source.pattern,
    file: source.file,
    bytes: requested,
    chunk,
    waitMs: step.timeoutMs ?? -1,
    wakeFd: wakeRead,
    progress,
  };
  const ticker = setInterval(progressTeller(new Float64Array(progress), direction, requested, ctx), PROGRESS_INTERVAL_MS);
  let out: Awaited<ReturnType<typeof ctx.waits.transfer>>;
  try {
    out = await ctx.waits.transfer(ctx.on(entry), job, () => b.libc.write(wakeWrite, Buffer.from([1]), 1));
  } finally {
    clearInterval(ticker);
    b.libc.close(wakeRead);
    b.libc.close(wakeWrite);
  }
  if (!out.made) {
    rec.ret = null;
    rec.cancelled = `${out.why}: cancelled while the loop was queued for a pool thread; no call was made and the socket is unchanged`;
    rec.socket = ctx.snapshot(entry);
    return rec;
  }
  const { outcome } = out;
  if (outcome.fileError) return refuse(rec, `file: cannot open ${source.file}: ${outcome.fileError}`);
  const s = outcome.summary;
  rec.bulk = s;
  rec.durationUs = s.durationUs;
  if (outcome.last) ctx.apply({ ...outcome.last, durationUs: s.durationUs }, outcome.last.ret < 0);
  else rec.ret = null;
  const name = direction === 'write' ? 'BIO_write' : 'BIO_read';
  const went = `${s.bytes} byte(s) in ${s.calls} ${name} call(s)`;
  // A cancel that came as the last call returned found nothing left to stop.
  if (out.cancelled && (outcome.end === 'cancelled' || out.shutDown)) {
    rec.cancelled = out.shutDown
      ? `${out.cancelled}: a ${name} call stayed blocked, so shutdown(${entry.fd}, SHUT_RDWR) woke it; the loop stopped after ${went}; the socket is spent`
      : `${out.cancelled}: the loop stopped between calls after ${went}; the socket stays usable`;
  } else if (outcome.end === 'timeout') {
    rec.cancelled = `timeout: the socket was not ready within ${step.timeoutMs} ms; the loop stopped after ${went}`;
  } else {
    const why = STOPPED_SHORT[outcome.end];
    // Reading until end of file, end of file is where it meant to stop.
    if (why && !(outcome.end === 'eof' && step.call === 'BIO_read' && step.until === 'eof')) rec.warnings.push(`the loop ended after ${went}: ${why}`);
  }
  rec.socket = ctx.snapshot(entry);
  return rec;
}
