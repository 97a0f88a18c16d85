// Searching a log the host keeps (the live one, or an earlier session's): the host looks through
// memory and disk a bounded page at a time, newest first; the page holds the matches so far and
// where to go on.
import type { StateCreator } from 'zustand/vanilla';
import type { LogSearchPage } from '../../../shared/contract';
import type { WorkbenchClient } from '../client';
import { hostRefusal, type HostRefusal } from './refusal';

/** Matches asked for per request; "More matches" asks for the next ones. */
export const SEARCH_PAGE = 50;

export interface LogSearch {
  query: string;
  /** The earlier session searched, or null for the live log. */
  session: string | null;
  matches: LogSearchPage['matches'];
  /** Where to go on, or null once the start of the log was reached. */
  next: number | null;
  /** Entries looked at so far, and the log's length when searched. */
  scanned: number;
  total: number;
  searching: boolean;
  error: HostRefusal | null;
}

export interface LogSearchSlice {
  /** The live log's search and the earlier session's, apart. */
  searches: { live: LogSearch | null; earlier: LogSearch | null };
  searchLog(where: 'live' | 'earlier', query: string, session: string | null): Promise<void>;
  moreMatches(where: 'live' | 'earlier'): Promise<void>;
  clearSearch(where: 'live' | 'earlier'): void;
}

export function createLogSearchSlice(client: WorkbenchClient): StateCreator<LogSearchSlice, [], [], LogSearchSlice> {
  return (set, get) => {
    const put = (where: 'live' | 'earlier', search: LogSearch | null) => set((s) => ({ searches: { ...s.searches, [where]: search } }));

    /** One page after `from`; an answer for a search since replaced is dropped. */
    const page = async (where: 'live' | 'earlier', from: LogSearch): Promise<void> => {
      const mine = { ...from, searching: true, error: null };
      put(where, mine);
      try {
        const answer = await client.request('searchLog', {
          query: from.query,
          ...(from.session ? { session: from.session } : {}),
          ...(from.next !== null && from.scanned > 0 ? { before: from.next } : {}),
          limit: SEARCH_PAGE,
        });
        if (get().searches[where] !== mine) return;
        put(where, { ...mine, matches: [...mine.matches, ...answer.matches], next: answer.next, scanned: mine.scanned + answer.scanned, total: answer.total, searching: false });
      } catch (e) {
        if (get().searches[where] === mine) put(where, { ...mine, searching: false, error: hostRefusal('searchLog', e) });
      }
    };

    return {
      searches: { live: null, earlier: null },

      searchLog(where, query, session) {
        return page(where, { query, session, matches: [], next: null, scanned: 0, total: 0, searching: true, error: null });
      },

      async moreMatches(where) {
        const s = get().searches[where];
        if (s && !s.searching && s.next !== null) await page(where, s);
      },

      clearSearch(where) {
        put(where, null);
      },
    };
  };
}
