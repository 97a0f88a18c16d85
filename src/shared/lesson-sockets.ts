// A lesson's own namespace of sockets: the names a lesson gives (`c`, `l`) become session names
// under a prefix, and a step may act only on a socket the lesson itself opened and still holds.
// A clash with a socket of the person's (or a step whose socket was never made) is refused
// before any call, so a lesson can never reach a socket it did not open.
import type { CallRecord } from './record';
import type { Step } from './steps';

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

export class LessonSockets {
  private readonly open = new Map<string, OwnSocket>();

  constructor(readonly prefix: string) {}

  /** The sockets the lesson opened and has not closed, in the order it opened them. */
  get opened(): OwnSocket[] {
    return [...this.open.values()];
  }

  /** The lesson's name for a session name under this prefix (any other name is returned as it is). */
  lessonName(sessionName: string): string {
    return sessionName.startsWith(this.prefix) ? sessionName.slice(this.prefix.length) : sessionName;
  }

  /** A step's call args with the lesson's names turned into the session's, or why the step must not run. */
  toSession(args: Record<string, unknown>): { args: Record<string, unknown> } | { refused: string } {
    const out = { ...args };
    if ('sock' in out) {
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
      if (this.open.has(out.as)) return { refused: `the lesson already holds a socket named "${out.as}"` };
      out.as = sessionName;
    }
    return { args: out };
  }

  /** What a step's record changed: a socket the lesson now holds, or one it closed. */
  note(step: Step, rec: CallRecord): void {
    if (rec.refused) return;
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
}
