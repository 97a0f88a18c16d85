// What libssl says of a TLS connection after a call: SSL_get_error's result (read on the call's
// thread, passed in), the verify result and its text, version, cipher, ALPN and the peer's
// certificate. Read on the engine thread once the call has returned.
import koffi from 'koffi';
import type { Bindings, Pointer } from './bindings';
import type { SslEntry } from './tls-objects';
import { SSL_ERROR_NAMES } from '../../shared/tls-facts';
import type { TlsSnapshot } from '../../shared/record';

function alpnOf(b: Bindings, ssl: Pointer): string | null {
  const data: [Pointer | null] = [null];
  const len: [number] = [0];
  b.ssl().SSL_get0_alpn_selected(ssl, data, len);
  if (data[0] === null || len[0] === 0) return null;
  const bytes = koffi.decode(data[0], koffi.array('uint8_t', len[0], 'Array')) as number[];
  return Buffer.from(bytes).toString('latin1');
}

function peerOf(b: Bindings, ssl: Pointer): TlsSnapshot['peer'] {
  const cert = b.ssl().SSL_get1_peer_certificate(ssl);
  if (cert === null) return null;
  try {
    const name = (n: Pointer | null) => (n === null ? null : b.crypto.X509_NAME_oneline(n, null, 0));
    return { subject: name(b.crypto.X509_get_subject_name(cert)), issuer: name(b.crypto.X509_get_issuer_name(cert)) };
  } finally {
    b.crypto.X509_free(cert);
  }
}

const SSL_CTRL_GET_NEGOTIATED_GROUP = 134;

/** The key exchange group the handshake agreed on (SSL_get_negotiated_group, SSL_group_to_name). */
function groupOf(b: Bindings, ssl: Pointer): string | null {
  const id = Number(b.ssl().SSL_ctrl(ssl, SSL_CTRL_GET_NEGOTIATED_GROUP, 0, null));
  return id > 0 ? (b.ssl().SSL_group_to_name(ssl, id) ?? `group 0x${id.toString(16)}`) : null;
}

export function readTls(b: Bindings, entry: SslEntry, sslError: number | null): TlsSnapshot {
  const ssl = b.ssl();
  const handshakeDone = ssl.SSL_is_init_finished(entry.ptr) === 1;
  const code = Number(ssl.SSL_get_verify_result(entry.ptr));
  const cipher = ssl.SSL_get_current_cipher(entry.ptr);
  return {
    name: entry.name,
    sslError: sslError === null ? null : { code: sslError, name: SSL_ERROR_NAMES[sslError] ?? `SSL_ERROR ${sslError}` },
    verify: { code, text: b.crypto.X509_verify_cert_error_string(code) ?? '' },
    version: handshakeDone ? ssl.SSL_get_version(entry.ptr) : null,
    cipher: cipher === null ? null : ssl.SSL_CIPHER_get_name(cipher),
    alpn: alpnOf(b, entry.ptr),
    group: handshakeDone ? groupOf(b, entry.ptr) : null,
    peer: peerOf(b, entry.ptr),
    state: ssl.SSL_state_string_long(entry.ptr),
    handshakeDone,
  };
}
