// The context each call is given (calls/context.ts): one small object per call over what the
// engine shares. A call is made thousands of times a second; a closure per service, made for
// every call, cost more than the rest of the call's JavaScript.
import type { Bindings } from './bindings';
import { invoke, type Invocation } from './invoke';
import { applyInvocation, type Draft } from './records';
import type { SocketEntry, SocketTable } from './socket-table';
import type { TlsObjects } from './tls-objects';
import type { WaitContext, Waits } from './waits';
import type { CallContext } from './calls/context';
import type { BulkProgress, SocketSnapshot } from '../../shared/record';

/** What the engine lends every call: made once per engine. */
export interface EngineServices {
  readonly b: Bindings;
  readonly sockets: SocketTable;
  readonly objects: TlsObjects;
  readonly waits: Waits;
  readonly versionNumber: number;
  snapshot(entry: SocketEntry): SocketSnapshot;
  recheck(entry: SocketEntry): SocketSnapshot;
  cancel(callId: string, why: string): Promise<unknown>;
  unwatch(fd: number): void;
  progress(p: BulkProgress): void;
  /** A socket left the table: hosts are told. */
  closed(entry: SocketEntry): void;
}

export class CallScope implements CallContext {
  constructor(
    private readonly s: EngineServices,
    readonly id: string,
    readonly rec: Draft,
  ) {}

  get b(): Bindings {
    return this.s.b;
  }
  get sockets(): SocketTable {
    return this.s.sockets;
  }
  get objects(): TlsObjects {
    return this.s.objects;
  }
  get waits(): Waits {
    return this.s.waits;
  }
  get versionNumber(): number {
    return this.s.versionNumber;
  }

  socket(sock: string | number): SocketEntry | null {
    return this.s.sockets.resolve(this.rec, sock);
  }

  on(entry: SocketEntry): WaitContext {
    return { id: this.id, rec: this.rec, entry };
  }

  invoke(call: () => number): Invocation {
    return invoke(this.s.b, call);
  }

  apply(inv: Invocation, failed: boolean): void {
    applyInvocation(this.s.b, this.rec, inv, failed);
  }

  snapshot(entry: SocketEntry): SocketSnapshot {
    return this.s.snapshot(entry);
  }

  progress(p: Omit<BulkProgress, 'callId'>): void {
    this.s.progress({ callId: this.id, ...p });
  }

  recheck(entry: SocketEntry): SocketSnapshot {
    return this.s.recheck(entry);
  }

  async endWaits(entry: SocketEntry, why: string): Promise<void> {
    for (const callId of [...entry.inflight]) await this.s.cancel(callId, why);
  }

  unwatch(entry: SocketEntry): void {
    this.s.unwatch(entry.fd);
  }

  forget(entry: SocketEntry): void {
    this.s.sockets.forget(entry);
    this.s.closed(entry);
  }
}
