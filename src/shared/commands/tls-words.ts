// The TLS options of an openssl s_client / s_server line, from what the scenario's SSL_CTX_new and
// SSL_new ask: CA file, verify mode, protocol versions, host name (SNI and its check), ALPN, and
// the certificate and key. The workbench loads no default CA locations, so neither may s_client.
import { DEMO_FILE } from '../tls-facts';
import { shellWordProblem } from '../escape/shell';
import { TLS_DIR_VARIABLE, type TlsSide } from './tls-side';

export interface TlsWords {
  words: string[];
  notes: string[];
}

/** openssl's -min_protocol / -max_protocol names for the TLS*_VERSION constants. */
const PROTOCOL: Record<string, string> = { TLS1_VERSION: 'TLSv1', TLS1_1_VERSION: 'TLSv1.1', TLS1_2_VERSION: 'TLSv1.2', TLS1_3_VERSION: 'TLSv1.3' };

/** A file as the command names it: the demonstration pair through $TLS_DIR, any other path as given. */
function fileWord(file: string, demoName: string): string {
  return file === DEMO_FILE ? `$${TLS_DIR_VARIABLE}/${demoName}` : file;
}

/** Why the end's TLS fields cannot be said on one command line, or null. */
export function tlsProblem(t: TlsSide): string | null {
  const fields: [string, string | null][] = [['caFile', t.caFile], ['certFile', t.certFile], ['keyFile', t.keyFile], ['host', t.host], ...(t.alpn ?? []).map((a): [string, string] => ['alpn', a])];
  for (const [field, value] of fields) {
    const problem = value === null ? null : shellWordProblem(value);
    if (problem) return `left out: its ${field} ${problem}`;
  }
  return null;
}

function versionWords(t: TlsSide): string[] {
  return [...(t.minVersion ? ['-min_protocol', PROTOCOL[t.minVersion]] : []), ...(t.maxVersion ? ['-max_protocol', PROTOCOL[t.maxVersion]] : [])];
}

function certWords(t: TlsSide): string[] {
  return t.certFile && t.keyFile ? ['-cert', fileWord(t.certFile, 'demo-cert.pem'), '-key', fileWord(t.keyFile, 'demo-key.pem')] : [];
}

/** s_client's words: verification as the context asks it, SNI and the host check as SSL_new sets them. */
function clientWords(t: TlsSide): TlsWords {
  const words: string[] = [];
  const notes: string[] = [];
  words.push(...(t.caFile ? ['-CAfile', fileWord(t.caFile, 'demo-cert.pem')] : ['-no-CAfile']), '-no-CApath', '-no-CAstore');
  if (t.verify === 'SSL_VERIFY_PEER') words.push('-verify_return_error');
  else notes.push('s_client checks the certificate and prints the result, then goes on whatever it was, as a context without SSL_VERIFY_PEER does');
  if (t.host) words.push('-servername', t.host, '-verify_hostname', t.host);
  else words.push('-noservername'); // SSL_new without a host sends no SNI; s_client would send the -connect host
  words.push(...versionWords(t), ...certWords(t));
  if (t.alpn) {
    if (t.alpn.some((a) => a.includes(','))) notes.push('-alpn left out: a protocol name holds a comma, which -alpn reads as a separator');
    else words.push('-alpn', t.alpn.join(','));
  }
  return { words, notes };
}

/** s_server's words: its certificate and key, the client verification SSL_VERIFY_PEER asks for. */
function serverWords(t: TlsSide): TlsWords {
  const words = [...certWords(t)];
  const notes: string[] = [];
  if (t.caFile) words.push('-CAfile', fileWord(t.caFile, 'demo-cert.pem'));
  if (t.verify === 'SSL_VERIFY_PEER') {
    words.push('-verify', '1', '-verify_return_error');
    notes.push('SSL_VERIFY_PEER on a server asks the client for a certificate without requiring one, as -verify does (-Verify would require one)');
  }
  words.push(...versionWords(t));
  if (t.alpn) notes.push('the context\'s ALPN list (SSL_CTX_set_alpn_protos) is a client\'s: the workbench server selects no protocol, s_server -alpn would');
  return { words, notes };
}

/** The openssl line's TLS options for one end, with what does not map. */
export function tlsWords(t: TlsSide, kind: 'listen' | 'connect'): TlsWords {
  const asked = kind === 'listen' ? 'server' : 'client';
  const out = asked === 'server' ? serverWords(t) : clientWords(t);
  if (t.role !== asked) out.notes.push(`context ${t.ctx} is a ${t.role}'s (${t.role === 'server' ? 'TLS_server_method' : 'TLS_client_method'}) on a ${kind === 'listen' ? 'listener' : 'connection'}: the handshake takes the ${t.role}'s part, which s_${asked} cannot`);
  return out;
}
