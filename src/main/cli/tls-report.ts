// The report's lines for a connect/accept BIO or a TLS connection: the BIO_ctrl behind a macro,
// the BIO (type, fd, chain, what it waits for), and what libssl says after a TLS call.
import type { CallRecord } from '../../shared/record';

export function bioTlsLines(r: CallRecord): string[] {
  const lines: string[] = [];
  if (r.ctrl) lines.push(`ctrl: BIO_ctrl(b, ${r.ctrl.name} (${r.ctrl.cmd}), ${r.ctrl.larg}, ${r.ctrl.parg === null ? 'NULL' : JSON.stringify(r.ctrl.parg)})`);
  if (r.bio) {
    const b = r.bio;
    const retry = b.retry?.shouldRetry ? `  should retry: ${[b.retry.read && 'read', b.retry.write && 'write', b.retry.ioSpecial && 'io special'].filter(Boolean).join(', ')}${b.retry.reason ? ` (${b.retry.reason})` : ''}` : '';
    lines.push(`bio: ${b.name} ${b.type} fd ${b.fd} chain ${b.chain.join(' -> ')}${b.ownedBy ? ` owned by ${b.ownedBy}` : ''}${b.freed ? ' freed' : ''}${retry}`);
  }
  if (r.tls) {
    const t = r.tls;
    const parts = [
      t.sslError ? `SSL_get_error ${t.sslError.name}` : null,
      t.verify ? `verify ${t.verify.code} (${t.verify.text})` : null,
      t.version ? `${t.version} ${t.cipher ?? ''}`.trim() : 'no handshake yet',
      t.alpn ? `ALPN ${t.alpn}` : null,
      t.group ? `group ${t.group}` : null,
    ].filter((p) => p !== null);
    lines.push(`tls: ${t.name} ${parts.join('; ')}${t.freed ? '; freed' : ''}`);
    if (t.peer) lines.push(`peer certificate: subject ${t.peer.subject ?? '?'}, issuer ${t.peer.issuer ?? '?'}`);
  }
  return lines;
}
