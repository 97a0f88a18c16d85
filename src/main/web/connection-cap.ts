// How many connections the web host holds at once, and who makes room when it is full. A client
// holding idle or trickling sockets must never lock the page out: at the cap the oldest
// connection that has not authenticated (no token-bearing WebSocket) and is not being answered is
// closed for the newcomer. Only when every connection is a page's WebSocket or mid-answer is a
// newcomer refused. Refusals and closings are logged as one summary line per interval.
import type { Socket } from 'node:net';

interface Held {
  /** A WebSocket that presented the token: never closed to make room. */
  authenticated: boolean;
  /** Requests being answered on it: closing it would cut a page's file short. */
  answering: number;
}

export interface ConnectionCapOptions {
  max: number;
  warn: (message: string) => void;
  /** How often, at most, a summary line is written (10 s by default). */
  summaryEveryMs?: number;
}

export class ConnectionCap {
  /** Insertion order is age order: the first entry is the oldest connection. */
  private readonly held = new Map<Socket, Held>();
  private refused = 0;
  private closed = 0;
  private summary: NodeJS.Timeout | null = null;
  private readonly summaryEveryMs: number;

  constructor(private readonly opts: ConnectionCapOptions) {
    this.summaryEveryMs = opts.summaryEveryMs ?? 10_000;
  }

  get max(): number {
    return this.opts.max;
  }

  /** Takes a new connection in, closing the oldest unauthenticated idle one if the cap is reached; false: refuse it. */
  admit(socket: Socket): boolean {
    if (this.held.size >= this.opts.max && !this.makeRoom()) {
      this.count('refused');
      return false;
    }
    this.held.set(socket, { authenticated: false, answering: 0 });
    socket.once('close', () => this.held.delete(socket));
    return true;
  }

  holds(socket: Socket): boolean {
    return this.held.has(socket);
  }

  /** The connection became a WebSocket that presented the token. */
  authenticated(socket: Socket): void {
    const h = this.held.get(socket);
    if (h) h.authenticated = true;
  }

  /** A request on `socket` is being answered until `done` fires. */
  answering(socket: Socket, done: { once(event: 'close', listener: () => void): unknown }): void {
    const h = this.held.get(socket);
    if (!h) return;
    h.answering++;
    done.once('close', () => h.answering--);
  }

  /** Closes every connection (the host is stopping). */
  destroyAll(): void {
    for (const s of this.held.keys()) s.destroy();
  }

  /** Writes what is still untold and stops the summary timer. */
  stop(): void {
    if (this.summary) clearTimeout(this.summary);
    this.summary = null;
    this.flush();
  }

  private makeRoom(): boolean {
    for (const [socket, h] of this.held) {
      if (h.authenticated || h.answering > 0) continue;
      this.held.delete(socket);
      socket.destroy();
      this.count('closed');
      return true;
    }
    return false;
  }

  private count(what: 'refused' | 'closed'): void {
    if (what === 'refused') this.refused++;
    else this.closed++;
    this.summary ??= setTimeout(() => {
      this.summary = null;
      this.flush();
    }, this.summaryEveryMs).unref();
  }

  private flush(): void {
    if (this.refused === 0 && this.closed === 0) return;
    const every = this.summaryEveryMs >= 1000 ? `${Math.round(this.summaryEveryMs / 1000)} s` : `${this.summaryEveryMs} ms`;
    const parts = [
      this.closed > 0 ? `closed ${this.closed} unauthenticated idle connection${this.closed === 1 ? '' : 's'} to make room` : null,
      this.refused > 0 ? `refused ${this.refused} connection${this.refused === 1 ? '' : 's'} (every open one was a page's or mid-answer)` : null,
    ].filter((p): p is string => p !== null);
    this.opts.warn(`connection limit (maxConnections ${this.opts.max}) reached: ${parts.join('; ')} in the last ${every}`);
    this.refused = 0;
    this.closed = 0;
  }
}
