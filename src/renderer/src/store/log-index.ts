// The call log as the page holds it: a one-line summary per position (cheap enough for 100,000
// entries) and full records for a bounded set, fetched back from the host when selected.
import type { CallRecord, ErrnoInfo } from '../../../shared/record';
import { progressOf, type Progress } from './progress';

export interface LogSummary {
  position: number;
  call: string;
  c: string;
  ret: number | null;
  errno: string | null;
  durationUs: number;
  blocked: boolean;
  cancelled: boolean;
  refused: boolean;
  /** The address the call used: the candidate it connected or bound to, the one typed, or an accepted peer. */
  addr: string | null;
  /** A nonblocking call's EINPROGRESS or EAGAIN that is progress, not failure. */
  progress: Progress | null;
  /** A loop's bytes and calls: its ret is only the last call's. */
  bulk: { direction: 'write' | 'read'; bytes: number; calls: number } | null;
  /** BIO_sock_error's ret as the errno it is (SO_ERROR), by name. */
  soError: string | null;
}

/** BIO_sock_error returns the socket's pending error, an errno value: the engine names it. */
export function soErrorOf(r: Pick<CallRecord, 'result'>): ErrnoInfo | null {
  const e = r.result?.soError as ErrnoInfo | undefined;
  return e && typeof e.name === 'string' ? e : null;
}

/** What a ret means where it is more than a number, as a note after it: BIO_sock_error's pending errno, a loop's bytes. */
export function retNote(r: Pick<CallRecord, 'result' | 'bulk'>): string {
  const so = soErrorOf(r);
  if (so) return ` (SO_ERROR ${so.name}: ${so.message})`;
  if (r.bulk) return ` (the loop's last call; it ${r.bulk.direction === 'write' ? 'sent' : 'read'} ${r.bulk.bytes} bytes in ${r.bulk.calls} calls)`;
  return '';
}

/** The address a call used, as one line of the log shows it. */
export function addressUsed(r: Pick<CallRecord, 'call' | 'args' | 'addresses' | 'socket'>): string | null {
  const used = r.addresses?.find((a) => a.used);
  if (used) return used.address;
  if (typeof r.args.addr === 'string' && r.call !== 'BIO_lookup_ex') return r.args.addr;
  if (typeof r.args.hostPort === 'string') return r.args.hostPort;
  if ((r.call === 'BIO_accept_ex' || r.call === 'BIO_accept') && r.socket?.peer) return r.socket.peer;
  return null;
}

export const LOG_CHUNK = 500;
/** Full records kept in memory; older ones are fetched again when selected. */
export const MAX_FULL_RECORDS = 2000;

export function summarise(position: number, r: CallRecord): LogSummary {
  return {
    position,
    call: r.call,
    c: r.c,
    ret: r.ret,
    errno: r.errno?.name ?? null,
    durationUs: r.durationUs,
    blocked: r.blocked,
    cancelled: r.cancelled !== null,
    refused: r.refused !== null,
    addr: addressUsed(r),
    progress: progressOf({ call: r.call, ret: r.ret, errno: r.errno?.name ?? null, errorQueueLength: r.errorQueue.length }),
    bulk: r.bulk ? { direction: r.bulk.direction, bytes: r.bulk.bytes, calls: r.bulk.calls } : null,
    soError: soErrorOf(r)?.name ?? null,
  };
}

/** Mutable on purpose: appending to a copied 100,000-entry array per event would be quadratic. */
export class LogIndex {
  total = 0;
  private readonly summaries: (LogSummary | undefined)[] = [];
  private readonly records = new Map<number, CallRecord>();
  private readonly loadedChunks = new Set<number>();
  private readonly pendingChunks = new Set<number>();

  put(position: number, record: CallRecord): void {
    this.summaries[position] = summarise(position, record);
    if (position >= this.total) this.total = position + 1;
    this.records.delete(position);
    this.records.set(position, record);
    if (this.records.size > MAX_FULL_RECORDS) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }

  summary(position: number): LogSummary | undefined {
    return this.summaries[position];
  }

  record(position: number): CallRecord | undefined {
    return this.records.get(position);
  }

  /** Marks one chunk pending whatever the known total (a log's first page); false if already claimed. */
  claimChunk(chunk: number): boolean {
    if (this.loadedChunks.has(chunk) || this.pendingChunks.has(chunk)) return false;
    this.pendingChunks.add(chunk);
    return true;
  }

  /** Chunks covering [start, end) that are neither loaded nor being loaded; marks them pending. */
  claimMissing(start: number, end: number): number[] {
    const chunks: number[] = [];
    for (let chunk = Math.floor(start / LOG_CHUNK); chunk * LOG_CHUNK < Math.min(end, this.total); chunk++) {
      if (this.loadedChunks.has(chunk) || this.pendingChunks.has(chunk)) continue;
      let complete = true;
      for (let p = chunk * LOG_CHUNK; p < Math.min((chunk + 1) * LOG_CHUNK, this.total); p++) {
        if (!this.summaries[p]) {
          complete = false;
          break;
        }
      }
      if (complete) {
        this.loadedChunks.add(chunk);
        continue;
      }
      this.pendingChunks.add(chunk);
      chunks.push(chunk);
    }
    return chunks;
  }

  settleChunk(chunk: number, loaded: boolean): void {
    this.pendingChunks.delete(chunk);
    if (loaded) this.loadedChunks.add(chunk);
  }

  /** A new session (the host restarted): forget everything. */
  reset(total: number): void {
    this.total = total;
    this.summaries.length = 0;
    this.records.clear();
    this.loadedChunks.clear();
    this.pendingChunks.clear();
  }
}
