// A record's connect/accept BIO and TLS parts, beside its other fields: the BIO_ctrl behind a
// macro, the BIO (type, fd, chain, what it waits for) and what libssl says of the connection.
import type { ReactNode } from 'react';
import type { CallRecord } from '../../../shared/record';

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function RecordTlsFields({ r }: { r: CallRecord }) {
  const { ctrl, bio, tls } = r;
  return (
    <>
      {ctrl ? <Field name="BIO_ctrl">{`${ctrl.name} (${ctrl.cmd}), larg ${ctrl.larg}, parg ${ctrl.parg === null ? 'NULL' : JSON.stringify(ctrl.parg)}`}</Field> : null}
      {bio ? (
        <Field name="BIO">
          {`${bio.name}: ${bio.type}, fd ${bio.fd}, chain ${bio.chain.join(' → ')}${bio.ownedBy ? `, owned by ${bio.ownedBy}` : ''}${bio.freed ? ', freed' : ''}`}
          {bio.retry?.shouldRetry ? `; BIO_should_retry: ${bio.retry.reason ?? [bio.retry.read && 'read', bio.retry.write && 'write', bio.retry.ioSpecial && 'io special'].filter(Boolean).join(', ')}` : ''}
        </Field>
      ) : null}
      {tls?.sslError ? <Field name="SSL_get_error">{tls.sslError.name}</Field> : null}
      {tls?.verify ? <Field name="verify result">{`${tls.verify.code}: ${tls.verify.text}`}</Field> : null}
      {tls ? <Field name="TLS">{tls.version ? `${tls.version}, ${tls.cipher ?? 'no cipher'}${tls.alpn ? `, ALPN ${tls.alpn}` : ''}` : `no handshake yet (${tls.state ?? 'no state'})`}</Field> : null}
      {tls?.peer ? <Field name="peer certificate">{`subject ${tls.peer.subject ?? '?'}; issuer ${tls.peer.issuer ?? '?'}`}</Field> : null}
    </>
  );
}

/** A TLS step's result in a lesson, as a class reads it: SSL_get_error, the verify result's text, the queue's reasons. */
export function TlsStepResult({ record }: { record: CallRecord }) {
  const { tls } = record;
  if (!tls || record.refused) return null;
  const reasons = record.errorQueue.map((e) => e.reason ?? e.text);
  return (
    <p className="lesson-tls">
      {tls.sslError ? <>SSL_get_error: <strong>{tls.sslError.name}</strong></> : null}
      {tls.verify && (tls.verify.code !== 0 || tls.handshakeDone) ? <>; verify result <strong>{`${tls.verify.code}: ${tls.verify.text}`}</strong></> : null}
      {tls.handshakeDone && tls.version ? `; ${tls.version}` : ''}
      {reasons.length ? <>; error queue: <strong>{reasons.join('; ')}</strong></> : null}
    </p>
  );
}
