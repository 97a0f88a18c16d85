// What a call implementation is given: its record, the socket table, the waits, and the few
// engine services a call needs. Each call gets its own context; the engine makes them.
import type { Bindings } from '../bindings';
import type { Invocation } from '../invoke';
import type { Draft } from '../records';
import type { SocketEntry, SocketTable } from '../socket-table';
import type { WaitContext, Waits } from '../waits';
import type { TlsObjects } from '../tls-objects';
import type { CallName, StepOf } from '../../../shared/steps';
import type { BulkProgress, SocketSnapshot } from '../../../shared/record';

export interface CallContext {
  readonly b: Bindings;
  /** The call's id, under which it can be cancelled while it waits. */
  readonly id: string;
  /** The call's record, drafted before the call started. */
  readonly rec: Draft;
  readonly sockets: SocketTable;
  /** The BIOs, SSL objects and TLS contexts beside the sockets. */
  readonly objects: TlsObjects;
  readonly waits: Waits;
  /** OpenSSL_version_num() of the libcrypto loaded, for the flag warnings. */
  readonly versionNumber: number;
  /** The socket a step names, or null with the refusal already on the record. */
  socket(sock: string | number): SocketEntry | null;
  /** This call waiting on `entry`. */
  on(entry: SocketEntry): WaitContext;
  /** One native call, made the one way (see invoke). */
  invoke(call: () => number): Invocation;
  /** Puts what the native call returned on the record; errno only when `failed`. */
  apply(inv: Invocation, failed: boolean): void;
  /** The socket read in full: after a call that may have changed its addresses, options or state. */
  snapshot(entry: SocketEntry): SocketSnapshot;
  /** Tells hosts how far this call's BIO_write/BIO_read loop has got. */
  progress(p: Omit<BulkProgress, 'callId'>): void;
  /** The socket as it is now, after a call that changes nothing of it: only what the kernel changes by itself is read again. */
  recheck(entry: SocketEntry): SocketSnapshot;
  /** Ends every call still waiting on the socket (before it closes: its number may be reused). */
  endWaits(entry: SocketEntry, why: string): Promise<void>;
  /** Stops the live view of a socket about to close: its number may name another socket right after. */
  unwatch(entry: SocketEntry): void;
  /** The socket was closed: it leaves the table, and hosts are told. */
  forget(entry: SocketEntry): void;
}

/** One call's implementation: fills in the record (or refuses) and returns it. */
export type CallImpl<C extends CallName> = (step: StepOf<C>, ctx: CallContext) => Promise<Draft> | Draft;

/** Every call the contract names, each with its implementation. */
export type CallTable = { [C in CallName]: CallImpl<C> };
