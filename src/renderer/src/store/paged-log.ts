// A window onto a log the host keeps: the live log (method `log`) and an earlier session's log
// (method `openLog`) are both paged in by chunk on scroll, and a selected entry not held is
// fetched on its own. The entries live in a LogIndex; the page's state holds a LogView of it.
import type { CallRecord } from '../../../shared/record';
import { LOG_CHUNK, LogIndex, type LogSummary } from './log-index';

export interface LogPage {
  total: number;
  entries: CallRecord[];
}

/** What the page shows of one log: the window, its length, and the selected entry. */
export interface LogView {
  log: PagedLog;
  total: number;
  /** Bumped whenever `log` changes in place, so list components re-render. */
  version: number;
  selected: number | null;
  selectedRecord: CallRecord | null;
}

/** Where a log's pages come from, and the view that shows it. */
export interface PagedLogSource<P extends LogPage> {
  fetch(offset: number, limit: number): Promise<P>;
  /** The view in the state now; the log is current while the view holds it. */
  view(): LogView | null;
  update(change: (view: LogView) => Partial<LogView>): void;
  /** A page arrived while this log is current (an earlier session's page brings its info). */
  arrived?(page: P): void;
  /** A chunk or the selected entry could not be fetched while this log is current. */
  failed(error: unknown, what: 'chunk' | 'entry'): void;
}

export interface PagedLog {
  readonly total: number;
  summary(position: number): LogSummary | undefined;
  record(position: number): CallRecord | undefined;
  /** An entry that arrived by event: newer than any page, so it replaces what is held. */
  put(position: number, record: CallRecord): void;
  /** The host's log is at least this long. */
  grow(total: number): void;
  /** Fetches [offset, offset + limit) and keeps the entries not held yet; null once no longer current. */
  load(offset: number, limit: number): Promise<LogPage | null>;
  /** The first chunk, whatever the known total (an earlier session's length is learnt from it). */
  open(): Promise<void>;
  /** Fetches each chunk covering [start, end) that is neither held nor on its way. */
  ensureLoaded(start: number, end: number): Promise<void>;
  /** Selects an entry: from what is held, else fetched alone; a late answer for an old selection is dropped. */
  select(position: number | null): void;
}

export function createPagedLog<Page extends LogPage>(source: PagedLogSource<Page>): PagedLog {
  const index = new LogIndex();
  const current = (): LogView | null => {
    const view = source.view();
    return view?.log === log ? view : null;
  };

  const load = async (offset: number, limit: number): Promise<Page | null> => {
    const page = await source.fetch(offset, limit);
    if (!current()) return null;
    page.entries.forEach((r, i) => {
      // An entry that arrived by event meanwhile is newer than nothing, never older.
      if (!index.summary(offset + i)) index.put(offset + i, r);
    });
    // A log only grows: a page answered before the newest entries were logged does not shorten it.
    index.total = Math.max(index.total, page.total);
    source.arrived?.(page);
    source.update((v) => ({ total: index.total, version: v.version + 1 }));
    return page;
  };

  const loadChunk = async (chunk: number): Promise<void> => {
    try {
      const page = await load(chunk * LOG_CHUNK, LOG_CHUNK);
      index.settleChunk(chunk, page !== null);
    } catch (e) {
      index.settleChunk(chunk, false);
      if (current()) source.failed(e, 'chunk');
    }
  };

  const log: PagedLog = {
    get total() {
      return index.total;
    },
    summary: (position) => index.summary(position),
    record: (position) => index.record(position),
    put: (position, record) => index.put(position, record),
    grow(total) {
      index.total = Math.max(index.total, total);
    },
    load,
    async open() {
      if (index.claimChunk(0)) await loadChunk(0);
    },
    async ensureLoaded(start, end) {
      await Promise.all(index.claimMissing(start, end).map(loadChunk));
    },
    select(position) {
      if (!current()) return;
      if (position === null) {
        source.update(() => ({ selected: null, selectedRecord: null }));
        return;
      }
      const held = index.record(position);
      source.update(() => ({ selected: position, selectedRecord: held ?? null }));
      if (held) return;
      source.fetch(position, 1).then(
        (page) => {
          const r = page.entries[0];
          if (r && current()?.selected === position) source.update(() => ({ selectedRecord: r }));
        },
        (e) => current() && source.failed(e, 'entry'),
      );
    },
  };
  return log;
}

/** A view of a log with nothing selected. */
export function viewOf(log: PagedLog): LogView {
  return { log, total: log.total, version: 0, selected: null, selectedRecord: null };
}

/** The view after an entry arrived by event: the row, the length, and the selected record if it is this one. */
export function withEntry(view: LogView, position: number, record: CallRecord): Partial<LogView> {
  view.log.put(position, record);
  return { total: view.log.total, version: view.version + 1, selectedRecord: view.selected === position ? record : view.selectedRecord };
}
