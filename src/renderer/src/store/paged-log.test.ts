// One paged-log window serves both logs the page browses: the live log (method `log`) and an
// earlier session's (method `openLog` with its id). The same paging, caching and selection are
// checked through each, then the window's own rules against a view of its own.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore, type WorkbenchState, type WorkbenchStore } from './store';
import { LOG_CHUNK } from './log-index';
import { createPagedLog, viewOf, withEntry, type LogPage, type LogView, type PagedLog } from './paged-log';
import { createFakeClient, record, session, type FakeClient } from '../test/fake-client';
import type { CallRecord, SessionLogInfo } from '../../../shared/record';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

const TOTAL = 3000;
const SESSION_ID = '20260303T101402-4242';
const numbered = (offset: number, limit: number, total = TOTAL): CallRecord[] =>
  Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => record({ index: offset + i, c: `c${offset + i}()` }));

/** How a fetch for [offset, offset + limit) is answered: a page, a promise of one, or a throw. */
type Answer = (offset: number, limit: number) => LogPage | Promise<LogPage>;

interface LogKind {
  name: string;
  method: 'log' | 'openLog';
  /** The chunk the window holds once open: the live log's tail, an earlier session's first page. */
  heldChunk: number;
  /** A store showing this log, TOTAL entries long, answered by `answer`. */
  open(client: FakeClient, answer: Answer): Promise<WorkbenchStore>;
  view(s: WorkbenchState): LogView;
  ensureLoaded(s: WorkbenchState, start: number, end: number): void;
  select(s: WorkbenchState, position: number | null): void;
}

const info: SessionLogInfo = { id: SESSION_ID, pid: 4242, host: 'web', startedAt: 1_700_000_000_000, modifiedAt: 1_700_000_100_000, entries: TOTAL, bytes: 1, torn: false };

function storeOver(client: FakeClient): WorkbenchStore {
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  return store;
}

const KINDS: LogKind[] = [
  {
    name: 'the live log',
    method: 'log',
    heldChunk: TOTAL / LOG_CHUNK - 1,
    async open(client, answer) {
      client.answer('session', () => session({ logTotal: TOTAL }));
      client.answer('log', ({ offset, limit }) => answer(offset, limit));
      const store = storeOver(client);
      await settle();
      return store;
    },
    view: (s) => s.live,
    ensureLoaded: (s, start, end) => s.ensureLogLoaded(start, end),
    select: (s, position) => s.selectLog(position),
  },
  {
    name: 'an earlier session',
    method: 'openLog',
    heldChunk: 0,
    async open(client, answer) {
      client.answer('sessions', () => ({ sessions: [info], next: null, withoutCalls: 0 }));
      client.answer('openLog', async ({ id, offset, limit }) => {
        if (id !== SESSION_ID) throw { code: 'invalid-request', field: 'id', message: `id: no session log ${JSON.stringify(id)}` };
        return { ...(await answer(offset, limit)), info, torn: false };
      });
      const store = storeOver(client);
      await settle();
      store.getState().showEarlier();
      await settle();
      await store.getState().openEarlier(SESSION_ID);
      return store;
    },
    view: (s) => s.earlier,
    ensureLoaded: (s, start, end) => s.ensureEarlierLoaded(start, end),
    select: (s, position) => s.selectEarlier(position),
  },
];

/** The pages asked for with this log's method, as {offset, limit}; an earlier session's always name it. */
function pagesAsked(client: FakeClient, kind: LogKind): { offset: number; limit: number }[] {
  return client.requests
    .filter((r) => r.method === kind.method)
    .map((r) => {
      const { offset, limit, ...rest } = r.input as { offset: number; limit: number; id?: string };
      if (kind.method === 'openLog') expect(rest).toEqual({ id: SESSION_ID });
      return { offset, limit };
    });
}

describe.each(KINDS)('$name, paged by the one window', (kind) => {
  it('asks for each chunk not held once, and again for one whose page failed', async () => {
    let failOnce = true;
    const client = createFakeClient();
    const store = await kind.open(client, (offset, limit) => {
      if (offset === 1000 && failOnce) {
        failOnce = false;
        throw { code: 'internal', field: 'offset', message: 'disk read failed' };
      }
      return { total: TOTAL, entries: numbered(offset, limit) };
    });
    const before = pagesAsked(client, kind).length;
    kind.ensureLoaded(store.getState(), 0, TOTAL);
    kind.ensureLoaded(store.getState(), 0, TOTAL);
    await settle();
    const chunks = Array.from({ length: TOTAL / LOG_CHUNK }, (_, c) => c).filter((c) => c !== kind.heldChunk);
    expect(pagesAsked(client, kind).slice(before)).toEqual(chunks.map((c) => ({ offset: c * LOG_CHUNK, limit: LOG_CHUNK })));
    const view = () => kind.view(store.getState());
    expect(view().total).toBe(TOTAL);
    expect(view().log.summary(999)?.c).toBe('c999()');
    expect(view().log.summary(1000)).toBeUndefined();

    kind.ensureLoaded(store.getState(), 0, TOTAL);
    await settle();
    expect(pagesAsked(client, kind).slice(before + chunks.length)).toEqual([{ offset: 1000, limit: LOG_CHUNK }]);
    expect(view().log.summary(1000)?.c).toBe('c1000()');
    expect(Array.from({ length: TOTAL }, (_, p) => view().log.summary(p)?.c === `c${p}()`).every(Boolean)).toBe(true);
  });

  it('selects a held entry without asking, fetches a missing one alone, and drops a late answer for a selection since changed', async () => {
    let late: ((page: LogPage) => void) | null = null;
    const missing = kind.heldChunk === 0 ? TOTAL - 1 : 5;
    const lateAt = missing + (kind.heldChunk === 0 ? -1 : 1);
    const client = createFakeClient();
    const store = await kind.open(client, (offset, limit) => {
      if (limit === 1 && offset === lateAt) return new Promise<LogPage>((resolve) => (late = resolve));
      return { total: TOTAL, entries: numbered(offset, limit) };
    });
    const view = () => kind.view(store.getState());
    const held = kind.heldChunk * LOG_CHUNK + 3;
    const before = client.requests.length;
    kind.select(store.getState(), held);
    expect(view()).toMatchObject({ selected: held, selectedRecord: { c: `c${held}()` } });
    expect(client.requests).toHaveLength(before);

    kind.select(store.getState(), missing);
    expect(view()).toMatchObject({ selected: missing, selectedRecord: null });
    await settle();
    expect(pagesAsked(client, kind).at(-1)).toEqual({ offset: missing, limit: 1 });
    expect(view().selectedRecord?.c).toBe(`c${missing}()`);

    kind.select(store.getState(), lateAt);
    kind.select(store.getState(), null);
    expect(late).not.toBeNull();
    late!({ total: TOTAL, entries: [record({ c: 'late()' })] });
    await settle();
    expect(view()).toMatchObject({ selected: null, selectedRecord: null });
  });
});

describe('the paged-log window', () => {
  /** A view of its own, the way a slice holds one, over pages answered by `answer`. */
  function windowOver(answer: Answer) {
    const failures: { error: unknown; what: string }[] = [];
    const arrived: LogPage[] = [];
    const state: { view: LogView | null } = { view: null };
    const log: PagedLog = createPagedLog({
      fetch: async (offset, limit) => answer(offset, limit),
      view: () => state.view,
      update: (change) => {
        if (state.view) state.view = { ...state.view, ...change(state.view) };
      },
      arrived: (page) => arrived.push(page),
      failed: (error, what) => failures.push({ error, what }),
    });
    state.view = viewOf(log);
    return { log, state, failures, arrived };
  }

  it('opens at the first chunk whatever total it knows, and learns the length from it', async () => {
    const w = windowOver((offset, limit) => ({ total: 700, entries: numbered(offset, limit, 700) }));
    expect(w.log.total).toBe(0);
    await w.log.open();
    await w.log.open();
    expect(w.arrived).toHaveLength(1);
    expect(w.state.view).toMatchObject({ total: 700, version: 1 });
    expect(w.log.summary(499)?.c).toBe('c499()');
  });

  it('keeps an entry that arrived by event over an older page, and never hides it behind a shorter total', async () => {
    const w = windowOver((offset, limit) => ({ total: 10, entries: numbered(offset, limit, 10).map((r) => ({ ...r, c: `page ${r.c}` })) }));
    w.log.put(3, record({ c: 'by event()' }));
    w.log.put(12, record({ c: 'newest()' }));
    await w.log.ensureLoaded(0, 13);
    expect(w.log.summary(2)?.c).toBe('page c2()');
    expect(w.log.summary(3)?.c).toBe('by event()');
    expect(w.log.total).toBe(13);
    expect(w.log.summary(12)?.c).toBe('newest()');
  });

  it('drops pages, selections and failures once its view shows another log', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = windowOver(async (offset, limit) => {
      await gate;
      if (limit === 1) throw { code: 'internal', field: null, message: 'gone' };
      return { total: 600, entries: numbered(offset, limit, 600) };
    });
    w.log.grow(600);
    const loading = w.log.ensureLoaded(0, 600);
    w.log.select(550);
    const other = windowOver(() => ({ total: 0, entries: [] }));
    w.state.view = other.state.view;
    const shownBefore = w.state.view;
    release();
    await loading;
    await settle();
    expect(w.state.view).toBe(shownBefore);
    expect(w.arrived).toEqual([]);
    expect(w.failures).toEqual([]);
  });

  it('says which fetch failed while current: a chunk, or the selected entry', async () => {
    const w = windowOver(() => {
      throw { code: 'internal', field: null, message: 'disk read failed' };
    });
    w.log.grow(10);
    await w.log.ensureLoaded(0, 10);
    w.log.select(4);
    await settle();
    expect(w.failures.map((f) => f.what)).toEqual(['chunk', 'entry']);
    expect(w.state.view).toMatchObject({ selected: 4, selectedRecord: null });
  });

  it('drops what arrives once no log is shown at all, and asks again for a page it dropped once shown again', async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    let asked = 0;
    const w = windowOver(async (offset, limit) => {
      asked++;
      await gate;
      return { total: 10, entries: numbered(offset, limit, 10) };
    });
    w.log.grow(10);
    const shown = w.state.view!;
    const loading = w.log.ensureLoaded(0, 10);
    w.log.select(4);
    w.state.view = null;
    release();
    await loading;
    await settle();
    expect(w.arrived).toEqual([]);
    expect(w.log.summary(0)).toBeUndefined();
    w.state.view = shown;
    gate = Promise.resolve();
    await w.log.ensureLoaded(0, 10);
    expect(asked).toBe(3);
    expect(w.log.summary(0)?.c).toBe('c0()');
  });

  it("says nothing of a chunk that failed after another log was shown, and selects nothing in that other log's view", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = windowOver(async () => {
      await gate;
      throw { code: 'internal', field: null, message: 'disk read failed' };
    });
    w.log.grow(10);
    const loading = w.log.ensureLoaded(0, 10);
    const other = windowOver(() => ({ total: 0, entries: [] }));
    w.state.view = other.state.view;
    const shownBefore = w.state.view;
    w.log.select(4);
    release();
    await loading;
    await settle();
    expect(w.failures).toEqual([]);
    expect(w.state.view).toBe(shownBefore);
  });

  it('an entry by event bumps the version, and replaces the selected record only when it is the one selected', () => {
    const w = windowOver(() => ({ total: 0, entries: [] }));
    const selected = record({ c: 'selected()' });
    const view: LogView = { ...w.state.view!, version: 4, selected: 2, selectedRecord: selected };
    expect(withEntry(view, 7, record({ c: 'other()' }))).toMatchObject({ total: 8, version: 5, selectedRecord: selected });
    expect(withEntry(view, 2, record({ c: 'again()' })).selectedRecord?.c).toBe('again()');
  });
});
