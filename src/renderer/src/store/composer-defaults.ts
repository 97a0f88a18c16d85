// What the composer fills in by itself so a class can follow along: the newest socket after
// BIO_socket, the last listener's address for BIO_connect, no flags the new call ignores, and a
// C preview that names a missing argument instead of leaving it empty.
import { FLAGS } from '../../../shared/flags';
import { cExpression } from '../../../shared/c-expression';
import type { CallRecord, SocketSnapshot } from '../../../shared/record';
import { madeObjectField } from './composer-bio-tls';
import { buildStep, fieldsOf, findSocket, flagCallOf, socketLabel, type ComposerCall, type ComposerFields } from './composer-model';

/** Where bind and listen start: the kernel picks a free loopback port. */
export const BIND_ADDRESS = '127.0.0.1:0';

/** Calls whose successful record carries a socket the next call most likely means. */
const MAKES_SOCKET: ReadonlySet<string> = new Set(['BIO_socket', 'BIO_get_accept_socket']);

/** A wildcard listener is reached on loopback: 0.0.0.0 becomes 127.0.0.1, [::] becomes [::1]. */
export function reachable(local: string): string {
  if (local.startsWith('0.0.0.0:')) return `127.0.0.1:${local.slice('0.0.0.0:'.length)}`;
  if (local.startsWith('[::]:')) return `[::1]:${local.slice('[::]:'.length)}`;
  return local;
}

/** The newest listener's address as a client would dial it, or '' when none listens. */
export function lastListenerAddress(sockets: readonly SocketSnapshot[]): string {
  for (let i = sockets.length - 1; i >= 0; i--) {
    const s = sockets[i];
    if (s.role === 'listener' && s.local) return reachable(s.local);
  }
  return '';
}

/** Port 0 means "any port" to bind, and nothing to connect to. */
function isUnsetAddress(addr: string): boolean {
  const t = addr.trim();
  return t === '' || /:0$/.test(t);
}

/**
 * The fields after switching to `call`: the socket, the address and the flags that fit it.
 * `justMade` names the socket this page's last call created: its reply can come before the
 * event that lists it, and it is still the one meant.
 */
export function switchCall(f: ComposerFields, call: ComposerCall, sockets: readonly SocketSnapshot[], justMade: string | null = null): ComposerFields {
  const next: ComposerFields = { ...f, call };
  const takes = fieldsOf(call, f.over);
  // A call on a socket starts with the newest socket when the one named is gone or none is.
  const known = findSocket(sockets, f.sock) !== undefined || (justMade !== null && f.sock === justMade);
  if (takes.has('sock') && !known && sockets.length) next.sock = socketLabel(sockets[sockets.length - 1]);
  if ((call === 'BIO_connect' || call === 'BIO_new_connect') && isUnsetAddress(f.addr)) next.addr = lastListenerAddress(sockets);
  else if ((call === 'BIO_bind' || call === 'BIO_listen' || call === 'BIO_new_accept') && f.addr.trim() === '') next.addr = BIND_ADDRESS;
  if (next.addr !== f.addr) next.addrIndex = null;
  // A flag the new call ignores would only carry a warning along: it is dropped.
  const flagCall = flagCallOf(call);
  next.flags = flagCall ? f.flags.filter((name) => FLAGS.find((flag) => flag.name === name)?.honouredBy.includes(flagCall)) : [];
  return next;
}

/** The socket a successful call created, by the label later calls use, or null. */
export function madeSocket(record: CallRecord | null): string | null {
  if (!record || !MAKES_SOCKET.has(record.call) || record.ret === null || record.ret < 0 || !record.socket) return null;
  return socketLabel(record.socket);
}

/** What changes in the fields once a call answered: a new socket, BIO, SSL object or context becomes the one later calls use. */
export function afterRun(record: CallRecord): Partial<ComposerFields> {
  const field = madeObjectField(record.call);
  const as = record.args.as;
  // Pointer-returning calls show ret 1 for non-NULL; the record's args carry the session's name.
  if (field) return record.ret === 1 && typeof as === 'string' ? { [field]: as } : {};
  const made = madeSocket(record);
  return made === null ? {} : { sock: made };
}

export interface PreviewPart {
  text: string;
  /** A stand-in for an argument not given yet, shown in italics. */
  placeholder: boolean;
}

const MARK = '\u0001';

/** The fields naming what a call acts on, which the preview marks when not chosen yet. */
const TARGETS = ['sock', 'bio', 'ssl', 'ctx'] as const;

/** The C preview in parts: a socket, BIO, SSL object or context not chosen yet reads its field's name, marked as a placeholder. */
export function previewParts(f: ComposerFields): PreviewPart[] {
  const takes = fieldsOf(f.call, f.over);
  const marked = { ...f };
  for (const t of TARGETS) if (takes.has(t) && f[t].trim() === '') marked[t] = `${MARK}${t}${MARK}`;
  let text: string;
  try {
    text = cExpression(buildStep(marked));
  } catch {
    return [{ text: `${f.call}(…)`, placeholder: false }];
  }
  return text
    .split(MARK)
    .map((t, i) => ({ text: t, placeholder: i % 2 === 1 }))
    .filter((p) => p.text !== '');
}

/** Why the preview shows a placeholder, or an argument it cannot show: one line each. */
export function previewNotes(f: ComposerFields): string[] {
  const takes = fieldsOf(f.call, f.over);
  const notes: string[] = [];
  if (takes.has('sock') && f.sock.trim() === '') notes.push('sock: choose a socket (a name or an fd) first.');
  if (takes.has('bio') && f.bio.trim() === '') notes.push('bio: name a BIO (made by BIO_new_connect, BIO_new_accept or BIO_pop) first.');
  if (takes.has('ssl') && f.ssl.trim() === '') notes.push('ssl: name a TLS connection (made by SSL_new) first.');
  if (takes.has('ctx') && f.ctx.trim() === '') notes.push('ctx: name a TLS context (made by SSL_CTX_new) first.');
  if (takes.has('addr') && f.addr.trim() === '') notes.push(f.call === 'BIO_connect' ? 'addr: type the address to connect to (no listener yet).' : 'addr: type an address.');
  return notes;
}
