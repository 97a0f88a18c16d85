// The session log: every call record of a host's session, newest ones in memory, all of them
// as JSON lines on disk so a long session can scroll back past what memory keeps.
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, readdirSync, readSync, writeSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { currentRecordShape } from '../shared/data-bytes';
import type { CallRecord, SessionHost, SessionLogInfo, SessionLogPage } from '../shared/record';
import { makePrivateDirectory, UnsafeDirectoryError } from './private-dir';

export type { SessionHost, SessionLogInfo, SessionLogPage };

/** At least this many entries stay in memory (older ones are read back from disk). */
export const MEMORY_ENTRIES = 100_000;

/** Where session logs live: $BIO_WORKBENCH_DATA_DIR, else the host's own (Electron userData), else XDG. */
export function dataDirectory(hostDir?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.BIO_WORKBENCH_DATA_DIR) return env.BIO_WORKBENCH_DATA_DIR;
  if (hostDir) return hostDir;
  const xdg = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(xdg, 'bio-workbench');
}

export interface SessionLogOptions {
  /** Directory for the JSON-lines file; null keeps the log in memory only. */
  dir: string | null;
  memoryEntries?: number;
  /** Told once when the disk copy cannot be written (the log goes on in memory). */
  warn?: (message: string) => void;
  /** Told once, with the reason, when the log stops being written to disk (so a window can say so). */
  onStopped?: (reason: string) => void;
  /** Which host writes the log: its file name says so, and Earlier sessions shows it. */
  host?: SessionHost;
  /**
   * Coalesces writes: `schedule` runs the flush after the appends made meanwhile (the session passes
   * queueMicrotask, so the flush runs before the answer of the call that appended is sent). Without
   * it each append is written at once.
   */
  schedule?: (flush: () => void) => void;
}

/** A new file only: never one that exists, never through a symbolic link someone planted at its name. */
const NEW_LOG_FILE = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** Reading an earlier log: no link followed, and a FIFO planted at its name cannot block the open. */
const EXISTING_LOG_FILE = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Where a data directory keeps its session logs, one JSON-lines file per host run. */
export const sessionsDirectory = (dataDir: string): string => join(dataDir, 'sessions');

export class SessionLog {
  readonly file: string | null;
  private fd: number | null = null;
  private readonly capacity: number;
  /** The newest entries; memory[0] is at position `total - memory.length`. */
  private memory: CallRecord[] = [];
  /** Byte offset of each entry's line in the file (one past the last line at the end). */
  private lineStarts: number[] = [0];
  private stopReason: string | null = null;
  private totalEntries = 0;
  /** Lines appended this turn and not yet written (their lineStarts are already counted). */
  private pending: Buffer[] = [];

  constructor(private readonly opts: SessionLogOptions) {
    this.capacity = Math.max(1, opts.memoryEntries ?? MEMORY_ENTRIES);
    this.file = null;
    if (opts.dir) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(sessionsDirectory(opts.dir), `${stamp}-${process.pid}${opts.host ? `-${opts.host}` : ''}.jsonl`);
      try {
        makePrivateDirectory(opts.dir, 'the data directory');
        makePrivateDirectory(sessionsDirectory(opts.dir), 'the sessions directory');
        this.fd = openSync(file, NEW_LOG_FILE, 0o600);
        this.file = file;
      } catch (e) {
        // A directory someone else could write to is refused outright: the host must not start on it.
        if (e instanceof UnsafeDirectoryError) throw e;
        this.stop(`cannot write the session log under ${opts.dir}: ${(e as Error).message}; it stays in memory only`);
      }
    }
  }

  get total(): number {
    return this.totalEntries;
  }

  /** Why the log is no longer written to disk, or null while it is. */
  get stopped(): string | null {
    return this.stopReason;
  }

  /** How many of the newest entries memory holds. */
  get inMemory(): number {
    return this.memory.length;
  }

  /** Appends a record and returns its position. */
  append(record: CallRecord): number {
    const position = this.totalEntries++;
    this.memory.push(record);
    // Trim in batches so appends stay O(1) amortised.
    if (this.memory.length > this.capacity + Math.ceil(this.capacity / 10)) this.memory.splice(0, this.memory.length - this.capacity);
    if (this.fd !== null && this.stopReason === null) {
      const line = Buffer.from(JSON.stringify(record) + '\n');
      this.lineStarts.push(this.lineStarts[this.lineStarts.length - 1] + line.length);
      if (this.pending.push(line) > 1) return position;
      if (this.opts.schedule) this.opts.schedule(() => this.flush());
      else this.flush();
    }
    return position;
  }

  /** Writes the lines appended and not yet written, in one write. */
  flush(): void {
    const lines = this.pending;
    if (lines.length === 0 || this.fd === null) return;
    this.pending = [];
    const bytes = lines.length === 1 ? lines[0] : Buffer.concat(lines);
    const end = this.lineStarts[this.lineStarts.length - 1] - bytes.length;
    try {
      // A full disk takes part of a line and returns short before it throws.
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (e) {
      this.lineStarts.length -= lines.length;
      this.cutBackTo(end);
      this.stop(`writing the session log ${this.file} failed: ${(e as Error).message}; new entries stay in memory only (the ${this.lineStarts.length - 1} already written stay readable)`);
    }
  }

  /** Entries [offset, offset+limit), from memory and, for older ones, from disk. */
  read(offset: number, limit: number): { total: number; entries: CallRecord[] } {
    this.flush();
    const end = Math.min(this.totalEntries, offset + limit);
    if (offset >= end) return { total: this.totalEntries, entries: [] };
    const memoryStart = this.totalEntries - this.memory.length;
    const entries: CallRecord[] = [];
    if (offset < memoryStart) entries.push(...this.readDisk(offset, Math.min(end, memoryStart)));
    const from = Math.max(offset, memoryStart);
    if (from < end) entries.push(...this.memory.slice(from - memoryStart, end - memoryStart));
    return { total: this.totalEntries, entries };
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private readDisk(from: number, to: number): CallRecord[] {
    if (this.fd === null || to >= this.lineStarts.length) {
      throw new Error(`log entries ${from}-${to - 1} are no longer in memory and the disk copy is unavailable`);
    }
    const start = this.lineStarts[from];
    const buf = Buffer.alloc(this.lineStarts[to] - start);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(this.fd, buf, got, buf.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return buf.toString('utf8', 0, got).split('\n').filter(Boolean).map((l) => currentRecordShape(JSON.parse(l) as CallRecord));
  }

  /** Takes a cut line back off the file, so it ends with a whole record; a file that cannot be cut is left to the reader. */
  private cutBackTo(end: number): void {
    try {
      ftruncateSync(this.fd!, end);
    } catch {
      // PreviousSessionLog leaves a torn last line out when it reopens the file.
    }
  }

  /** Stops writing (what is on disk stays readable) and tells the owner once. */
  private stop(reason: string): void {
    if (this.stopReason !== null) return;
    this.stopReason = reason;
    (this.opts.warn ?? ((m: string) => process.stderr.write(m + '\n')))(reason);
    this.opts.onStopped?.(reason);
  }
}

// ---- earlier sessions: listed and reopened read-only (a killed host leaves its file behind) ----

/** A session log's id is its file name without `.jsonl`: letters, digits and dashes only. */
const SESSION_ID_PATTERN = /^[A-Za-z0-9-]{1,100}$/;
/** The writer's pid and host at the end of an id: `...-4711-web` (older logs end at the pid). */
const WRITER_PATTERN = /-(\d+)(?:-(window|web|cli))?$/;

/** The pid and host that wrote a log, from its id. */
function writerOf(id: string): Pick<SessionLogInfo, 'pid' | 'host'> {
  const m = WRITER_PATTERN.exec(id);
  return { pid: m ? Number(m[1]) : null, host: (m?.[2] as SessionHost | undefined) ?? null };
}

/** Why a file is not one of this user's logs (a FIFO, a device, another user's file), or null when it is. */
function notOwnLogFile(stat: Stats): string | null {
  if (!stat.isFile()) return 'not a regular file';
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) return `owned by uid ${stat.uid}, not by you (uid ${uid})`;
  return null;
}


const READ_CHUNK = 1 << 20;

/** A finished (or abandoned) session log, indexed once by line, read a window at a time. */
export class PreviousSessionLog {
  private constructor(
    readonly file: string,
    readonly info: SessionLogInfo,
    /** Byte offset of each complete line, plus one past the last. */
    private readonly lineStarts: number[],
  ) {}

  /** Indexes a log; a torn last line is left out, and `warn` is told so. */
  static open(dataDir: string, id: string, warn?: (message: string) => void): PreviousSessionLog {
    if (!SESSION_ID_PATTERN.test(id)) throw new Error(`id: expected a session id of letters, digits and dashes, got ${JSON.stringify(id.slice(0, 100))}`);
    const file = join(sessionsDirectory(dataDir), `${id}.jsonl`);
    let fd: number;
    try {
      fd = openSync(file, EXISTING_LOG_FILE);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`id: no session log ${JSON.stringify(id)} under ${sessionsDirectory(dataDir)} (${code === 'ELOOP' ? 'a symbolic link, not a log' : (code ?? (e as Error).message)})`);
    }
    try {
      const stat = fstatSync(fd);
      const unlike = notOwnLogFile(stat);
      if (unlike) throw new Error(`id: ${JSON.stringify(id)} under ${sessionsDirectory(dataDir)} is not a session log: ${unlike}`);
      const lineStarts = [0];
      const buf = Buffer.alloc(READ_CHUNK);
      let pos = 0;
      // Scan in chunks so a long session's log is indexed without holding it in memory.
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n === 0) break;
        for (let i = buf.indexOf(10); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lineStarts.push(pos + i + 1);
        pos += n;
      }
      let torn = pos > lineStarts[lineStarts.length - 1];
      // A last line that ends in a newline but is not JSON was cut and finished by something else: leave it out too.
      if (lineStarts.length > 1 && !parseLine(readRange(fd, lineStarts[lineStarts.length - 2], lineStarts[lineStarts.length - 1]))) {
        lineStarts.pop();
        torn = true;
      }
      if (torn) warn?.(`${file}: the last line (${stat.size - lineStarts[lineStarts.length - 1]} bytes) was cut short (the host stopped or the disk filled mid-write); it is left out`);
      const first = lineStarts.length > 1 ? parseLine(readRange(fd, 0, lineStarts[1])) : null;
      const info: SessionLogInfo = {
        id,
        ...writerOf(id),
        startedAt: typeof first?.startedAt === 'number' ? first.startedAt : null,
        modifiedAt: stat.mtimeMs,
        entries: lineStarts.length - 1,
        bytes: stat.size,
        torn,
      };
      return new PreviousSessionLog(file, info, lineStarts);
    } finally {
      closeSync(fd);
    }
  }

  get total(): number {
    return this.lineStarts.length - 1;
  }

  /** Entries [offset, offset+limit), as the `log` method gives the current session's. */
  read(offset: number, limit: number): { total: number; entries: CallRecord[]; torn: boolean } {
    const end = Math.min(this.total, offset + limit);
    if (offset >= end) return { total: this.total, entries: [], torn: this.info.torn };
    const fd = openSync(this.file, EXISTING_LOG_FILE);
    try {
      const text = readRange(fd, this.lineStarts[offset], this.lineStarts[end]);
      const entries = text.split('\n').filter(Boolean).map((l, i) => {
        const rec = parseLine(l);
        if (!rec) throw new Error(`${basename(this.file)}: line ${offset + i + 1} is not a JSON record`);
        return rec;
      });
      return { total: this.total, entries, torn: this.info.torn };
    } finally {
      closeSync(fd);
    }
  }
}

function readRange(fd: number, start: number, end: number): string {
  const buf = Buffer.alloc(end - start);
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buf.toString('utf8', 0, got);
}

function parseLine(line: string): CallRecord | null {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? currentRecordShape(v as CallRecord) : null;
  } catch {
    return null;
  }
}

/** Names looked at per page, at most: a directory of thousands of empty logs still answers at once. */
const LIST_SCAN = 500;

export interface ListOptions {
  /** List sessions older than this id (the previous page's `next`); the newest when absent. */
  before?: string;
  limit: number;
  /** Left out (this session's own log). */
  except?: string | null;
  warn?: (message: string) => void;
}

/**
 * One page of session logs under a data directory, newest first: regular files of this user's
 * only (no symbolic links), logs without calls counted rather than listed.
 */
export function listSessionLogPage(dataDir: string, opts: ListOptions): SessionLogPage {
  let names: string[];
  try {
    names = readdirSync(sessionsDirectory(dataDir));
  } catch {
    return { sessions: [], next: null, withoutCalls: 0 };
  }
  // File names start with an ISO time stamp, so name order is start order.
  const ids = names
    .map((name) => (name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : ''))
    .filter((id) => SESSION_ID_PATTERN.test(id) && id !== opts.except && (opts.before === undefined || id < opts.before))
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const sessions: SessionLogInfo[] = [];
  let withoutCalls = 0;
  let looked = 0;
  for (const id of ids) {
    if (sessions.length >= opts.limit || looked >= LIST_SCAN) return { sessions, next: ids[looked - 1], withoutCalls };
    looked++;
    const info = ownLogInfo(dataDir, id, opts.warn);
    if (info === null) continue;
    if (info.entries === 0) withoutCalls++;
    else sessions.push(info);
  }
  return { sessions, next: null, withoutCalls };
}

/** A log's info, or null for anything that is not this user's regular file (checked before it is opened). */
function ownLogInfo(dataDir: string, id: string, warn?: (message: string) => void): SessionLogInfo | null {
  try {
    const stat = lstatSync(join(sessionsDirectory(dataDir), `${id}.jsonl`));
    if (notOwnLogFile(stat)) return null;
    if (stat.size === 0) return { id, ...writerOf(id), startedAt: null, modifiedAt: stat.mtimeMs, entries: 0, bytes: 0, torn: false };
    return PreviousSessionLog.open(dataDir, id, warn).info;
  } catch {
    return null; // removed or unreadable since the listing
  }
}

/** Every session log with calls under a data directory, newest first (all pages). */
export function listSessionLogs(dataDir: string, warn?: (message: string) => void): SessionLogInfo[] {
  const all: SessionLogInfo[] = [];
  let before: string | undefined;
  do {
    const page = listSessionLogPage(dataDir, { before, limit: 100, warn });
    all.push(...page.sessions);
    before = page.next ?? undefined;
  } while (before !== undefined);
  return all;
}
