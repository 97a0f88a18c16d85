// The live call log taken home: as JSON lines (every record, as the host keeps it on disk) or as
// a lesson file that replays it.
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import type { LogExport } from '../store/log-export';
import { RefusalNote } from './Banners';

function describe(x: LogExport): string {
  const entries = `${x.entries.toLocaleString('en')} ${x.entries === 1 ? 'entry' : 'entries'}`;
  if (x.kind === 'jsonl') return `Saved ${x.file}: ${entries} as JSON lines.`;
  return `Saved ${x.file}: ${x.steps} steps from ${entries}${x.leftOut ? `; ${x.leftOut} left out (refused, cancelled or acting on a socket made before the log began: the lesson's description says which)` : ''}.`;
}

export function LogExportControls() {
  const { exporting, lastExport, exportError, exportLog, total } = useWorkbench(
    useShallow((s) => ({ exporting: s.exporting, lastExport: s.lastExport, exportError: s.exportError, exportLog: s.exportLog, total: s.live.total })),
  );
  const busy = exporting !== null || total === 0;
  return (
    <div className="log-export" role="group" aria-label="Export the call log">
      <button type="button" aria-disabled={busy} onClick={() => !busy && void exportLog('jsonl')}>
        Export as JSON lines
      </button>
      <button type="button" aria-disabled={busy} onClick={() => !busy && void exportLog('lesson')}>
        Export as lesson
      </button>
      <p role="status" aria-label="Export status" className="muted">
        {exporting ? `Fetching ${total.toLocaleString('en')} entries from the host…` : lastExport ? describe(lastExport) : ''}
      </p>
      {exportError ? <RefusalNote refusal={exportError} label="Export error" /> : null}
    </div>
  );
}
