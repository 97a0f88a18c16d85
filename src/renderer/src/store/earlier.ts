// Earlier sessions' logs under the same data directory, browsed read-only in place of the live
// log: the host's list, then one session paged in like the live log (method `openLog`).
import type { StateCreator } from 'zustand/vanilla';
import type { SessionLogInfo } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import { createPagedLog, viewOf, type LogView, type PagedLog } from './paged-log';
import { hostRefusal, type HostRefusal } from './refusal';

export interface EarlierState extends LogView {
  /** The view is shown instead of the live call log. */
  shown: boolean;
  /** The pages of the host's list loaded so far, newest first; null until it first answered. */
  sessions: SessionLogInfo[] | null;
  /** Where the next (older) page starts, or null once the oldest was listed. */
  next: string | null;
  /** Sessions without calls in the pages loaded so far: counted, not listed. */
  withoutCalls: number;
  listing: boolean;
  /** The session being browsed, or null while the list shows. */
  id: string | null;
  info: SessionLogInfo | null;
  /** The host stopped in the middle of writing the session's last entry. */
  torn: boolean;
  error: HostRefusal | null;
}

export interface EarlierSlice {
  earlier: EarlierState;
  showEarlier(): void;
  hideEarlier(): void;
  listEarlier(): Promise<void>;
  /** The next page of older sessions, after those listed. */
  listOlderEarlier(): Promise<void>;
  openEarlier(id: string): Promise<void>;
  backToEarlierList(): void;
  ensureEarlierLoaded(start: number, end: number): void;
  selectEarlier(position: number | null): void;
}

type SetEarlier = (change: Partial<EarlierState> | ((e: EarlierState) => Partial<EarlierState>)) => void;

/** The host's list, a page at a time: the first page anew, then each older page after those listed. */
function listActions(client: WorkbenchClient, get: () => EarlierSlice, setEarlier: SetEarlier): Pick<EarlierSlice, 'listEarlier' | 'listOlderEarlier'> {
  const listPage = async (before: string | undefined) => {
    setEarlier({ listing: true, error: null });
    try {
      const page = await client.request('sessions', before === undefined ? {} : { before });
      setEarlier((e) => {
        const earlierPages = before === undefined ? { sessions: [], withoutCalls: 0 } : { sessions: e.sessions ?? [], withoutCalls: e.withoutCalls };
        return { sessions: [...earlierPages.sessions, ...page.sessions], next: page.next, withoutCalls: earlierPages.withoutCalls + page.withoutCalls, listing: false };
      });
    } catch (e) {
      setEarlier({ listing: false, error: hostRefusal('sessions', e) });
    }
  };
  return {
    listEarlier: () => listPage(undefined),
    async listOlderEarlier() {
      const { next, listing } = get().earlier;
      if (next !== null && !listing) await listPage(next);
    },
  };
}

export function createEarlierSlice(client: WorkbenchClient): StateCreator<EarlierSlice, [], [], EarlierSlice> {
  return (set, get) => {
    const setEarlier: SetEarlier = (change) =>
      set((s) => ({ earlier: { ...s.earlier, ...(typeof change === 'function' ? change(s.earlier) : change) } }));

    /** A fresh window per opened session, so a late page of another session is recognised and dropped. */
    const sessionLog = (id: string): PagedLog =>
      createPagedLog({
        fetch: (offset, limit) => client.request('openLog', { id, offset, limit }),
        view: () => get().earlier,
        update: setEarlier,
        // A page also brings the host's current info: the file may have grown since it was listed.
        arrived: (page) => setEarlier({ info: page.info, torn: page.torn }),
        failed: (e) => setEarlier({ error: hostRefusal('openLog', e) }),
      });

    /** Nothing opened (its window stays empty: nothing is asked while `id` is null); the last list is kept to show at once. */
    const closed = ({ sessions, next, withoutCalls }: Pick<EarlierState, 'sessions' | 'next' | 'withoutCalls'>): EarlierState => ({
      ...viewOf(sessionLog('')),
      shown: false,
      sessions,
      next,
      withoutCalls,
      listing: false,
      id: null,
      info: null,
      torn: false,
      error: null,
    });

    return {
      earlier: closed({ sessions: null, next: null, withoutCalls: 0 }),

      showEarlier() {
        setEarlier({ shown: true });
        void get().listEarlier();
      },

      hideEarlier() {
        set((s) => ({ earlier: closed(s.earlier) }));
      },

      ...listActions(client, get, setEarlier),

      async openEarlier(id) {
        const listed = get().earlier.sessions?.find((x) => x.id === id) ?? null;
        const log = sessionLog(id);
        log.grow(listed?.entries ?? 0);
        setEarlier({ ...viewOf(log), id, info: listed, torn: listed?.torn ?? false, error: null });
        await log.open();
      },

      backToEarlierList() {
        set((s) => ({ earlier: { ...closed(s.earlier), shown: true } }));
      },

      ensureEarlierLoaded(start, end) {
        const { id, log } = get().earlier;
        if (id !== null) void log.ensureLoaded(start, end);
      },

      selectEarlier(position) {
        const { id, log } = get().earlier;
        if (id === null) setEarlier({ selected: null, selectedRecord: null });
        else log.select(position);
      },
    };
  };
}
