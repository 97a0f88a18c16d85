// Banners above the panels: a lost connection, a crashed engine, a request the host refused.
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import type { HostRefusal } from '../store/refusal';

export function ConnectionBanner() {
  const connection = useWorkbench((s) => s.connection);
  if (connection !== 'closed') return null;
  return (
    <div className="banner banner-warn" role="alert">
      The connection to the host was lost; reconnecting. The sockets live in the host and are still there. If the workbench was restarted, open the new URL it printed.
    </div>
  );
}

export function EngineBanner() {
  const engine = useWorkbench((s) => s.engine);
  if (engine.state === 'crashed') {
    return (
      <div className="banner banner-error" role="alert" aria-label="Engine crashed">
        <strong>The engine crashed.</strong> {engine.message}
        {engine.lostSockets !== undefined ? ` ${engine.lostSockets} socket(s) were lost.` : ''} The call log is kept.
      </div>
    );
  }
  if (engine.state === 'starting' || engine.state === 'stopped') {
    return (
      <div className="banner banner-info" role="status">
        {engine.state === 'starting' ? 'The engine is starting' : 'The engine stopped'}: {engine.message}
      </div>
    );
  }
  return null;
}

export function LogStoppedBanner() {
  const reason = useWorkbench((s) => s.logStopped);
  if (!reason) return null;
  return (
    <div className="banner banner-error" role="alert" aria-label="Session log stopped">
      <strong>The session log stopped being written to disk.</strong> {reason} Calls still run and show here, but from now on they are not kept for Earlier sessions.
    </div>
  );
}

export function RefusalBanner() {
  const { refusal, dismiss } = useWorkbench(useShallow((s) => ({ refusal: s.refusal, dismiss: s.dismissRefusal })));
  if (!refusal) return null;
  return <RefusalNote refusal={refusal} label="Request refused" onDismiss={dismiss} />;
}

/** A refused request as the person needs it: what was asked, the field, what was expected. */
export function RefusalNote({ refusal, label, onDismiss }: { refusal: HostRefusal; label: string; onDismiss?: () => void }) {
  const { error, what } = refusal;
  return (
    <div className="banner banner-error" role="alert" aria-label={label}>
      <strong>The host refused {what}</strong> ({error.code})
      {error.field ? (
        <>
          {' '}
          in field <code className="field">{error.field}</code>
        </>
      ) : null}
      : <span className="message">{error.message}</span>
      {onDismiss ? (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
