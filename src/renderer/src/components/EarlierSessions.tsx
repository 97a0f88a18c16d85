// Earlier sessions' logs under the same data directory: a list to pick from, then one session's
// log read-only, with the Call log's own rows and record view, paged in from the host on scroll.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import type { SessionHost, SessionLogInfo } from '../../../shared/record';
import { LogEntries, RecordDetails } from './CallLog';
import { RefusalNote } from './Banners';
import { LogSearch } from './LogSearch';
import { PanelTitle } from './PanelTitle';

/** A session's time as a person reads it, in their own time zone. */
export function formatSessionTime(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

function callsText(n: number): string {
  return `${n.toLocaleString('en')} ${n === 1 ? 'call' : 'calls'}`;
}

const HOST_NAMES: Record<SessionHost, string> = { window: 'Window', web: 'Web host', cli: 'CLI' };

/** "Web host session": which host wrote a log; logs from before hosts said so are just sessions. */
function sessionHostName(host: SessionHost | null): string {
  return host ? `${HOST_NAMES[host]} session` : 'Session';
}

/** "Web host session, started 3 Mar 2026, 10:14:02, 5 calls, cut short": what tells two sessions apart. */
function describeSession(info: Pick<SessionLogInfo, 'host' | 'startedAt' | 'modifiedAt' | 'entries' | 'torn'>, entries = info.entries): string {
  const when = info.startedAt !== null ? `started ${formatSessionTime(info.startedAt)}` : `last written ${formatSessionTime(info.modifiedAt)}`;
  return `${sessionHostName(info.host)}, ${when}, ${callsText(entries)}${info.torn ? ', cut short' : ''}`;
}

/** Moves focus to a view's heading when it appears, so keyboard and screen-reader users land in it. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** Shown in place of the live Call log while the person browses earlier sessions. */
export function EarlierSessions() {
  const { shown, id } = useWorkbench(useShallow((s) => ({ shown: s.earlier.shown, id: s.earlier.id })));
  if (!shown) return null;
  return id === null ? <EarlierSessionList /> : <EarlierSessionLog />;
}

function EarlierSessionList() {
  const { sessions, next, withoutCalls, listing, error, listEarlier, listOlderEarlier, openEarlier, hideEarlier } = useWorkbench(
    useShallow((s) => ({
      sessions: s.earlier.sessions,
      next: s.earlier.next,
      withoutCalls: s.earlier.withoutCalls,
      listing: s.earlier.listing,
      error: s.earlier.error,
      listEarlier: s.listEarlier,
      listOlderEarlier: s.listOlderEarlier,
      openEarlier: s.openEarlier,
      hideEarlier: s.hideEarlier,
    })),
  );
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="panel earlier" aria-labelledby="earlier-sessions-title">
      <PanelTitle id="earlier-sessions-title" headingRef={heading} title="Earlier sessions">
        <button type="button" onClick={hideEarlier}>
          Back to the live log
        </button>
      </PanelTitle>
      {error ? (
        <>
          <RefusalNote refusal={error} label="Earlier sessions error" />
          <button type="button" onClick={() => void listEarlier()}>
            Try again
          </button>
        </>
      ) : null}
      {listing && sessions === null ? (
        <p className="muted" role="status">
          Asking the host for earlier sessions…
        </p>
      ) : null}
      {sessions !== null && sessions.length === 0 && next === null ? <p className="muted">No earlier sessions with calls: this data directory holds only the current session's log.</p> : null}
      {sessions !== null && sessions.length > 0 ? (
        <ul className="earlier-list" aria-label="Earlier sessions">
          {sessions.map((info) => (
            <li key={info.id}>
              <button type="button" onClick={() => void openEarlier(info.id)}>
                {describeSession(info)}
              </button>
              {info.pid !== null ? <span className="muted"> pid {info.pid}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {withoutCalls > 0 ? <p className="muted">{withoutCalls === 1 ? '1 session with no calls is' : `${withoutCalls.toLocaleString('en')} sessions with no calls are`} not listed.</p> : null}
      {next !== null ? (
        <button type="button" disabled={listing} onClick={() => void listOlderEarlier()}>
          Show older sessions
        </button>
      ) : null}
    </section>
  );
}

function EarlierSessionLog() {
  const { id, info, log, total, version, torn, selected, record, error, selectEarlier, ensureEarlierLoaded, backToEarlierList, hideEarlier } = useWorkbench(
    useShallow((s) => ({
      id: s.earlier.id,
      info: s.earlier.info,
      log: s.earlier.log,
      total: s.earlier.total,
      version: s.earlier.version,
      torn: s.earlier.torn,
      selected: s.earlier.selected,
      record: s.earlier.selectedRecord,
      error: s.earlier.error,
      selectEarlier: s.selectEarlier,
      ensureEarlierLoaded: s.ensureEarlierLoaded,
      backToEarlierList: s.backToEarlierList,
      hideEarlier: s.hideEarlier,
    })),
  );
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="panel earlier" aria-labelledby="earlier-log-title" aria-describedby="earlier-log-about">
      <PanelTitle id="earlier-log-title" headingRef={heading} title="Earlier session log">
        <button type="button" onClick={backToEarlierList}>
          Back to earlier sessions
        </button>
        <button type="button" onClick={hideEarlier}>
          Back to the live log
        </button>
      </PanelTitle>
      <p id="earlier-log-about" className="earlier-about">
        Read-only: {info ? describeSession({ ...info, torn }, total) : callsText(total)}.
        {torn ? ' The host stopped in the middle of writing its last entry, which is left out.' : ''}
      </p>
      {error ? <RefusalNote refusal={error} label="Earlier session error" /> : null}
      <LogSearch key={id} where="earlier" session={id} label="Search this earlier session" onSelect={selectEarlier} />
      <LogEntries
        label="Earlier session entries"
        role="group"
        log={log}
        total={total}
        version={version}
        selected={selected}
        onSelect={selectEarlier}
        ensureLoaded={ensureEarlierLoaded}
        followEnd={false}
      />
      <RecordDetails selected={selected} record={record} label="Earlier call record" />
    </section>
  );
}
