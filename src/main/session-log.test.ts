import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../shared/record';
import { dataText } from '../shared/data-bytes';
import { MEMORY_ENTRIES, PreviousSessionLog, SessionLog, dataDirectory, listSessionLogPage, listSessionLogs, sessionsDirectory } from './session-log';
import { UnsafeDirectoryError } from './private-dir';

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
    const full = tmpfs('size=16k,mode=700');
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
    const stops: string[] = [];
    const log = new SessionLog({ dir: tempDir(), warn: () => undefined, onStopped: (r) => stops.push(r) });
    expect(log.stopped).toBeNull();
    // The log never opens a path that exists: swap its descriptor for /dev/full's to fail the write.
    const own = log as unknown as { fd: number };
    closeSync(own.fd);
    own.fd = openSync('/dev/full', 'w');
    log.append(record(0));
    log.append(record(1));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatch(/ENOSPC/);
    expect(log.stopped).toBe(stops[0]);
    expect(log.read(0, 2).entries.map((e) => e.index)).toEqual([0, 1]);
    log.close();
  });

  it('with a schedule, writes the records of one turn in one write when the flush runs, and reads them back before it', () => {
    const flushes: (() => void)[] = [];
    const log = new SessionLog({ dir: tempDir(), memoryEntries: 2, warn: () => undefined, schedule: (f) => flushes.push(f) });
    for (let i = 0; i < 5; i++) log.append(record(i));
    expect(flushes).toHaveLength(1);
    expect(readFileSync(log.file!, 'utf8')).toBe('');
    // Older than memory holds and not yet written: a read writes them first.
    expect(log.read(0, 5).entries.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(readFileSync(log.file!, 'utf8').trim().split('\n').map((l) => JSON.parse(l).index)).toEqual([0, 1, 2, 3, 4]);
    flushes[0]();
    log.append(record(5));
    expect(flushes).toHaveLength(2);
    flushes[1]();
    expect(readFileSync(log.file!, 'utf8').trim().split('\n')).toHaveLength(6);
    log.close();
  });

  it('with a schedule, a failed write of a turn stops the log and keeps those records in memory', () => {
    const stops: string[] = [];
    const flushes: (() => void)[] = [];
    const log = new SessionLog({ dir: tempDir(), warn: () => undefined, onStopped: (r) => stops.push(r), schedule: (f) => flushes.push(f) });
    const own = log as unknown as { fd: number };
    closeSync(own.fd);
    own.fd = openSync('/dev/full', 'w');
    log.append(record(0));
    log.append(record(1));
    expect(stops).toEqual([]);
    flushes[0]();
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatch(/ENOSPC/);
    expect(stops[0]).toMatch(/the 0 already written/);
    expect(log.read(0, 2).entries.map((e) => e.index)).toEqual([0, 1]);
    log.close();
  });

  it('names the host that writes the log in its file name', () => {
    const log = new SessionLog({ dir: tempDir(), host: 'web', warn: () => undefined });
    log.append(record(0));
    expect(basename(log.file!)).toMatch(new RegExp(`-${process.pid}-web\\.jsonl$`));
    log.close();
  });
});

describe('the data directory another user could write to', () => {
  const refusal = (dir: string) => {
    try {
      new SessionLog({ dir, warn: () => undefined }).close();
    } catch (e) {
      expect(e).toBeInstanceOf(UnsafeDirectoryError);
      return (e as Error).message;
    }
    return null;
  };

  it('refuses a data directory or sessions directory writable by group or others, naming it and the chmod that fixes it', () => {
    const open = tempDir();
    chmodSync(open, 0o777);
    expect(refusal(open)).toBe(`the data directory ${open} is writable by group and others (mode 0777): make it yours alone with chmod 700 ${open}`);
    const grouped = tempDir();
    mkdirSync(sessionsDirectory(grouped), { mode: 0o700 });
    chmodSync(sessionsDirectory(grouped), 0o770);
    expect(refusal(grouped)).toBe(`the sessions directory ${sessionsDirectory(grouped)} is writable by its group (mode 0770): make it yours alone with chmod 700 ${sessionsDirectory(grouped)}`);
    // Nothing was written into either.
    expect(readdirSync(open)).toEqual([]);
    expect(readdirSync(sessionsDirectory(grouped))).toEqual([]);
  });

  it('refuses a data directory or sessions directory that is a symbolic link, even to a private directory', () => {
    const elsewhere = tempDir();
    const linked = join(tempDir(), 'data');
    symlinkSync(elsewhere, linked);
    expect(refusal(linked)).toMatch(new RegExp(`^the data directory ${linked} is a symbolic link \\(to ${elsewhere}\\).*remove the link \\(rm ${linked}\\)`));
    const dataDir = tempDir();
    symlinkSync(elsewhere, sessionsDirectory(dataDir));
    expect(refusal(dataDir)).toMatch(new RegExp(`^the sessions directory ${sessionsDirectory(dataDir)} is a symbolic link`));
    // A dangling link is refused too, not made into a directory at its target.
    const dangling = tempDir();
    symlinkSync(join(elsewhere, 'nowhere'), sessionsDirectory(dangling));
    expect(refusal(dangling)).toMatch(/is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses a data directory that belongs to another user', (ctx) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: giving a directory to another user needs root');
      return ctx.skip('giving a directory to another user needs root');
    }
    const theirs = tempDir();
    chownSync(theirs, 65534, 65534);
    expect(refusal(theirs)).toBe(`the data directory ${theirs} belongs to uid 65534, not to you (uid 0): set BIO_WORKBENCH_DATA_DIR to a directory of your own, or have its owner remove it`);
  });

  it('quotes a path with spaces in the fix it gives', () => {
    const spaced = join(tempDir(), "a b's");
    mkdirSync(spaced, { mode: 0o700 });
    chmodSync(spaced, 0o757);
    expect(refusal(spaced)).toContain(`chmod 700 '${spaced.replace("'", `'\\''`)}'`);
  });

  it('never follows a link planted at the log file\'s name: the victim file is untouched and the log stays in memory', () => {
    const dataDir = tempDir();
    mkdirSync(sessionsDirectory(dataDir), { mode: 0o700 });
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious\n');
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-02T03:04:05.678Z') });
    try {
      symlinkSync(victim, join(sessionsDirectory(dataDir), `2030-01-02T03-04-05-678Z-${process.pid}.jsonl`));
      const warnings: string[] = [];
      const log = new SessionLog({ dir: dataDir, warn: (m) => warnings.push(m) });
      log.append(record(0));
      expect(readFileSync(victim, 'utf8')).toBe('precious\n');
      expect(log.file).toBeNull();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/EEXIST.*stays in memory only/);
      expect(log.read(0, 1).entries.map((e) => e.index)).toEqual([0]);
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

  it('lists this user\'s regular log files only, newest first, a page at a time, counting logs without calls', (ctx) => {
    const dataDir = tempDir();
    const sessions = sessionsDirectory(dataDir);
    mkdirSync(sessions, { mode: 0o700 });
    const line = JSON.stringify(record(0)) + '\n';
    const ids = Array.from({ length: 5 }, (_, i) => `2030-01-0${i + 1}T00-00-00-000Z-${100 + i}-${['window', 'web', 'cli', 'web', 'window'][i]}`);
    ids.forEach((id, i) => writeFileSync(join(sessions, `${id}.jsonl`), line.repeat(i + 1)));
    writeFileSync(join(sessions, '2030-01-06T00-00-00-000Z-200-web.jsonl'), '');
    writeFileSync(join(sessions, '2030-01-07T00-00-00-000Z-201.jsonl'), '');
    // What another user could plant: links to logs and to other files, a FIFO (which would block an open), a file of theirs.
    const outside = join(tempDir(), 'outside.jsonl');
    writeFileSync(outside, line.repeat(9));
    symlinkSync(outside, join(sessions, '2030-01-08T00-00-00-000Z-300.jsonl'));
    symlinkSync(join(sessions, `${ids[0]}.jsonl`), join(sessions, '2030-01-09T00-00-00-000Z-301.jsonl'));
    spawnSync('mkfifo', [join(sessions, '2030-01-10T00-00-00-000Z-302.jsonl')]);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      writeFileSync(join(sessions, '2030-01-11T00-00-00-000Z-303.jsonl'), line);
      chownSync(join(sessions, '2030-01-11T00-00-00-000Z-303.jsonl'), 65534, 65534);
    } else console.log('another user\'s file is not planted: giving a file away needs root');

    const first = listSessionLogPage(dataDir, { limit: 2 });
    expect(first.sessions.map((i) => [i.id, i.entries, i.host, i.pid])).toEqual([
      [ids[4], 5, 'window', 104],
      [ids[3], 4, 'web', 103],
    ]);
    expect(first.withoutCalls).toBe(2);
    expect(first.next).toBe(ids[3]);
    const second = listSessionLogPage(dataDir, { limit: 2, before: first.next! });
    expect(second.sessions.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    const third = listSessionLogPage(dataDir, { limit: 2, before: second.next! });
    expect(third).toEqual({ sessions: [expect.objectContaining({ id: ids[0], host: 'window', entries: 1 })], next: null, withoutCalls: 0 });
    expect(listSessionLogs(dataDir).map((i) => i.id)).toEqual([...ids].reverse());
    expect(listSessionLogPage(dataDir, { limit: 10, except: ids[4] }).sessions.map((i) => i.id)).toEqual([...ids].reverse().slice(1));
    // Opened by id, a planted file is refused rather than read.
    expect(() => PreviousSessionLog.open(dataDir, '2030-01-08T00-00-00-000Z-300')).toThrow(/a symbolic link, not a log/);
    expect(() => PreviousSessionLog.open(dataDir, '2030-01-10T00-00-00-000Z-302')).toThrow(/not a regular file/);
    if (asRoot) expect(() => PreviousSessionLog.open(dataDir, '2030-01-11T00-00-00-000Z-303')).toThrow(/owned by uid 65534, not by you/);
    if (!asRoot) ctx.skip('partly skipped: another user\'s file needs root');
  });
});
