// A BIO_write or BIO_read loop from the data pane: how many bytes and in what chunks, the loops
// running now with their bytes so far and Cancel, and the latest loop's summary.
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { bulkLine } from '../../../shared/bulk-text';
import type { BulkProgress } from '../../../shared/record';

function progressText(p: BulkProgress): string {
  const of = p.requested === null ? '' : ` of ${p.requested.toLocaleString('en')}`;
  const share = p.requested ? ` (${((100 * p.bytes) / p.requested).toFixed(1)} %)` : '';
  return `${p.direction === 'write' ? 'sent' : 'read'} ${p.bytes.toLocaleString('en')}${of} bytes${share} in ${p.calls.toLocaleString('en')} call(s)`;
}

/** The engine says when no byte has moved for a while: why, in the person's terms. */
function stallText(p: BulkProgress): string | null {
  if (!p.stalledMs) return null;
  const s = Math.round(p.stalledMs / 1000);
  return p.direction === 'write'
    ? `Stalled: no byte has gone for ${s} s. The peer is not reading: its receive buffer and this socket's send buffer are full, and the loop waits for room.`
    : `Stalled: nothing has arrived for ${s} s. The peer is not sending (or is waiting for you).`;
}

export function BulkTransfer() {
  const { data, transfers, waiting, lastBulk, setData, sendBulk, readBulk, cancel } = useWorkbench(
    useShallow((s) => ({ data: s.data, transfers: s.transfers, waiting: s.waiting, lastBulk: s.lastBulk, setData: s.setData, sendBulk: s.sendBulk, readBulk: s.readBulk, cancel: s.cancel })),
  );
  const ids = useId();
  // A loop shows from its start (announced as waiting) until its record arrives.
  const running = waiting.filter((w) => w.waiting === 'transfer' || transfers[w.callId]);
  return (
    <fieldset className="bulk">
      <legend>Many bytes (a loop in the engine)</legend>
      <div className="row">
        <label htmlFor={`${ids}-bytes`}>Bytes</label>
        <input id={`${ids}-bytes`} className="narrow" inputMode="numeric" value={data.bulkBytes} onChange={(e) => setData({ bulkBytes: e.target.value })} />
        <label htmlFor={`${ids}-chunk`}>Chunk</label>
        <input id={`${ids}-chunk`} className="narrow" inputMode="numeric" value={data.chunk} onChange={(e) => setData({ chunk: e.target.value })} />
      </div>
      <div className="row">
        <button type="button" onClick={() => void sendBulk()}>
          Send bytes
        </button>
        <button type="button" onClick={() => void readBulk(false)}>
          Read bytes
        </button>
        <button type="button" onClick={() => void readBulk(true)}>
          Read until EOF
        </button>
      </div>
      <p className="muted">Send repeats the data above until Bytes went, in writes of Chunk bytes.</p>
      {running.map((w) => {
        const p = transfers[w.callId];
        return (
          <div key={w.callId} className="transfer" role="status" aria-label={`Transfer on ${w.sock ?? '?'}`}>
            <code>{w.call}</code> on {w.sock ?? '?'}: {p ? progressText(p) : 'starting'}{' '}
            {p && stallText(p) ? <span className="transfer-stalled">{stallText(p)} </span> : null}
            {p?.requested ? <progress max={p.requested} value={p.bytes} aria-label={`Progress on ${w.sock ?? '?'}`} /> : null}{' '}
            <button type="button" onClick={() => void cancel(w.callId)}>
              Cancel
            </button>
          </div>
        );
      })}
      {lastBulk ? (
        <div className="transfer-summary" role="status" aria-label="Transfer summary">
          {lastBulk.refused ? `refused: ${lastBulk.refused}` : lastBulk.summary ? `${lastBulk.sock}: ${bulkLine(lastBulk.summary)}` : `${lastBulk.sock}: no loop ran`}
          {lastBulk.cancelled ? <div>cancelled: {lastBulk.cancelled}</div> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
