// A lesson's own namespace of sockets: the names a lesson gives (`c`, `l`) become session names
// under a prefix, and a step may act only on a socket the lesson itself opened and still holds.
// A clash with a socket of the person's (or a step whose socket was never made) is refused
// before any call, so a lesson can never reach a socket it did not open.
import type { CallRecord } from './record';
import type { Step } from './steps';
import { isBioTlsCall, madeKind, type ObjectKind } from './tls-facts';

const CREATES_SOCKET: ReadonlySet<string> = new Set(['BIO_socket', 'BIO_accept_ex', 'BIO_accept', 'BIO_get_accept_socket']);
/** The longest name a session accepts for a socket. */
const MAX_SESSION_NAME = 64;

export interface OwnSocket {
  /** The lesson's name for it (`c`). */
  name: string;
  /** The session's name for it (`lesson-x1-c`). */
  sessionName: string;
  fd: number;
}

/** A BIO, SSL object or TLS context a lesson made. */
export interface OwnObject {
  name: string;
  sessionName: string;
  kind: Exclude<ObjectKind, 'socket'>;
}

export class LessonSockets {
  private readonly open = new Map<string, OwnSocket>();
  /** The BIOs, SSL objects and TLS contexts the lesson made and has not freed: its name to the session's. */
  private readonly objects = new Map<string, OwnObject>();

  constructor(readonly prefix: string) {}

  /** The sockets the lesson opened and has not closed, in the order it opened them. */
  get opened(): OwnSocket[] {
    return [...this.open.values()];
  }

  /** The BIOs, SSL objects and contexts the lesson made and has not freed, in the order it made them. */
  get made(): OwnObject[] {
    return [...this.objects.values()];
  }

  /** The lesson's name for a session name under this prefix (any other name is returned as it is). */
  lessonName(sessionName: string): string {
    return sessionName.startsWith(this.prefix) ? sessionName.slice(this.prefix.length) : sessionName;
  }

  /** A step's call args with the lesson's names turned into the session's, or why the step must not run. */
  toSession(args: Record<string, unknown>): { args: Record<string, unknown> } | { refused: string } {
    const out = { ...args };
    for (const field of ['bio', 'ssl', 'ctx'] as const) {
      if (!(field in out)) continue;
      const own = typeof out[field] === 'string' ? this.objects.get(out[field])?.sessionName : undefined;
      if (!own) return { refused: `${field} "${String(out[field])}" is not an object this lesson made (its creating step was refused or failed, or it was freed): a lesson acts only on its own` };
      out[field] = own;
    }
    // BIO_read, BIO_write and wait may name one of the lesson's BIOs where a socket goes.
    const objectSock = typeof out.sock === 'string' ? this.objects.get(out.sock)?.sessionName : undefined;
    if (objectSock !== undefined) out.sock = objectSock;
    else if ('sock' in out) {
      const sock = out.sock;
      const own = typeof sock === 'string' ? this.open.get(sock) : [...this.open.values()].find((o) => o.fd === sock);
      if (!own) {
        const what = typeof sock === 'string' ? `socket "${sock}"` : `fd ${String(sock)}`;
        return { refused: `${what} is not a socket this lesson opened (its creating step was refused or failed, or it was closed): a lesson acts only on its own sockets` };
      }
      out.sock = own.sessionName;
    }
    if (typeof out.as === 'string') {
      const sessionName = this.prefix + out.as;
      if (sessionName.length > MAX_SESSION_NAME) return { refused: `the lesson's name "${out.as}" is too long for its namespace (${sessionName.length} characters, at most ${MAX_SESSION_NAME})` };
      if (this.open.has(out.as) || this.objects.has(out.as)) return { refused: `the lesson already holds a socket or object named "${out.as}"` };
      out.as = sessionName;
    }
    return { args: out };
  }

  /** What a step's record changed: a socket the lesson now holds, or one it closed. */
  note(step: Step, rec: CallRecord): void {
    if (rec.refused) return;
    if (isBioTlsCall(step.call)) return this.noteObject(step, rec);
    const target = step.call === 'await' || step.call === 'cancel' ? null : step;
    const made = target && CREATES_SOCKET.has(target.call) && 'as' in target && typeof target.as === 'string' ? target.as : null;
    const sock = rec.socket;
    if (!sock?.name?.startsWith(this.prefix)) return;
    const name = this.lessonName(sock.name);
    if (sock.role === 'closed') {
      if (this.open.get(name)?.fd === sock.fd) this.open.delete(name);
      return;
    }
    // A background accept's socket arrives with its own record (and again with its await's).
    if (made === name || (step.call === 'await' && !this.open.has(name)) || this.open.get(name)?.fd === sock.fd) this.open.set(name, { name, sessionName: sock.name, fd: sock.fd });
  }

  /** A BIO, SSL object or context the step made (ret 1: non-NULL) or freed. */
  private noteObject(step: Step, rec: CallRecord): void {
    const s = step as Step & { as?: string; bio?: string; ssl?: string; ctx?: string };
    const kind = madeKind(step.call);
    if (s.as !== undefined && kind !== 'socket' && rec.ret === 1) this.objects.set(s.as, { name: s.as, sessionName: this.prefix + s.as, kind });
    const freed = step.call === 'BIO_free' ? s.bio : step.call === 'SSL_free' ? s.ssl : step.call === 'SSL_CTX_free' ? s.ctx : undefined;
    if (freed !== undefined) this.objects.delete(freed);
    // SSL_free frees the BIO given to SSL_set_bio with it.
    if (step.call === 'SSL_free' && rec.bio?.freed) this.objects.delete(this.lessonName(rec.bio.name));
  }
}
