// What every server does: takes a handler table typed from the contract, serves it on any number
// of links, checks every request's envelope and method before a handler sees it, and sends events
// to every link. How the input is checked is the subclass's: RpcServer runs the contract's schema
// (server.ts), TrustedRpcServer takes what a validating host sent (trusted-server.ts).
import { readClientMessage, type ServerEnvelope } from './envelope';
import { RpcError } from './error';
import type { Port } from './port';
import type { ContractSpec, Handlers, InputOf, MethodOf } from './types';

export interface ServerOptions {
  /** Called for a handler's failure that was not an RpcError (a bug, not a refusal). */
  onInternalError?: (error: unknown, method: string) => void;
}

/** A request's input as the handler gets it, or why it is refused (the field, what it takes). */
export type CheckedInput<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

interface Link {
  port: Port;
  /** Requests being handled on this link, to abort on cancel or close. */
  running: Map<number, AbortController>;
}

export abstract class ServerBase<C extends ContractSpec, E extends object> {
  private readonly links = new Set<Link>();
  private readonly methodSet: ReadonlySet<string>;
  private readonly methods: string;

  constructor(
    methods: readonly string[],
    private readonly handlers: Handlers<C>,
    private readonly options: ServerOptions = {},
  ) {
    this.methodSet = new Set(methods);
    this.methods = methods.join(', ');
  }

  /** The input of a request for a method the contract has. */
  protected abstract checkInput<M extends MethodOf<C>>(method: M, input: unknown): CheckedInput<InputOf<C, M>>;

  get connections(): number {
    return this.links.size;
  }

  /** Serves the contract on one link until it closes; returns a function that stops serving it. */
  serve(port: Port): () => void {
    const link: Link = { port, running: new Map() };
    this.links.add(link);
    const offMessage = port.onMessage((m) => void this.receive(link, m));
    const offState = port.onState((state) => state === 'closed' && stop());
    const stop = () => {
      if (!this.links.delete(link)) return;
      offMessage();
      offState();
      for (const controller of link.running.values()) controller.abort(new RpcError('cancelled', null, 'the link closed'));
      link.running.clear();
    };
    return stop;
  }

  /** Sends an event to every link being served. */
  emit<K extends keyof E & string>(event: K, payload: E[K]): void {
    for (const link of this.links) this.send(link, { type: 'event', event, payload });
  }

  private async receive(link: Link, value: unknown): Promise<void> {
    const checked = readClientMessage(value);
    if (!checked.ok) return this.send(link, { type: 'response', id: checked.id, ok: false, error: { code: 'invalid-request', field: checked.field, message: checked.message } });
    const message = checked.envelope;
    if (message.type === 'cancel') return void link.running.get(message.id)?.abort(new RpcError('cancelled', null, 'cancelled by the client'));
    const { id, method } = message;
    if (!this.methodSet.has(method)) {
      const message = `unknown method ${JSON.stringify(method.slice(0, 64))}; expected one of ${this.methods}`;
      return this.send(link, { type: 'response', id, ok: false, error: { code: 'unknown-method', field: 'method', message } });
    }
    const m = method as MethodOf<C>;
    const checkedInput = this.checkInput(m, message.input);
    if (!checkedInput.ok) return this.send(link, { type: 'response', id, ok: false, error: { code: 'invalid-request', field: checkedInput.field, message: checkedInput.message } });
    const controller = new AbortController();
    link.running.set(id, controller);
    try {
      const result = await this.handlers[m](checkedInput.value, { signal: controller.signal });
      this.send(link, { type: 'response', id, ok: true, result });
    } catch (e) {
      if (!(e instanceof RpcError)) this.options.onInternalError?.(e, method);
      this.send(link, { type: 'response', id, ok: false, error: RpcError.from(e).data });
    } finally {
      link.running.delete(id);
    }
  }

  private send(link: Link, message: ServerEnvelope): void {
    if (link.port.state === 'open' && this.links.has(link)) link.port.send(message);
  }
}
