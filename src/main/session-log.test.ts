import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../shared/record';
import { MEMORY_ENTRIES, SessionLog, dataDirectory } from './session-log';

const record = (index: number): CallRecord =>
  ({ index, call: 'BIO_socket', args: {}, c: `BIO_socket(${index})`, ret: index, errno: null, errorQueue: [], socket: null, addresses: null, durationUs: 1, blocked: false, cancelled: null, refused: null, warnings: [], data: { text: 'é✓', hex: 'c3a9e29c93' }, expect: null, startedAt: 0 }) as CallRecord;

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bio-log-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

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
    expect(entries[0].data).toEqual({ text: 'é✓', hex: 'c3a9e29c93' });
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
});
