// The page's end of the web host's WebSocket: JSON text frames carrying the envelope, reopened
// with backoff when the host restarts or the connection drops.
import type { Envelope } from '../../../shared/rpc/envelope';
import { BasePort } from '../../../shared/rpc/port';
import { unbatch } from '../../../shared/rpc/batch';

export interface WebSocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WebSocketPortOptions {
  /** Subprotocols to offer (the session token travels as one). */
  protocols: string[];
  /** The browser's WebSocket in the page; node's `ws` in tests. */
  createSocket: (url: string, protocols: string[]) => WebSocketLike;
  /** Delays between reconnect attempts, last one repeated. */
  backoffMs?: readonly number[];
}

/** The subprotocols a page offers: the plain one the host answers with, and one carrying the token. */
export function webSocketProtocols(token: string | null): string[] {
  return token ? ['bio-workbench', `bio-workbench.token.${token}`] : ['bio-workbench'];
}

const OPEN = 1;
const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 5000];

export class ReconnectingWebSocketPort extends BasePort {
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoff: readonly number[];

  constructor(
    private readonly url: string,
    private readonly options: WebSocketPortOptions,
  ) {
    super('connecting', true);
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF;
    this.open();
  }

  send(message: Envelope): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.setState('closed', 'the page closed its connection');
  }

  private open(): void {
    this.setState('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.options.createSocket(this.url, this.options.protocols);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let frame: unknown;
      try {
        frame = JSON.parse(ev.data);
      } catch {
        return; // Not a frame of ours: nothing to answer.
      }
      // The host sends the envelopes of one turn as one batch frame.
      for (const message of unbatch(frame)) this.receive(message);
    };
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setState('closed', 'the connection to the host was lost; the call may still have run (see the call log)');
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.backoff[Math.min(this.attempt, this.backoff.length - 1)];
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }
}
