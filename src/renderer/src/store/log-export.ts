// The live call log taken home: every entry as JSON lines (the form the host keeps on disk), or
// rebuilt as a lesson file that replays it. Entries are fetched from the host a page at a time
// (most may be on its disk), then handed to the browser as one download.
import type { StateCreator } from 'zustand/vanilla';
import { lessonFromRecords } from '../../../shared/lesson';
import type { CallRecord } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import type { ConnectionSlice } from './connection';
import type { LiveLogSlice } from './live-log';
import { hostRefusal, type HostRefusal } from './refusal';

/** The most the `log` method gives per request. */
const FETCH_PAGE = 10_000;

export type ExportKind = 'jsonl' | 'lesson';

/** Hands text to the person as a file (a download in the browser). */
export type SaveFile = (name: string, text: string, type: string) => void;

export interface LogExport {
  kind: ExportKind;
  file: string;
  entries: number;
  /** Lesson steps written, and entries left out with why (a lesson only). */
  steps: number | null;
  leftOut: number;
}

export interface LogExportSlice {
  exporting: ExportKind | null;
  lastExport: LogExport | null;
  exportError: HostRefusal | null;
  exportLog(kind: ExportKind): Promise<void>;
}

/** `bio-workbench-session-2026-03-03T10-14-02` */
function baseName(now: Date): string {
  return `bio-workbench-session-${now.toISOString().slice(0, 19).replace(/:/g, '-')}`;
}

export function createLogExportSlice(client: WorkbenchClient, save: SaveFile): StateCreator<LogExportSlice & LiveLogSlice & ConnectionSlice, [], [], LogExportSlice> {
  return (set, get) => {
    /** Every entry the log holds now, fetched page by page (bounded by its length). */
    const fetchAll = async (): Promise<CallRecord[]> => {
      const entries: CallRecord[] = [];
      let total = get().live.total;
      for (let offset = 0; offset < total; offset += FETCH_PAGE) {
        const page = await client.request('log', { offset, limit: FETCH_PAGE });
        entries.push(...page.entries);
        if (offset === 0) total = Math.max(total, page.total);
      }
      return entries;
    };

    return {
      exporting: null,
      lastExport: null,
      exportError: null,

      async exportLog(kind) {
        if (get().exporting) return;
        set({ exporting: kind, exportError: null });
        try {
          const entries = await fetchAll();
          const name = baseName(new Date());
          if (kind === 'jsonl') {
            const file = `${name}.jsonl`;
            save(file, entries.map((r) => JSON.stringify(r) + '\n').join(''), 'application/jsonl');
            set({ lastExport: { kind, file, entries: entries.length, steps: null, leftOut: 0 } });
          } else {
            const { scenario, leftOut } = lessonFromRecords(entries, { title: `A lesson from the session of ${new Date().toLocaleString('en-GB')}`, tmpDir: get().tmpDir });
            if (!scenario) throw new Error(`none of the ${entries.length} entries could be rebuilt as a step${leftOut[0] ? ` (the first: ${leftOut[0].why})` : ''}`);
            const file = `${name}.lesson.json`;
            save(file, JSON.stringify(scenario, null, 2) + '\n', 'application/json');
            set({ lastExport: { kind, file, entries: entries.length, steps: scenario.steps.length, leftOut: leftOut.length } });
          }
        } catch (e) {
          set({ exportError: hostRefusal(kind === 'jsonl' ? 'the JSON lines export' : 'the lesson export', e) });
        } finally {
          set({ exporting: null });
        }
      },
    };
  };
}
