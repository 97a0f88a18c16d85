// The server inside the trust boundary: the engine, whose only client is its host, which validated
// every request against the same contract. The input's schema is not run again (nor loaded: the
// engine needs no schema library), the method is still checked. A server facing pages is never this.
import { ServerBase, type CheckedInput, type ServerOptions } from './server-base';
import type { ContractSpec, Handlers, InputOf, MethodOf } from './types';

export class TrustedRpcServer<C extends ContractSpec, E extends object> extends ServerBase<C, E> {
  /** The methods are the handler table's, which the contract types. */
  constructor(handlers: Handlers<C>, options: ServerOptions = {}) {
    super(Object.keys(handlers), handlers, options);
  }

  protected checkInput<M extends MethodOf<C>>(_method: M, input: unknown): CheckedInput<InputOf<C, M>> {
    // The host checked this input against the contract before sending it.
    return { ok: true, value: input as InputOf<C, M> };
  }
}
