// The latest call's OpenSSL error queue, entry by entry, in queue order. An empty queue after a
// nonblocking connect's 0 with EINPROGRESS, or a nonblocking call's -1 with EAGAIN, is explained:
// that is progress, not failure.
import { useWorkbench } from '../store/context';
import { progressOf, PROGRESS_TEXT } from '../store/progress';
import { retNote } from '../store/log-index';

export function ErrorStack() {
  const latest = useWorkbench((s) => s.latest);
  const progress = latest ? progressOf({ call: latest.call, ret: latest.ret, errno: latest.errno?.name ?? null, errorQueueLength: latest.errorQueue.length }) : null;
  return (
    <section className="panel error-stack" aria-labelledby="error-stack-title">
      <h2 id="error-stack-title">OpenSSL error stack</h2>
      {!latest ? (
        <p className="muted">No call yet.</p>
      ) : (
        <>
          <p className="after">
            After <code>{latest.c}</code>: ret <strong>{latest.ret ?? 'null'}</strong>
            {retNote(latest)}
            {latest.errno ? (
              <>
                , errno <strong>{latest.errno.name}</strong> ({latest.errno.message})
              </>
            ) : null}
          </p>
          {latest.refused ? <p className="warn">Refused before the call was made: {latest.refused}</p> : null}
          {latest.cancelled ? <p className="warn">Cancelled: {latest.cancelled}</p> : null}
          {latest.errorQueue.length === 0 ? <p>The error queue is empty.</p> : null}
          {progress ? (
            <p className="explain" role="note">
              {PROGRESS_TEXT[progress]}
            </p>
          ) : null}
          {latest.errorQueue.length > 0 ? (
            <ol className="queue" aria-label="Error queue entries">
              {latest.errorQueue.map((e, i) => (
                <li key={`${e.hex}-${i}`} className="queue-entry">
                  <div className="queue-text">
                    <code>{e.text}</code>
                  </div>
                  <dl>
                    <dt>library</dt>
                    <dd>{e.library ?? '—'}</dd>
                    <dt>reason</dt>
                    <dd>{e.reason ?? '—'}</dd>
                    <dt>file:line</dt>
                    <dd>
                      {e.file ?? '?'}:{e.line}
                    </dd>
                    <dt>function</dt>
                    <dd>{e.function ?? '—'}</dd>
                    <dt>data</dt>
                    <dd>{e.data === null ? '—' : e.data === '' ? '""' : e.data}</dd>
                    <dt>code</dt>
                    <dd>{e.hex}</dd>
                  </dl>
                </li>
              ))}
            </ol>
          ) : null}
          {latest.warnings.length ? (
            <ul className="warnings" aria-label="Call warnings">
              {latest.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}
