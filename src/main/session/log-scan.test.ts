// searchLog through the session's contract on a log of 100,000 entries, most of them only on
// disk: newest first, each request bounded (at most SEARCH_SCAN entries looked at), `next` going
// on until the start; the query forms (a word, call:, errno:, fd:, addr:) and a bad query named.
// The records are the engine's own, from real calls, appended many times over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogSearchPage } from '../../shared/contract';
import type { CallRecord } from '../../shared/record';
import { startEngine } from '../engine-host';
import { SEARCH_SCAN } from './log-scan';
import { Session } from './session';

const ENTRIES = 100_000;
/** Where the refused connects sit: one in memory, two far back on disk. */
const REFUSED_AT = [17, 50_000, 99_990];

let dataDir: string;
let session: Session;
let refusedConnect: CallRecord;
let lookup: CallRecord;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bio-search-'));
  process.env.BIO_WORKBENCH_DATA_DIR = dataDir;
  session = await Session.start({ startEngine: () => startEngine(), memoryEntries: 1000 });
  await session.request('call', { step: { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
  refusedConnect = await session.request('call', { step: { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' } });
  lookup = await session.request('call', { step: { call: 'BIO_get_port', service: 'http' } });
  expect(refusedConnect.errno?.name).toBe('ECONNREFUSED');
  // Positions 0-2 are the calls above; the rest is filled to 100,000 with copies.
  for (let p = session.log.total; p < ENTRIES; p++) session.log.append(REFUSED_AT.includes(p) ? refusedConnect : lookup);
  expect(session.log.total).toBe(ENTRIES);
  expect(session.log.inMemory).toBeLessThan(1200);
}, 120_000);

afterAll(async () => {
  await session?.close();
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every match of a query, following `next`, bounded in requests. */
async function searchAll(query: string): Promise<{ positions: number[]; pages: LogSearchPage[] }> {
  const pages: LogSearchPage[] = [];
  let before: number | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await session.request('searchLog', { query, before, limit: 50 });
    pages.push(page);
    if (page.next === null) break;
    before = page.next;
  }
  return { positions: pages.flatMap((p) => p.matches.map((m) => m.position)), pages };
}

describe('searchLog on 100,000 entries', () => {
  it('finds the refused connects newest first, memory then disk, each request looking at no more than its bound', async () => {
    const { positions, pages } = await searchAll('errno:ECONNREFUSED');
    expect(positions).toEqual([99_990, 50_000, REFUSED_AT[0], 1].sort((a, b) => b - a));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(ENTRIES / SEARCH_SCAN));
    for (const p of pages) expect(p.scanned).toBeLessThanOrEqual(SEARCH_SCAN);
    expect(pages.at(-1)!.next).toBeNull();
    const first = pages[0].matches[0];
    expect(first.record.c).toBe('BIO_connect(c, addr, 0)');
    expect(first.record.errorQueue.map((e) => e.reason)).toContain('Connection refused');
  }, 60_000);

  it('stops a page at its limit and goes on from where it stopped', async () => {
    const page = await session.request('searchLog', { query: 'call:BIO_get_port', limit: 3 });
    expect(page.matches.map((m) => m.position)).toEqual([99_999, 99_998, 99_997]);
    expect(page.next).toBe(99_997);
    const more = await session.request('searchLog', { query: 'call:BIO_get_port', before: page.next!, limit: 1 });
    expect(more.matches.map((m) => m.position)).toEqual([99_996]);
  });

  it('matches by fd, address and plain text, each term narrowing the rest', async () => {
    const fd = refusedConnect.socket!.fd;
    const byFd = await session.request('searchLog', { query: `fd:${fd}`, before: 3, limit: 10 });
    expect(byFd.matches.map((m) => m.position)).toEqual([1, 0]);
    expect((await session.request('searchLog', { query: 'addr:127.0.0.1:1', before: 3, limit: 10 })).matches.map((m) => m.position)).toEqual([1]);
    expect((await session.request('searchLog', { query: '"connect error"', before: 3, limit: 10 })).matches.map((m) => m.position)).toEqual([1]);
    expect((await session.request('searchLog', { query: 'connect refused http', before: 3, limit: 10 })).matches).toEqual([]);
  });

  it('searches an earlier session\'s log by its id', async () => {
    const next = await Session.start({ startEngine: () => startEngine() });
    try {
      const [earlier] = (await next.request('sessions', {})).sessions;
      expect(earlier.entries).toBe(ENTRIES);
      const found: number[] = [];
      let before: number | undefined;
      for (let i = 0; i < 10 && found.length < 2; i++) {
        const page = await next.request('searchLog', { query: 'errno:ECONNREFUSED', session: earlier.id, before, limit: 2 - found.length });
        expect(page.total).toBe(ENTRIES);
        found.push(...page.matches.map((m) => m.position));
        if (page.next === null) break;
        before = page.next;
      }
      expect(found).toEqual([99_990, 50_000]);
    } finally {
      await next.close();
    }
  }, 60_000);

  it('a query that says nothing, or a bad fd, is refused naming the field', async () => {
    await expect(session.request('searchLog', { query: 'fd:abc', limit: 10 })).rejects.toMatchObject({ code: 'invalid-request', field: 'query', message: expect.stringMatching(/expected an fd number/) });
    await expect(session.request('searchLog', { query: '', limit: 10 })).rejects.toMatchObject({ field: 'query' });
    await expect(session.request('searchLog', { query: 'x', limit: 10, session: 'no-such-session' })).rejects.toMatchObject({ field: 'session' });
  });
});
