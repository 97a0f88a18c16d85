// The one client: requests by id, their cancel, events to listeners, and every request in flight
// failed when its link closes. A request made while a reopening link is down waits for it.
import { readServerMessage, type ClientEnvelope } from './envelope';
import { RpcError } from './error';
import { Listeners, type LinkState, type Port } from './port';
import type { Client, ContractSpec, InputOf, MethodOf, OutputOf, RequestOptions } from './types';

interface InFlight {
  resolve: (result: unknown) => void;
  reject: (error: RpcError) => void;
}

export interface ClientOptions {
  /** The message a request in flight fails with when the link closes. */
  lostMessage?: (reason: string) => string;
}

export class RpcClient<C extends ContractSpec, E extends object> implements Client<C, E> {
  private nextId = 1;
  private readonly inflight = new Map<number, InFlight>();
  /** Requests made while a reopening link is down, sent when it opens. */
  private readonly waiting: ClientEnvelope[] = [];
  private readonly events = new Map<string, Listeners<[unknown]>>();
  private readonly connections = new Listeners<[LinkState]>();
  private readonly detach: (() => void)[];
  private readonly lostMessage: (reason: string) => string;

  constructor(
    private readonly port: Port,
    options: ClientOptions = {},
  ) {
    this.lostMessage = options.lostMessage ?? ((reason) => `the link closed before the answer came${reason ? ` (${reason})` : ''}`);
    this.detach = [port.onMessage((m) => this.receive(m)), port.onState((state, reason) => this.changed(state, reason))];
  }

  get connection(): LinkState {
    return this.port.state;
  }

  onConnection(listener: (state: LinkState) => void): () => void {
    return this.connections.add(listener);
  }

  request<M extends MethodOf<C>>(method: M, input: InputOf<C, M>, options: RequestOptions = {}): Promise<OutputOf<C, M>> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new RpcError('cancelled', null, `${method} was cancelled before it was sent`));
    if (this.port.state !== 'open' && !this.port.reopens && this.port.state !== 'connecting') {
      return Promise.reject(new RpcError('engine-unavailable', null, this.lostMessage('the link is closed')));
    }
    const id = this.nextId++;
    return new Promise<OutputOf<C, M>>((resolve, reject) => {
      const done = () => signal?.removeEventListener('abort', abort);
      const abort = () => {
        if (!this.inflight.delete(id)) return;
        done();
        const queued = this.waiting.findIndex((m) => m.id === id);
        if (queued >= 0) this.waiting.splice(queued, 1);
        else this.port.send({ type: 'cancel', id });
        reject(new RpcError('cancelled', null, `${method} was cancelled`));
      };
      this.inflight.set(id, {
        resolve: (r) => (done(), resolve(r as OutputOf<C, M>)),
        reject: (e) => (done(), reject(e)),
      });
      signal?.addEventListener('abort', abort, { once: true });
      this.transmit({ type: 'request', id, method, input });
    });
  }

  on<K extends keyof E & string>(event: K, listener: (payload: E[K]) => void): () => void {
    let set = this.events.get(event);
    if (!set) this.events.set(event, (set = new Listeners()));
    return set.add(listener as (payload: unknown) => void);
  }

  /** Whether anything listens to `event` now. */
  listensTo(event: string): boolean {
    return (this.events.get(event)?.size ?? 0) > 0;
  }

  /** Stops listening and fails whatever is in flight; the port is closed too. */
  close(): void {
    this.detach.forEach((off) => off());
    this.failAll('the client was closed');
    this.port.close();
  }

  private transmit(message: ClientEnvelope): void {
    if (this.port.state === 'open') this.port.send(message);
    else this.waiting.push(message);
  }

  private changed(state: LinkState, reason: string): void {
    if (state === 'open') for (const m of this.waiting.splice(0)) this.port.send(m);
    if (state === 'closed') this.failAll(reason);
    this.connections.emit(state);
  }

  private failAll(reason: string): void {
    const error = new RpcError('engine-unavailable', null, this.lostMessage(reason));
    this.waiting.length = 0;
    const pending = [...this.inflight.values()];
    this.inflight.clear();
    for (const p of pending) p.reject(error);
  }

  private receive(value: unknown): void {
    const message = readServerMessage(value);
    if (!message) return;
    if (message.type === 'event') {
      this.events.get(message.event)?.emit(message.payload);
      return;
    }
    if (message.id === null) return;
    const p = this.inflight.get(message.id);
    if (!p) return;
    this.inflight.delete(message.id);
    if (message.ok) p.resolve(message.result);
    else p.reject(RpcError.from(message.error));
  }
}
