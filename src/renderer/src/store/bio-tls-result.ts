// What a BIO or TLS call's record adds to the composer's last result, in a line: BIO_should_retry
// and what the BIO waits for, SSL_get_error, the verify result with its text, the version agreed.
import type { BioSnapshot, CallRecord } from '../../../shared/record';

const WAITS_FOR: Record<string, string> = {
  BIO_RR_CONNECT: 'the connection (BIO_RR_CONNECT: the socket writable)',
  BIO_RR_ACCEPT: 'a connection to accept (BIO_RR_ACCEPT)',
  BIO_RR_SSL_X509_LOOKUP: 'a certificate lookup (BIO_RR_SSL_X509_LOOKUP)',
};

function retryText(retry: NonNullable<BioSnapshot['retry']>): string {
  if (!retry.shouldRetry) return 'BIO_should_retry 0';
  const what = retry.reason ? (WAITS_FOR[retry.reason] ?? retry.reason) : retry.read ? 'the socket readable' : retry.write ? 'the socket writable' : 'an event of its own';
  return `BIO_should_retry 1, waits for ${what}`;
}

/** The BIO and TLS facts of a record, each a short phrase; none for the socket calls. */
export function bioTlsResultParts(r: CallRecord): string[] {
  if (r.refused) return [];
  const parts: string[] = [];
  if (r.bio?.retry) parts.push(retryText(r.bio.retry));
  if (r.bio && !r.bio.freed && (r.call.startsWith('BIO_do_') || r.call === 'BIO_get_fd' || r.call === 'BIO_pop')) parts.push(r.bio.fd >= 0 ? `fd ${r.bio.fd}` : 'no fd yet');
  const tls = r.tls;
  if (tls?.sslError) parts.push(`SSL_get_error ${tls.sslError.name}`);
  if (tls?.verify && (tls.verify.code !== 0 || tls.handshakeDone)) parts.push(`verify result ${tls.verify.code} (${tls.verify.text})`);
  if (tls?.handshakeDone && tls.version) parts.push(`${tls.version}${tls.cipher ? ` ${tls.cipher}` : ''}${tls.alpn ? `, ALPN ${tls.alpn}` : ''}`);
  return parts;
}
