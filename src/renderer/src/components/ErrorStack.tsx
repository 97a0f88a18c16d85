// The latest call's OpenSSL error queue, entry by entry, in queue order. An empty queue after a
// nonblocking connect's 0 with EINPROGRESS is explained: that is progress, not failure.
import { useWorkbench } from '../store/context';
import type { CallRecord } from '../../../shared/record';

function isConnectInProgress(r: CallRecord): boolean {
  return r.call === 'BIO_connect' && r.ret === 0 && r.errno?.name === 'EINPROGRESS' && r.errorQueue.length === 0;
}

export function ErrorStack() {
  const latest = useWorkbench((s) => s.latest);
  return (
    <section className="panel error-stack" aria-labelledby="error-stack-title">
      <h2 id="error-stack-title">OpenSSL error stack</h2>
      {!latest ? (
        <p className="muted">No call yet.</p>
      ) : (
        <>
          <p className="after">
            After <code>{latest.c}</code>: ret <strong>{latest.ret ?? 'null'}</strong>
            {latest.errno ? (
              <>
                , errno <strong>{latest.errno.name}</strong> ({latest.errno.message})
              </>
            ) : null}
          </p>
          {latest.refused ? <p className="warn">Refused before the call was made: {latest.refused}</p> : null}
          {latest.cancelled ? <p className="warn">Cancelled: {latest.cancelled}</p> : null}
          {latest.errorQueue.length === 0 ? <p>The error queue is empty.</p> : null}
          {isConnectInProgress(latest) ? (
            <p className="explain" role="note">
              EINPROGRESS is progress, not failure: the socket is nonblocking, so BIO_connect started the TCP handshake and returned 0 without waiting, leaving the queue
              empty. Wait until the socket is writable, then BIO_sock_error() tells whether the connection succeeded.
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
