// The live call log of this session, 100,000 entries and more. Every call of every page reaches it
// by the `log` event, with its position: that one arrival updates the rows, the latest call (the
// error stack shows its queue) and the bytes read. The log before this page joined is paged in.
import type { StateCreator } from 'zustand/vanilla';
import type { CallRecord } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import type { DataSlice } from './data';
import { withReceived } from './data';
import type { Apply } from './event-batch';
import type { SessionEvents } from './session-events';
import { LOG_CHUNK } from './log-index';
import { createPagedLog, viewOf, withEntry, type LogView, type PagedLog } from './paged-log';
import type { RefusalSlice } from './refusal';

/** The newest entries, fetched when the page (re)joins the session. */
const LOG_TAIL = LOG_CHUNK;

export interface LiveLogSlice {
  live: LogView;
  /** The latest call from any page: the error stack shows its queue. */
  latest: CallRecord | null;
  ensureLogLoaded(start: number, end: number): void;
  selectLog(position: number | null): void;
  /**
   * Takes up the host's log at `total` entries, fetching its tail. A log shorter than the page held
   * when it asked (`heldWhenAsked`) is another session's; entries that arrived since are newer than the answer.
   */
  resumeLog(total: number, heldWhenAsked: number): Promise<void>;
}

type Needs = LiveLogSlice & DataSlice & RefusalSlice;

/** An entry of the live log arrived: the one place a record changes the rows, the latest call and the bytes read. */
export function logEntryArrived(s: Needs, position: number, record: CallRecord): Partial<Needs> {
  return {
    live: { ...s.live, ...withEntry(s.live, position, record) },
    latest: record,
    data: { ...s.data, received: withReceived(s.data.received, position, record) },
  };
}

export function createLiveLogSlice(client: WorkbenchClient, apply: Apply<Needs>, events: SessionEvents): StateCreator<Needs, [], [], LiveLogSlice> {
  events.on('log', (p) => apply((d) => logEntryArrived(d, p.position, p.record)));
  return (set, get) => {
    const newLog = (): PagedLog =>
      createPagedLog({
        fetch: (offset, limit) => client.request('log', { offset, limit }),
        view: () => get().live,
        update: (change) => set((s) => ({ live: { ...s.live, ...change(s.live) } })),
        // A chunk that failed is asked for again when scrolled to; a selected entry that failed is said.
        failed: (e, what) => what === 'entry' && get().refuse('log', e),
      });

    return {
      live: viewOf(newLog()),
      latest: null,

      ensureLogLoaded(start, end) {
        void get().live.log.ensureLoaded(start, end);
      },

      selectLog(position) {
        get().live.log.select(position);
      },

      async resumeLog(total, heldWhenAsked) {
        // The host restarted: its log, its sockets and the bytes read on them are another session's.
        if (total < heldWhenAsked) set((s) => ({ live: viewOf(newLog()), data: { ...s.data, received: {} } }));
        const { log } = get().live;
        log.grow(total);
        set((s) => ({ live: { ...s.live, total: log.total, version: s.live.version + 1 } }));
        if (total === 0) return;
        const offset = Math.max(0, total - LOG_TAIL);
        let page;
        try {
          page = await log.load(offset, total - offset);
        } catch (e) {
          get().refuse('log', e);
          return;
        }
        if (!page || page.entries.length === 0) return;
        const entries = page.entries;
        // Entries logged before this page joined: their reads show, and the newest is the latest unless an event brought a newer one.
        apply((d) => ({
          latest: d.latest ?? entries[entries.length - 1],
          data: { ...d.data, received: entries.reduce((received, r, i) => withReceived(received, offset + i, r), d.data.received) },
        }));
      },
    };
  };
}
