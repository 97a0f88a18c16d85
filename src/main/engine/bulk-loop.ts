// A BIO_write or BIO_read loop, run whole on a pool thread: a koffi call is synchronous, so a
// long loop on the engine thread would freeze every other socket. The thread hashes what went,
// keeps its first and last 64 bytes, and publishes its count for the engine's progress events.
// A pattern's bytes are hashed after the last call (they are the pattern repeated, so the same
// bytes): SHA-256 inside the loop would halve what loopback can carry.
import type { Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Bindings, Pointer } from './bindings';
import { drainErrorQueue } from './error-queue';
import type { Invocation } from './invoke';
import koffi from 'koffi';
import { EAGAIN, F_GETFL, O_NONBLOCK, POLLIN, POLLOUT, pollfd, type PollFd } from './platform/linux';
import { numberField } from './struct-fields';
import type { BulkSummary } from '../../shared/record';

/** node:crypto, loaded by the first bulk loop: the engine process does not load it at start (a few ms of CPU). */
const createHash = (algorithm: string): Hash => (process.getBuiltinModule('node:crypto') as typeof import('node:crypto')).createHash(algorithm);

const EDGE = 64;
const EINTR = 4;
/** The socket and the wake pipe: struct pollfd[2], laid out by koffi; poll writes each revents in place. */
const pollPair = koffi.array(pollfd, 2);
const revents = numberField(pollfd, 'revents');

function pollFds(fd: number, events: number, wakeFd: number) {
  const entries: PollFd[] = [
    { fd, events, revents: 0 },
    { fd: wakeFd, events: POLLIN, revents: 0 },
  ];
  const buf = Buffer.alloc(koffi.sizeof(pollPair));
  const wake = buf.subarray(koffi.sizeof(pollfd));
  return {
    buf,
    /** Lays both entries out again, revents cleared, before each poll. */
    reset: () => koffi.encode(buf, pollPair, entries),
    woken: () => revents.read(wake) !== 0,
  };
}

export interface BulkJob {
  kind: 'bulk';
  direction: 'write' | 'read';
  fd: number;
  /** What a write loop repeats; null when it sends a file. */
  pattern: Uint8Array | null;
  /** The file a write loop sends (repeated when `bytes` is larger), or null. */
  file: string | null;
  /** Bytes to move; null: a file once (write), or until end of file (read). */
  bytes: number | null;
  chunk: number;
  /** Bound on each wait for readiness, in ms; -1 waits as long as it takes (a cancel still ends it). */
  waitMs: number;
  /** Read end of a pipe the engine writes to on cancel: it wakes the loop out of poll(2). */
  wakeFd: number;
  /** Float64Array [bytes, calls], written after every call, read by the engine for progress. */
  progress: SharedArrayBuffer;
}

/** Why the loop stopped. */
export type BulkEnd = 'done' | 'eof' | 'error' | 'cancelled' | 'timeout' | 'file-ended';

export interface BulkOutcome {
  summary: BulkSummary;
  /** The last call made (null when none was): C's ret, errno and queue as the loop last saw them. */
  last: Invocation | null;
  end: BulkEnd;
  /** A file that could not be opened: nothing was sent. */
  fileError: string | null;
}

/** The first and last bytes of a stream, kept as it passes. */
class Edges {
  first = Buffer.alloc(0);
  last = Buffer.alloc(0);

  add(b: Buffer): void {
    if (this.first.length < EDGE) this.first = Buffer.concat([this.first, b.subarray(0, EDGE - this.first.length)]);
    this.last = b.length >= EDGE ? Buffer.from(b.subarray(b.length - EDGE)) : Buffer.concat([this.last, b]).subarray(-EDGE);
  }
}

/** Where a write loop's bytes come from: the slice to write next, given how many went. */
interface Source {
  size: number;
  slice(offset: number, want: number): Buffer;
  /** The first `bytes` of the stream into the hash and edges after the loop; absent: hashed as they go. */
  hashAfter?(bytes: number, hash: Hash, edges: Edges): void;
  close(): void;
}

/** The pattern laid out once, one pattern longer than a chunk: any offset's next chunk is one slice. */
function patternSource(pattern: Uint8Array, chunk: number): Source {
  const p = Buffer.from(pattern.buffer, pattern.byteOffset, pattern.byteLength);
  const laid = Buffer.allocUnsafe(p.length - 1 + chunk);
  for (let at = 0; at < laid.length; at += p.length) p.copy(laid, at, 0, Math.min(p.length, laid.length - at));
  const slice = (offset: number, want: number) => laid.subarray(offset % p.length, (offset % p.length) + want);
  const hashAfter = (bytes: number, hash: Hash, edges: Edges) => {
    for (let at = 0; at < bytes; ) {
      const piece = slice(at, Math.min(chunk, bytes - at));
      hash.update(piece);
      // Only the first and last pieces can hold the stream's first or last 64 bytes.
      if (at < EDGE || at + piece.length > bytes - EDGE) edges.add(piece);
      at += piece.length;
    }
  };
  return { size: p.length, slice, hashAfter, close: () => undefined };
}

function fileSource(path: string, chunk: number): Source {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const buf = Buffer.allocUnsafe(chunk);
  return {
    size,
    slice: (offset, want) => {
      const at = offset % size;
      const n = readSync(fd, buf, 0, Math.min(want, size - at), at);
      return buf.subarray(0, n);
    },
    close: () => closeSync(fd),
  };
}

type Readiness = 'ready' | 'cancelled' | 'timeout';

/** Waits for the socket (or the wake pipe); 'ready' also when poll reports an error (the next call says which). */
function readinessWaiter(b: Bindings, job: BulkJob, cancel: Int32Array): () => Readiness {
  const fds = pollFds(job.fd, job.direction === 'write' ? POLLOUT : POLLIN, job.wakeFd);
  return () => {
    for (;;) {
      if (Atomics.load(cancel, 0) === 1) return 'cancelled';
      fds.reset();
      const n = b.libc.pollBuffer(fds.buf, 2, job.waitMs);
      if (n < 0 && b.errno() === EINTR) continue;
      if (fds.woken() || Atomics.load(cancel, 0) === 1) return 'cancelled';
      return n === 0 ? 'timeout' : 'ready';
    }
  };
}

/** What the loop's calls did, counted as they went. */
interface Tally {
  bytes: number;
  calls: number;
  partial: number;
  eagain: number;
  eof: boolean;
  last: Invocation | null;
  end: BulkEnd;
}

interface LoopParts {
  bio: Pointer;
  source: Source | null;
  total: number | null;
  hash: Hash;
  edges: Edges;
}

/** The calls, one after another until the bytes went, the peer ended, a call failed, or a cancel or timeout came. */
function callLoop(b: Bindings, job: BulkJob, cancel: Int32Array, { bio, source, total, hash, edges }: LoopParts): Tally {
  const writing = job.direction === 'write';
  const progress = new Float64Array(job.progress);
  const readBuf = writing ? null : Buffer.allocUnsafe(job.chunk);
  // A blocking socket would block inside the call, where a cancel cannot reach: poll first.
  const blocking = (b.libc.fcntl(job.fd, F_GETFL) & O_NONBLOCK) === 0;
  const ready = readinessWaiter(b, job, cancel);
  const t: Tally = { bytes: 0, calls: 0, partial: 0, eagain: 0, eof: false, last: null, end: 'done' };
  for (;;) {
    if (total !== null && t.bytes >= total) return t;
    if (Atomics.load(cancel, 0) === 1) return { ...t, end: 'cancelled' };
    const want = total === null ? job.chunk : Math.min(job.chunk, total - t.bytes);
    const r = blocking ? ready() : 'ready';
    if (r !== 'ready') return { ...t, end: r };
    const out = source ? source.slice(t.bytes, want) : readBuf!;
    if (source && out.length === 0) return { ...t, end: 'file-ended' };
    const asked = source ? out.length : want;
    b.errno(0);
    const c0 = process.hrtime.bigint();
    const ret = writing ? b.crypto.BIO_write(bio, out, asked) : b.crypto.BIO_read(bio, out, asked);
    const callUs = Number((process.hrtime.bigint() - c0) / 1000n);
    t.calls++;
    if (ret > 0) {
      if (!source?.hashAfter) {
        const moved = out.subarray(0, ret);
        hash.update(moved);
        edges.add(moved);
      }
      t.bytes += ret;
      if (ret < asked) t.partial++;
      // Bytes before calls: a reader never sees a call counted without what it moved.
      progress[0] = t.bytes;
      progress[1] = t.calls;
      t.last = { ret, errno: 0, errorQueue: [], durationUs: callUs };
      continue;
    }
    const errno = b.errno();
    progress[1] = t.calls;
    const failed = (): Invocation => ({ ret, errno, errorQueue: drainErrorQueue(b), durationUs: callUs });
    if (ret < 0 && errno === EAGAIN) {
      t.eagain++;
      const again = ready();
      if (again !== 'ready') return { ...t, last: failed(), end: again };
      continue;
    }
    const eof = ret === 0 && !writing;
    return { ...t, last: failed(), eof, end: eof ? 'eof' : 'error' };
  }
}

export function runBulkLoop(b: Bindings, job: BulkJob, cancel: Int32Array): BulkOutcome {
  const writing = job.direction === 'write';
  let source: Source | null = null;
  if (writing) {
    try {
      source = job.file !== null ? fileSource(job.file, job.chunk) : patternSource(job.pattern ?? new Uint8Array(0), job.chunk);
    } catch (e) {
      return { summary: summaryOf(job, 0, 0, 0, 0, 0, createHash('sha256'), new Edges(), false), last: null, end: 'error', fileError: (e as Error).message };
    }
  }
  const total = writing && job.bytes === null ? source!.size : job.bytes;
  const bio: Pointer = b.crypto.BIO_new_socket(job.fd, 0);
  const hash = createHash('sha256');
  const edges = new Edges();
  b.crypto.ERR_clear_error();
  const t0 = process.hrtime.bigint();
  let t: Tally;
  try {
    t = callLoop(b, job, cancel, { bio, source, total, hash, edges });
  } finally {
    b.crypto.BIO_free(bio);
    source?.close();
  }
  const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
  source?.hashAfter?.(t.bytes, hash, edges);
  return { summary: summaryOf(job, t.bytes, t.calls, t.partial, t.eagain, durationUs, hash, edges, t.eof, total), last: t.last, end: t.end, fileError: null };
}

function summaryOf(job: BulkJob, bytes: number, calls: number, partial: number, eagain: number, durationUs: number, hash: ReturnType<typeof createHash>, edges: Edges, eof: boolean, total = job.bytes): BulkSummary {
  return {
    direction: job.direction,
    bytes,
    requested: total,
    chunk: job.chunk,
    calls,
    partial,
    eagain,
    durationUs,
    sha256: hash.digest('hex'),
    first: edges.first.toString('hex'),
    last: edges.last.toString('hex'),
    eof,
  };
}
