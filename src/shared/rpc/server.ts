// The one server: takes a handler table typed from the contract, serves it on any number of
// links, checks every request (envelope, method, input) before a handler sees it, and sends
// events to every link. A server inside the trust boundary (the engine, whose only client is
// the host that already validated each request) may skip the input's schema, never the method.
import { readClientMessage, type ServerEnvelope } from './envelope';
import { RpcError } from './error';
import type { Port } from './port';
import type { ContractSpec, Handlers, MethodOf } from './types';
import { trustedInput, validate } from './validate';

export interface ServerOptions {
  /** Called for a handler's failure that was not an RpcError (a bug, not a refusal). */
  onInternalError?: (error: unknown, method: string) => void;
  /**
   * Its clients validated every input before sending it (the host to its engine): the schema is
   * not run again. A server facing pages must never set it.
   */
  trusted?: boolean;
}

interface Link {
  port: Port;
  /** Requests being handled on this link, to abort on cancel or close. */
  running: Map<number, AbortController>;
}

export class RpcServer<C extends ContractSpec, E extends object> {
  private readonly links = new Set<Link>();
  private readonly methods: string;

  constructor(
    private readonly contract: C,
    private readonly handlers: Handlers<C>,
    private readonly options: ServerOptions = {},
  ) {
    this.methods = Object.keys(contract).join(', ');
  }

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
    if (!Object.prototype.hasOwnProperty.call(this.contract, method)) {
      const message = `unknown method ${JSON.stringify(method.slice(0, 64))}; expected one of ${this.methods}`;
      return this.send(link, { type: 'response', id, ok: false, error: { code: 'unknown-method', field: 'method', message } });
    }
    const m = method as MethodOf<C>;
    const checkedInput = this.options.trusted ? trustedInput<C[typeof m]['input']>(message.input) : validate<C[typeof m]['input']>(this.contract[m].input, message.input);
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
