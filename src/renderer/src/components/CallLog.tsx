// One line per call, virtualised so 100,000 entries scroll smoothly: C expression, ret, errno,
// duration and the address the call used; EINPROGRESS and EAGAIN that are progress are not shown
// as failures. Arrow keys move the selection; the selected entry's full record shows beside it.
// The rows and the record view are shared with the earlier-sessions view.
import { bulkLine } from '../../../shared/bulk-text';
import { dataText } from '../../../shared/data-bytes';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import type { LogSummary } from '../store/log-index';
import type { PagedLog } from '../store/paged-log';
import type { CallRecord } from '../../../shared/record';
import { addressUsed, soErrorOf } from '../store/log-index';
import { LogExportControls } from './LogExport';
import { stateClass } from './socket-state';
import { LogSearch } from './LogSearch';
import { RecordTlsFields } from './RecordTlsFields';

const LOG_ROW_HEIGHT = 28;
/** Rows in presentation mode, where the text is 24px. */
const PRESENTING_ROW_HEIGHT = 42;

function formatDuration(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

function outcome(s: Pick<LogSummary, 'refused' | 'cancelled' | 'ret' | 'bulk' | 'soError'>): string {
  if (s.refused) return 'refused';
  // A loop's ret is its last call's: the bytes it moved are what the line is about.
  const loop = s.bulk ? `${s.bulk.direction === 'write' ? 'sent' : 'read'} ${s.bulk.bytes} bytes in ${s.bulk.calls} calls, last = ${s.ret ?? 'null'}` : null;
  if (s.cancelled) return loop ? `cancelled after ${loop}` : 'cancelled';
  if (loop) return loop;
  return `= ${s.ret ?? 'null'}${s.soError ? ` (${s.soError})` : ''}`;
}

function entryName(s: LogSummary): string {
  return `#${s.position} ${s.c} ${outcome(s)}${s.errno ? ` ${s.errno}` : ''}, ${formatDuration(s.durationUs)}`;
}

function Entry({ position, summary, selected, onSelect }: { position: number; summary: LogSummary | undefined; selected: boolean; onSelect: (p: number) => void }) {
  if (!summary) {
    return (
      <div className="log-entry loading" aria-busy="true">
        #{position} loading…
      </div>
    );
  }
  const failed = summary.refused || summary.cancelled || (summary.errno !== null && summary.progress === null);
  const tone = failed ? ' failed' : summary.progress ? ' progress' : '';
  return (
    <>
    <button
      type="button"
      className={`log-entry${selected ? ' selected' : ''}${tone}`}
      aria-pressed={selected}
      aria-label={entryName(summary)}
      tabIndex={selected ? 0 : -1}
      data-position={position}
      onClick={() => onSelect(position)}
    >
      {/* The spaces between cells keep the visible words apart, so the name above contains them as read. */}
      <span className="pos">#{position}</span> <code className="c">{summary.c}</code> <span className="ret">{outcome(summary)}</span>{' '}
      <span className="errno">{summary.errno ?? ''}</span> <span className="dur">{formatDuration(summary.durationUs)}</span>
    </button>
    {/* Beside the button, not in it: the entry keeps its name, and the address still reads in order. */}
    <span className="log-addr" title={summary.addr ?? undefined}>
      <span>{summary.addr ?? ''}</span>
    </span>
    </>
  );
}

export interface LogEntriesProps {
  /** The scroller's accessible name ("Call log", "Earlier session entries"). */
  label: string;
  /** `log` for the live log (entries keep arriving); `group` for an earlier session, which never changes. */
  role: 'log' | 'group';
  log: Pick<PagedLog, 'summary'>;
  total: number;
  /** Bumped when `log` changed in place, so the rows re-read it. */
  version: number;
  selected: number | null;
  onSelect: (position: number) => void;
  ensureLoaded: (start: number, end: number) => void;
  /** Keep the view at the end as entries arrive (the live log); an earlier session opens at its start. */
  followEnd: boolean;
}

/** The virtualised rows with arrow-key selection, shared by the live log and earlier sessions. */
export function LogEntries({ label, role, log, total, selected, onSelect, ensureLoaded, followEnd }: LogEntriesProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToEnd = useRef(followEnd);
  const rowHeight = useWorkbench((s) => s.presenting) ? PRESENTING_ROW_HEIGHT : LOG_ROW_HEIGHT;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const last = items.length ? items[items.length - 1].index + 1 : 0;

  useEffect(() => {
    if (last > first) ensureLoaded(first, last);
  }, [first, last, total, ensureLoaded]);

  // New entries keep the view at the end unless the person scrolled away from it.
  useLayoutEffect(() => {
    if (stickToEnd.current && total > 0) virtualizer.scrollToIndex(total - 1, { align: 'end' });
  }, [total, virtualizer]);

  const select = (p: number) => {
    const clamped = Math.max(0, Math.min(total - 1, p));
    onSelect(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    setTimeout(() => scrollRef.current?.querySelector<HTMLElement>(`[data-position="${clamped}"]`)?.focus(), 0);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (total === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
    const at = selected ?? (followEnd ? total - 1 : 0);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: total - 1 };
    if (e.key in moves) {
      e.preventDefault();
      stickToEnd.current = followEnd && moves[e.key] >= total - 1;
      select(moves[e.key]);
    }
  };

  return (
    <div
      className="scroller log-scroller"
      ref={scrollRef}
      role={role}
      aria-label={label}
      tabIndex={selected === null ? 0 : -1}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        if (!followEnd) return;
        const el = e.currentTarget;
        stickToEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => (
          <div key={v.key} className="log-row" style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: rowHeight, transform: `translateY(${v.start}px)` }}>
            <Entry position={v.index} summary={log.summary(v.index)} selected={selected === v.index} onSelect={select} />
          </div>
        ))}
      </div>
    </div>
  );
}

export function CallLog() {
  const { log, total, version, selected, record, selectLog, ensureLogLoaded, showEarlier, earlierShown } = useWorkbench(
    useShallow((s) => ({
      log: s.live.log,
      total: s.live.total,
      version: s.live.version,
      selected: s.live.selected,
      record: s.live.selectedRecord,
      selectLog: s.selectLog,
      ensureLogLoaded: s.ensureLogLoaded,
      showEarlier: s.showEarlier,
      earlierShown: s.earlier.shown,
    })),
  );
  const earlierButton = useRef<HTMLButtonElement>(null);
  const wasEarlierShown = useRef(earlierShown);
  // Back from earlier sessions, focus returns to the button that opened them.
  useEffect(() => {
    if (wasEarlierShown.current && !earlierShown) earlierButton.current?.focus();
    wasEarlierShown.current = earlierShown;
  }, [earlierShown]);
  // Hidden rather than unmounted while earlier sessions show, so the live log keeps its place.
  return (
    <section className="panel call-log" aria-labelledby="call-log-title" hidden={earlierShown}>
      <div className="panel-title">
        <h2 id="call-log-title">
          Call log <span className="count">{total.toLocaleString('en')}</span>
        </h2>
        <button type="button" ref={earlierButton} onClick={showEarlier}>
          Earlier sessions
        </button>
      </div>
      <LogSearch where="live" session={null} label="Search the call log" onSelect={selectLog} />
      <LogEntries label="Call log" role="log" log={log} total={total} version={version} selected={selected} onSelect={selectLog} ensureLoaded={ensureLogLoaded} followEnd />
      <RecordDetails selected={selected} record={record} />
      <LogExportControls />
    </section>
  );
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

/**
 * The selected entry's full record; `label` names its region ("Call record", "Earlier call record").
 * Its JSON, once shown, stays shown as the selection moves.
 */
export function RecordDetails({ selected, record, label = 'Call record' }: { selected: number | null; record: CallRecord | null; label?: string }) {
  const [jsonShown, setJsonShown] = useState(false);
  const jsonId = useId();
  if (selected === null) return <p className="muted">Select an entry to see its full record.</p>;
  return (
    <section className="record" aria-label={label}>
      <h3>
        Entry #{selected} {record ? <code>{record.c}</code> : 'loading…'}
      </h3>
      {record ? (
        <>
          <RecordFields r={record} />
          <button type="button" className="link record-json-toggle" aria-expanded={jsonShown} aria-controls={jsonShown ? jsonId : undefined} onClick={() => setJsonShown(!jsonShown)}>
            Full record (JSON)
          </button>
          {jsonShown ? (
            // Named, so a test (or a screen reader) reaches the record as data; the name holds no "Call record", so that region's name stays unique.
            <pre id={jsonId} role="region" aria-label="Full record (JSON)" tabIndex={0}>
              {JSON.stringify(record, null, 2)}
            </pre>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** ret, with what it means where it is more than a number: BIO_sock_error's errno, a loop's bytes. */
function retText(r: CallRecord): string {
  const so = soErrorOf(r);
  if (so) return `${r.ret}: the socket's pending error (SO_ERROR), ${so.name} (${so.code}): ${so.message}`;
  if (r.bulk) return `${r.ret ?? 'null'} (the loop's last call; it ${r.bulk.direction === 'write' ? 'sent' : 'read'} ${r.bulk.bytes} bytes in ${r.bulk.calls} calls)`;
  return String(r.ret ?? 'null');
}

function RecordFields({ r }: { r: CallRecord }) {
  return (
    <dl className="record-fields">
      <Field name="ret">{retText(r)}</Field>
      <Field name="errno">{r.errno ? `${r.errno.name} (${r.errno.code}): ${r.errno.message}` : 'none'}</Field>
      <Field name="duration">
        {formatDuration(r.durationUs)}
        {r.blocked ? ', blocked' : ''}
      </Field>
      {r.refused ? <Field name="refused">{r.refused}</Field> : null}
      {r.cancelled ? <Field name="cancelled">{r.cancelled}</Field> : null}
      <Field name="error queue">{r.errorQueue.length ? r.errorQueue.map((e) => e.text).join('; ') : 'empty'}</Field>
      {addressUsed(r) ? <Field name="address used">{addressUsed(r)}</Field> : null}
      {r.addresses ? <Field name="addresses">{r.addresses.map((a) => `${a.address}${a.used ? ' (used)' : ''}`).join(', ')}</Field> : null}
      {r.socket ? (
        <Field name="socket">
          {r.socket.name ?? r.socket.fd} fd {r.socket.fd}, {r.socket.role}, {r.socket.local ?? '—'} → {r.socket.peer ?? '—'}, <span className={stateClass(r.socket)}>{r.socket.state ?? 'no TCP state'}</span>
        </Field>
      ) : null}
      {r.data ? <Field name="data">{`${JSON.stringify(dataText(r.data))} (${r.data.hex})`}</Field> : null}
      {r.bulk ? <Field name="bulk">{bulkLine(r.bulk)}</Field> : null}
      <RecordTlsFields r={r} />
      {r.warnings.length ? <Field name="warnings">{r.warnings.join('; ')}</Field> : null}
    </dl>
  );
}
