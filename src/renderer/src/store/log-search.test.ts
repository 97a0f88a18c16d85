// Searching a log the host keeps: one bounded page per request, "More matches" going on from
// where the last page stopped, the live log's search and an earlier session's kept apart, and
// an answer for a search since replaced or cleared dropped.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore } from './store';
import { SEARCH_PAGE } from './log-search';
import { createFakeClient, record, session } from '../test/fake-client';
import type { LogSearchPage } from '../../../shared/contract';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function started() {
  const client = createFakeClient(session());
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  const asked = () => client.requests.filter((r) => r.method === 'searchLog').map((r) => r.input);
  return { client, store, asked };
}
const match = (position: number) => ({ position, record: record({ index: position, c: `c${position}()` }) });

describe('log search slice', () => {
  it('asks for one page from the newest, then goes on before where it stopped, adding up what it scanned', async () => {
    const { client, store, asked } = started();
    const pages: LogSearchPage[] = [
      { total: 500, matches: [match(499), match(450)], next: 300, scanned: 200 },
      { total: 510, matches: [match(120)], next: null, scanned: 300 },
    ];
    client.answer('searchLog', () => pages.shift()!);
    await store.getState().searchLog('live', 'errno:EAGAIN', null);
    expect(store.getState().searches.live).toMatchObject({ query: 'errno:EAGAIN', session: null, next: 300, scanned: 200, total: 500, searching: false, error: null });
    await store.getState().moreMatches('live');
    const live = store.getState().searches.live!;
    expect(live.matches.map((m) => m.position)).toEqual([499, 450, 120]);
    expect(live).toMatchObject({ next: null, scanned: 500, total: 510 });
    expect(asked()).toEqual([{ query: 'errno:EAGAIN', limit: SEARCH_PAGE }, { query: 'errno:EAGAIN', before: 300, limit: SEARCH_PAGE }]);
    // At the start of the log there is nothing more to ask.
    await store.getState().moreMatches('live');
    expect(asked()).toHaveLength(2);
  });

  it('searches an earlier session apart from the live log, naming it, and clears one without the other', async () => {
    const { client, store, asked } = started();
    client.answer('searchLog', () => ({ total: 3, matches: [match(2)], next: null, scanned: 3 }));
    await store.getState().searchLog('earlier', 'connect', '2026-12-06T05-00-00-4242');
    await store.getState().searchLog('live', 'socket', null);
    expect(asked()[0]).toEqual({ query: 'connect', session: '2026-12-06T05-00-00-4242', limit: SEARCH_PAGE });
    expect(store.getState().searches.earlier?.query).toBe('connect');
    store.getState().clearSearch('earlier');
    expect(store.getState().searches).toMatchObject({ earlier: null, live: { query: 'socket' } });
  });

  it('drops the answer of a search replaced meanwhile, and asks no more while a page is on its way', async () => {
    const { client, store, asked } = started();
    const answers: ((page: LogSearchPage) => void)[] = [];
    client.answer('searchLog', () => new Promise<LogSearchPage>((resolve) => answers.push(resolve)));
    const first = store.getState().searchLog('live', 'old', null);
    await expect.poll(() => answers.length).toBe(1);
    expect(store.getState().searches.live?.searching).toBe(true);
    await store.getState().moreMatches('live');
    expect(asked()).toHaveLength(1);
    const second = store.getState().searchLog('live', 'new', null);
    await expect.poll(() => answers.length).toBe(2);
    answers[1]({ total: 9, matches: [match(8)], next: null, scanned: 9 });
    await second;
    answers[0]({ total: 9, matches: [match(1)], next: 0, scanned: 9 });
    await first;
    expect(store.getState().searches.live).toMatchObject({ query: 'new', next: null });
    expect(store.getState().searches.live?.matches.map((m) => m.position)).toEqual([8]);
  });

  it('shows a refused search with the method named, and a refusal for a cleared search nowhere', async () => {
    const { client, store } = started();
    client.answer('searchLog', () => {
      throw { code: 'invalid-request', field: 'query', message: 'query: expected something to search for' };
    });
    await store.getState().searchLog('live', 'x', null);
    expect(store.getState().searches.live).toMatchObject({ searching: false, error: { what: 'searchLog', error: { field: 'query' } } });
    let refuse: (e: unknown) => void = () => undefined;
    client.answer('searchLog', () => new Promise<LogSearchPage>((_resolve, reject) => (refuse = reject)));
    const pending = store.getState().searchLog('earlier', 'y', null);
    store.getState().clearSearch('earlier');
    refuse({ code: 'internal', field: null, message: 'disk' });
    await pending;
    expect(store.getState().searches.earlier).toBeNull();
  });
});

describe('log search slice, edges', () => {
  it('starts with no search, asks nothing for more matches of none, and starts over from the newest after a page that scanned nothing', async () => {
    const { client, store, asked } = started();
    expect(store.getState().searches).toEqual({ live: null, earlier: null });
    await store.getState().moreMatches('earlier');
    expect(asked()).toEqual([]);
    const pages: LogSearchPage[] = [
      { total: 500, matches: [], next: 500, scanned: 0 },
      { total: 500, matches: [match(3)], next: null, scanned: 500 },
    ];
    client.answer('searchLog', () => pages.shift()!);
    await store.getState().searchLog('live', 'x', null);
    await store.getState().moreMatches('live');
    expect(asked()).toStrictEqual([
      { query: 'x', limit: SEARCH_PAGE },
      { query: 'x', limit: SEARCH_PAGE },
    ]);
  });
});

