import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../shared/record';
import { dataText } from '../shared/data-bytes';
import { MEMORY_ENTRIES, PreviousSessionLog, SessionLog, dataDirectory, listSessionLogs, sessionsDirectory } from './session-log';

const record = (index: number): CallRecord =>
  ({ index, call: 'BIO_socket', args: {}, c: `BIO_socket(${index})`, ret: index, errno: null, errorQueue: [], socket: null, addresses: null, durationUs: 1, blocked: false, cancelled: null, refused: null, warnings: [], data: { hex: 'c3a9e29c93' }, expect: null, startedAt: 0 }) as CallRecord;

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bio-log-'));
  dirs.push(d);
  return d;
};
const mounts: string[] = [];
afterEach(() => {
  // Lazy: a log a failed test left open must not keep the mount (or its directory) behind.
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A small tmpfs of our own (a full or read-only disk without touching the real ones), or why not. */
function tmpfs(options: string): { dir: string } | { skip: string } {
  const dir = tempDir();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { skip: `cannot mount a tmpfs (${options}): ${r.error?.message ?? r.stderr.trim()}` };
  mounts.push(dir);
  return { dir };
}

const bigRecord = (index: number): CallRecord => ({ ...record(index), data: { hex: 'ab'.repeat(750) } });

describe('dataDirectory', () => {
  it('prefers $BIO_WORKBENCH_DATA_DIR, then the host dir, then XDG', () => {
    expect(dataDirectory('/host', { BIO_WORKBENCH_DATA_DIR: '/env' })).toBe('/env');
    expect(dataDirectory('/host', { XDG_DATA_HOME: '/xdg' })).toBe('/host');
    expect(dataDirectory(undefined, { XDG_DATA_HOME: '/xdg' })).toBe('/xdg/bio-workbench');
    expect(dataDirectory(undefined, {})).toMatch(/\.local\/share\/bio-workbench$/);
  });
});

describe('SessionLog', () => {
  it('keeps the newest entries in memory and reads older ones back from the JSON lines on disk', () => {
    const log = new SessionLog({ dir: tempDir(), memoryEntries: 10 });
    for (let i = 0; i < 50; i++) expect(log.append(record(i))).toBe(i);
    expect(log.total).toBe(50);
    expect(log.inMemory).toBeLessThanOrEqual(11);
    const { total, entries } = log.read(5, 40);
    expect(total).toBe(50);
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: 40 }, (_, i) => i + 5));
    expect(entries[0].data).toEqual({ hex: 'c3a9e29c93' });
    expect(dataText(entries[0].data)).toBe('é✓');
    const lines = readFileSync(log.file!, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(50);
    expect(JSON.parse(lines[49]).index).toBe(49);
    expect(log.read(48, 10).entries.map((e) => e.index)).toEqual([48, 49]);
    expect(log.read(60, 10).entries).toEqual([]);
    log.close();
  });

  it('holds at least 100,000 entries in memory by default', () => {
    const log = new SessionLog({ dir: null });
    const r = record(0);
    for (let i = 0; i <= MEMORY_ENTRIES; i++) log.append(r);
    expect(MEMORY_ENTRIES).toBeGreaterThanOrEqual(100_000);
    expect(log.inMemory).toBe(MEMORY_ENTRIES + 1);
    expect(log.read(0, 3).entries).toHaveLength(3);
  });

  it('goes on in memory, with one warning, when the directory cannot be written', () => {
    const warnings: string[] = [];
    const blocker = join(tempDir(), 'file');
    rmSync(blocker, { force: true });
    writeFileSync(blocker, 'x');
    const log = new SessionLog({ dir: blocker, memoryEntries: 2, warn: (m) => warnings.push(m) });
    for (let i = 0; i < 5; i++) log.append(record(i));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/stays in memory only/);
    expect(log.read(3, 2).entries.map((e) => e.index)).toEqual([3, 4]);
    expect(() => log.read(0, 1)).toThrow(/no longer in memory/);
  });

  it('creates the data directory, and its sessions directory, readable by the owner only (0700)', () => {
    const dataDir = join(tempDir(), 'fresh', 'data');
    const log = new SessionLog({ dir: dataDir, warn: () => undefined });
    log.append(record(0));
    for (const d of [join(dataDir, '..'), dataDir, sessionsDirectory(dataDir)]) expect((statSync(d).mode & 0o777).toString(8), d).toBe('700');
    expect((statSync(log.file!).mode & 0o777).toString(8)).toBe('600');
    log.close();
  });

  it('a read-only data directory is reported with its real errno (EROFS) and the path', (ctx) => {
    const ro = tmpfs('ro,size=64k');
    if ('skip' in ro) {
      console.log(`skipped: ${ro.skip}`);
      return ctx.skip(ro.skip);
    }
    const warnings: string[] = [];
    const stops: string[] = [];
    const log = new SessionLog({ dir: join(ro.dir, 'data'), warn: (m) => warnings.push(m), onStopped: (r) => stops.push(r) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/EROFS/);
    expect(warnings[0]).not.toMatch(/ENOENT/);
    expect(warnings[0]).toContain(join(ro.dir, 'data'));
    expect(log.stopped).toBe(warnings[0]);
    expect(stops).toEqual([warnings[0]]);
    expect(log.append(record(0))).toBe(0);
  });

  it('a full disk: the log stops being written, tells its owner once, keeps no torn line and reads on', (ctx) => {
    const full = tmpfs('size=16k');
    if ('skip' in full) {
      console.log(`skipped: ${full.skip} (the /dev/full test covers the write path)`);
      return ctx.skip(full.skip);
    }
    const stops: string[] = [];
    const log = new SessionLog({ dir: full.dir, memoryEntries: 5, warn: () => undefined, onStopped: (r) => stops.push(r) });
    let n = 0;
    while (log.stopped === null && n < 100) log.append(bigRecord(n++));
    expect(log.stopped, 'a 16 KiB disk fills within 100 records of 1.5 KB').not.toBeNull();
    for (let i = 0; i < 5; i++) log.append(bigRecord(n++));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatch(/ENOSPC|no space/i);
    expect(stops[0]).toContain(log.file!);
    // Every line on disk is a whole record: the cut one was taken back off.
    const text = readFileSync(log.file!, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const onDisk = text.trim().split('\n').map((l) => JSON.parse(l) as CallRecord);
    expect(onDisk.map((r) => r.index)).toEqual(Array.from({ length: onDisk.length }, (_, i) => i));
    expect(onDisk.length).toBeGreaterThan(0);
    // What reached the disk still reads back, older than memory holds; the rest is in memory.
    expect(log.read(0, onDisk.length).entries.map((e) => e.index)).toEqual(onDisk.map((r) => r.index));
    expect(log.read(n - 2, 2).entries.map((e) => e.index)).toEqual([n - 2, n - 1]);
    const reopened = PreviousSessionLog.open(full.dir, basename(log.file!, '.jsonl'));
    expect(reopened.info).toMatchObject({ entries: onDisk.length, torn: false });
    log.close();
  });

  it('a write that fails (/dev/full) stops the log and says so through onStopped and stopped', () => {
    const dataDir = tempDir();
    mkdirSync(sessionsDirectory(dataDir));
    // The log's file name is its start time and pid: fix the time, and put /dev/full there.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-02T03:04:05.678Z') });
    try {
      symlinkSync('/dev/full', join(sessionsDirectory(dataDir), `2030-01-02T03-04-05-678Z-${process.pid}.jsonl`));
      const stops: string[] = [];
      const log = new SessionLog({ dir: dataDir, warn: () => undefined, onStopped: (r) => stops.push(r) });
      expect(log.stopped).toBeNull();
      log.append(record(0));
      log.append(record(1));
      expect(stops).toHaveLength(1);
      expect(stops[0]).toMatch(/ENOSPC/);
      expect(log.stopped).toBe(stops[0]);
      expect(log.read(0, 2).entries.map((e) => e.index)).toEqual([0, 1]);
      log.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('earlier session logs', () => {
  it('reads a log written when records held data as text and hex both, and a write\'s bytes in args too, in today\'s shape', () => {
    const dataDir = tempDir();
    mkdirSync(sessionsDirectory(dataDir), { recursive: true });
    const id = `2025-01-02T03-04-05-678Z-${process.pid}`;
    const base = { errno: null, errorQueue: [], socket: null, addresses: null, durationUs: 1, blocked: false, cancelled: null, refused: null, warnings: [], expect: null, startedAt: 0 };
    const oldWrite = { ...base, index: 0, call: 'BIO_write', args: { call: 'BIO_write', sock: 'c', data: 'hello' }, c: 'BIO_write(bio_c, data, 5)', ret: 3, data: { text: 'hello', hex: '68656c6c6f' }, result: { sent: 3, unsent: { text: 'lo', hex: '6c6f' } } };
    const oldRead = { ...base, index: 1, call: 'BIO_read', args: { call: 'BIO_read', sock: 'a', max: 16 }, c: 'BIO_read(bio_a, buf, 16)', ret: 3, data: { text: 'hel', hex: '68656c' } };
    writeFileSync(join(sessionsDirectory(dataDir), `${id}.jsonl`), [oldWrite, oldRead].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const [write, read] = PreviousSessionLog.open(dataDir, id).read(0, 10).entries;
    expect(write.data).toEqual({ hex: '68656c6c6f' });
    expect(write.args).toEqual({ call: 'BIO_write', sock: 'c' });
    expect(write.result).toEqual({ sent: 3, unsent: { hex: '6c6f' } });
    expect(read.data).toEqual({ hex: '68656c' });
    expect(read.args).toEqual({ call: 'BIO_read', sock: 'a', max: 16 });
  });

  it('reopening and listing skip a torn last line, with a warning naming the file', () => {
    const dataDir = tempDir();
    const log = new SessionLog({ dir: dataDir });
    for (let i = 0; i < 3; i++) log.append(record(i));
    log.close();
    appendFileSync(log.file!, JSON.stringify(record(3)).slice(0, 30));
    const id = basename(log.file!, '.jsonl');
    const warnings: string[] = [];
    const reopened = PreviousSessionLog.open(dataDir, id, (m) => warnings.push(m));
    expect(reopened.info).toMatchObject({ entries: 3, torn: true });
    expect(reopened.read(0, 10).entries.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${id}.jsonl`);
    expect(warnings[0]).toMatch(/last line .*cut short.*left out/);
    const listed: string[] = [];
    expect(listSessionLogs(dataDir, (m) => listed.push(m)).map((i) => [i.id, i.entries, i.torn])).toEqual([[id, 3, true]]);
    expect(listed).toEqual(warnings);
    // A whole log warns about nothing.
    writeFileSync(log.file!, readFileSync(log.file!, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
    const quiet: string[] = [];
    expect(PreviousSessionLog.open(dataDir, id, (m) => quiet.push(m)).info.torn).toBe(false);
    expect(quiet).toEqual([]);
    expect(readdirSync(sessionsDirectory(dataDir))).toEqual([`${id}.jsonl`]);
  });
});
