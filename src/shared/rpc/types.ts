// The types a contract gives the message layer: each method's input schema and output type, and
// the events a server may send. The client and the server are typed from these alone.
import type { z } from 'zod';

export interface MethodSpec {
  input: z.ZodType;
  output: unknown;
}
export type ContractSpec = Record<string, MethodSpec>;
export type MethodOf<C extends ContractSpec> = keyof C & string;
export type InputOf<C extends ContractSpec, M extends MethodOf<C>> = z.infer<C[M]['input']>;
export type OutputOf<C extends ContractSpec, M extends MethodOf<C>> = C[M]['output'];

export interface RequestOptions {
  /** Aborting it cancels the request: the server's handler sees its own signal abort. */
  signal?: AbortSignal;
}

/** What a handler learns about its request besides the input. */
export interface RequestContext {
  /** Aborts when the client cancels the request or its link closes. */
  signal: AbortSignal;
}

/** One handler per method, typed from the contract: no switch, no casts. */
export type Handlers<C extends ContractSpec> = {
  [M in MethodOf<C>]: (input: InputOf<C, M>, context: RequestContext) => OutputOf<C, M> | Promise<OutputOf<C, M>>;
};

/** Whatever carries a contract, a client looks like this. */
export interface Client<C extends ContractSpec, E extends object> {
  request<M extends MethodOf<C>>(method: M, input: InputOf<C, M>, options?: RequestOptions): Promise<OutputOf<C, M>>;
  on<K extends keyof E & string>(event: K, listener: (payload: E[K]) => void): () => void;
}
