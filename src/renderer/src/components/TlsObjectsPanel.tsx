// The session's BIOs, TLS connections and contexts beside the sockets, each a row of its own: a
// BIO's type, its fd once it has one, its chain and the SSL object that owns it; a connection's
// socket or BIO, version, cipher and verify result; a context's side. Each can be freed from its row.
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench, useWorkbenchStore } from '../store/context';
import type { CtxRow, SslRow } from '../store/tls-objects';
import type { BioSnapshot } from '../../../shared/record';

function FreeButton({ label, onFree }: { label: string; onFree: () => void }) {
  return (
    <button type="button" aria-label={`Free ${label}`} onClick={onFree}>
      Free
    </button>
  );
}

function BioRow({ b }: { b: BioSnapshot }) {
  const run = useWorkbenchStore().getState().runStep;
  return (
    <li className="object-row" aria-label={`BIO ${b.name}`}>
      <strong>{b.name}</strong> <span className="muted">{b.type}</span> <span>{b.fd >= 0 ? `fd ${b.fd}` : 'no fd yet'}</span>{' '}
      <span className="muted">chain </span>
      {b.chain.join(' → ')}
      {b.ownedBy ? <span className="muted">, owned by {b.ownedBy} (SSL_free frees it)</span> : null}
      {b.retry?.shouldRetry ? <span className="progress">, waits ({b.retry.reason ?? (b.retry.read ? 'read' : 'write')})</span> : null}{' '}
      {b.ownedBy ? null : <FreeButton label={b.name} onFree={() => void run({ call: 'BIO_free', bio: b.name })} />}
    </li>
  );
}

function tlsText(s: SslRow): string {
  const t = s.tls;
  if (!t) return 'no handshake yet';
  const parts = [t.handshakeDone && t.version ? `${t.version}${t.cipher ? ` ${t.cipher}` : ''}` : `handshake not done (${t.state ?? 'no state'})`];
  if (t.verify && (t.verify.code !== 0 || t.handshakeDone)) parts.push(`verify ${t.verify.code} (${t.verify.text})`);
  if (t.alpn) parts.push(`ALPN ${t.alpn}`);
  return parts.join(', ');
}

function SslRowItem({ s }: { s: SslRow }) {
  const run = useWorkbenchStore().getState().runStep;
  return (
    <li className="object-row" aria-label={`TLS connection ${s.name}`}>
      <strong>{s.name}</strong> <span className="muted">SSL</span>
      {s.over ? <span className="muted"> over {s.over.kind === 'bio' ? 'BIO' : 'socket'} </span> : null}
      {s.over?.name ?? ''}
      {s.ctx ? <span className="muted">, context {s.ctx}</span> : null}: {tlsText(s)}{' '}
      <FreeButton label={s.name} onFree={() => void run({ call: 'SSL_free', ssl: s.name })} />
    </li>
  );
}

function CtxRowItem({ c }: { c: CtxRow }) {
  const run = useWorkbenchStore().getState().runStep;
  return (
    <li className="object-row" aria-label={`TLS context ${c.name}`}>
      <strong>{c.name}</strong> <span className="muted">SSL_CTX, {c.server ? 'server' : 'client'}</span>{' '}
      <FreeButton label={c.name} onFree={() => void run({ call: 'SSL_CTX_free', ctx: c.name })} />
    </li>
  );
}

/** Shown once the session holds a BIO, a TLS connection or a context. */
export function TlsObjectsPanel() {
  const { bios, ssls, ctxs } = useWorkbench(useShallow((s) => s.tlsObjects));
  const count = bios.length + ssls.length + ctxs.length;
  if (count === 0) return null;
  return (
    <section className="panel tls-objects" aria-labelledby="tls-objects-title">
      <h2 id="tls-objects-title">
        BIOs and TLS <span className="count">{count}</span>
      </h2>
      <ul aria-label="BIOs and TLS objects" className="object-rows">
        {bios.map((b) => (
          <BioRow key={`bio-${b.name}`} b={b} />
        ))}
        {ssls.map((s) => (
          <SslRowItem key={`ssl-${s.name}`} s={s} />
        ))}
        {ctxs.map((c) => (
          <CtxRowItem key={`ctx-${c.name}`} c={c} />
        ))}
      </ul>
    </section>
  );
}
