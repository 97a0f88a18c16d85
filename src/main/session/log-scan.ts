// A search through a log that may hold 100,000 entries and more, most on disk: newest first, a
// chunk at a time, at most SEARCH_SCAN entries looked at per request; the answer says where to
// go on.
import type { LogSearchPage } from '../../shared/contract';
import { recordMatches, type SearchTerm } from '../../shared/log-search';
import type { CallRecord } from '../../shared/record';

/** Entries one request looks at, at most: reading them back from disk is what costs. */
export const SEARCH_SCAN = 20_000;
const CHUNK = 1000;

export function scanLog(read: (offset: number, limit: number) => CallRecord[], total: number, terms: readonly SearchTerm[], before: number | undefined, limit: number): LogSearchPage {
  let end = Math.min(before ?? total, total);
  const matches: LogSearchPage['matches'] = [];
  let scanned = 0;
  while (end > 0 && scanned < SEARCH_SCAN && matches.length < limit) {
    const start = Math.max(0, end - Math.min(CHUNK, SEARCH_SCAN - scanned));
    const entries = read(start, end - start);
    for (let i = entries.length - 1; i >= 0 && matches.length < limit; i--) {
      scanned++;
      if (recordMatches(terms, entries[i])) matches.push({ position: start + i, record: entries[i] });
      end = start + i;
    }
    // A read that came back short (an entry gone from memory and disk) must not loop forever.
    if (entries.length === 0) break;
  }
  return { total, matches, next: end > 0 ? end : null, scanned };
}
