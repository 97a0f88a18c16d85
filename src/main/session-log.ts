// The session log: every call record of a host's session, newest ones in memory, all of them
// as JSON lines on disk so a long session can scroll back past what memory keeps.
import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '../shared/record';

/** DECISIONS "Logs": at least this many entries stay in memory. */
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
}

export class SessionLog {
  readonly file: string | null;
  private fd: number | null = null;
  private readonly capacity: number;
  /** The newest entries; memory[0] is at position `total - memory.length`. */
  private memory: CallRecord[] = [];
  /** Byte offset of each entry's line in the file (one past the last line at the end). */
  private lineStarts: number[] = [0];
  private diskBroken = false;
  private totalEntries = 0;

  constructor(private readonly opts: SessionLogOptions) {
    this.capacity = Math.max(1, opts.memoryEntries ?? MEMORY_ENTRIES);
    this.file = null;
    if (opts.dir) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(opts.dir, 'sessions', `${stamp}-${process.pid}.jsonl`);
      try {
        mkdirSync(join(opts.dir, 'sessions'), { recursive: true });
        this.fd = openSync(file, 'a+', 0o600);
        this.file = file;
      } catch (e) {
        this.breakDisk(`cannot write the session log under ${opts.dir}: ${(e as Error).message}; it stays in memory only`);
      }
    }
  }

  get total(): number {
    return this.totalEntries;
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
    if (this.fd !== null) {
      try {
        const line = Buffer.from(JSON.stringify(record) + '\n');
        writeSync(this.fd, line);
        this.lineStarts.push(this.lineStarts[this.lineStarts.length - 1] + line.length);
      } catch (e) {
        this.breakDisk(`writing the session log failed: ${(e as Error).message}; older entries beyond memory are lost`);
      }
    }
    return position;
  }

  /** Entries [offset, offset+limit), from memory and, for older ones, from disk. */
  read(offset: number, limit: number): { total: number; entries: CallRecord[] } {
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
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private readDisk(from: number, to: number): CallRecord[] {
    if (this.fd === null || this.diskBroken || to >= this.lineStarts.length) {
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
    return buf.toString('utf8', 0, got).split('\n').filter(Boolean).map((l) => JSON.parse(l) as CallRecord);
  }

  private breakDisk(message: string): void {
    if (this.diskBroken) return;
    this.diskBroken = true;
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already unusable
      }
      this.fd = null;
    }
    (this.opts.warn ?? ((m: string) => process.stderr.write(m + '\n')))(message);
  }
}
