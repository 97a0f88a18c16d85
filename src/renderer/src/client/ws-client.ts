// The contract's client over the web host's WebSocket: requests by id, events fanned out to
// listeners, and a reconnect loop so a restarted host or a dropped connection heals itself.
import type { ContractClient, EventMap, EventName, InputOf, Method, OutputOf } from '../../../shared/contract';
import type { ClientFrame, HostFrame } from '../../../shared/wire';
import { ContractRequestError } from './contract-error';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** A client that can say when its transport (re)connects, so the store can resynchronise. */
export interface ConnectionAware {
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export interface WebSocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WebSocketClientOptions {
  /** Injected in tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => WebSocketLike;
  /** Delays between reconnect attempts, last one repeated. */
  backoffMs?: readonly number[];
}

const OPEN = 1;
const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 5000];

export class WebSocketContractClient implements ContractClient, ConnectionAware {
  private socket: WebSocketLike | null = null;
  private nextId = 1;
  private attempt = 0;
  private stopped = false;
  private state: ConnectionState = 'connecting';
  private readonly inflight = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Requests made while the socket is not open wait here instead of failing. */
  private readonly queued: ClientFrame[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private readonly createSocket: (url: string) => WebSocketLike;
  private readonly backoff: readonly number[];
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    options: WebSocketClientOptions = {},
  ) {
    this.createSocket = options.createSocket ?? ((u) => new WebSocket(u) as unknown as WebSocketLike);
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF;
    this.open();
  }

  get connection(): ConnectionState {
    return this.state;
  }

  request<M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    const id = this.nextId++;
    const frame: ClientFrame = { type: 'request', id, method, input };
    return new Promise<OutputOf<M>>((resolve, reject) => {
      this.inflight.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
      else this.queued.push(frame);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.failInflight('the page closed its connection');
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.connectionListeners) l(state);
  }

  private open(): void {
    this.setState('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      for (const frame of this.queued.splice(0)) socket.send(JSON.stringify(frame));
    };
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failInflight('the connection to the host was lost; the call may still have run (see the call log)');
      if (this.stopped) {
        this.setState('closed');
        return;
      }
      this.setState('closed');
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

  private failInflight(message: string): void {
    for (const p of this.inflight.values()) p.reject(new ContractRequestError({ code: 'engine-unavailable', field: null, message }));
    this.inflight.clear();
    this.queued.length = 0;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: HostFrame;
    try {
      frame = JSON.parse(data) as HostFrame;
    } catch {
      return;
    }
    if (frame.type === 'response') {
      if (frame.id === null) return;
      const p = this.inflight.get(frame.id);
      if (!p) return;
      this.inflight.delete(frame.id);
      if (frame.ok) p.resolve(frame.result);
      else p.reject(new ContractRequestError(frame.error));
    } else if (frame.type === 'event') {
      const set = this.listeners.get(frame.event);
      if (!set) return;
      for (const l of [...set]) (l as (payload: unknown) => void)(frame.payload);
    }
  }
}
