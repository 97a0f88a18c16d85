// Calls still waiting (a blocking accept, connect or read): elapsed time and Cancel. Only this
// banner ticks, so the rest of the window does not re-render every 100 ms.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';

/** Calls that return within this are not shown, so fast calls do not flash a banner. */
export const SHOW_AFTER_MS = 250;

function formatElapsed(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;
}

const WAITING_FOR: Record<string, string> = {
  readiness: 'waiting for the socket to become ready',
  pool: 'queued for a worker thread',
  connect: 'blocked in connect()',
  transfer: 'moving bytes in a loop (progress in the Data pane)',
};

export function WaitingCalls({ now = () => Date.now() }: { now?: () => number }) {
  const { waiting, cancel } = useWorkbench(useShallow((s) => ({ waiting: s.waiting, cancel: s.cancel })));
  const [clock, setClock] = useState(now);
  useEffect(() => {
    if (waiting.length === 0) return;
    const timer = setInterval(() => setClock(now()), 100);
    return () => clearInterval(timer);
  }, [waiting.length, now]);
  const shown = waiting.filter((w) => clock - w.startedAt >= SHOW_AFTER_MS);
  if (shown.length === 0) return null;
  return (
    <section className="banner banner-wait" aria-label="Waiting calls">
      <ul>
        {shown.map((w) => (
          <li key={w.callId}>
            <code>{w.c}</code> <span className="muted">{w.waiting ? WAITING_FOR[w.waiting] : 'running'}</span>{' '}
            <span role="timer" aria-label={`Elapsed time of ${w.call}`} className="elapsed">
              {formatElapsed(Math.max(0, clock - w.startedAt))}
            </span>{' '}
            <button type="button" onClick={() => void cancel(w.callId)} aria-label={`Cancel ${w.call}${w.sock ? ` on ${w.sock}` : ''}`}>
              Cancel
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
