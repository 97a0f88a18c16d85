// The server facing pages (and any client outside the trust boundary): every request's input is
// run through the contract's schema before a handler sees it; a bad one is refused naming its field.
import { ServerBase, type CheckedInput, type ServerOptions } from './server-base';
import type { ContractSpec, Handlers, InputOf, MethodOf } from './types';
import { validate } from './validate';

export type { ServerOptions };

export class RpcServer<C extends ContractSpec, E extends object> extends ServerBase<C, E> {
  constructor(
    private readonly contract: C,
    handlers: Handlers<C>,
    options: ServerOptions = {},
  ) {
    super(Object.keys(contract), handlers, options);
  }

  protected checkInput<M extends MethodOf<C>>(method: M, input: unknown): CheckedInput<InputOf<C, M>> {
    return validate<C[M]['input']>(this.contract[method].input, input);
  }
}
