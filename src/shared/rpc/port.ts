// One link, whatever carries it (a child process's channel, Electron's parentPort or IPC, a
// WebSocket, memory): each transport is a small adapter to this interface.
import type { Envelope } from './envelope';

export type LinkState = 'connecting' | 'open' | 'closed';
export type Unsubscribe = () => void;

export interface Port {
  readonly state: LinkState;
  /** A link that opens again after it closed (a page's WebSocket): requests wait instead of failing. */
  readonly reopens: boolean;
  /** Sends one envelope on an open link. */
  send(message: Envelope): void;
  /** Every message received, unchecked: the client and server check what they read. */
  onMessage(listener: (message: unknown) => void): Unsubscribe;
  /** `closed` (with why) for a link that ended; `connecting` and `open` for one that (re)opens. */
  onState(listener: (state: LinkState, reason: string) => void): Unsubscribe;
  close(): void;
}

/** Listener sets for adapters: add returns its own removal, emit calls every listener. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  get size(): number {
    return this.set.size;
  }

  add(listener: (...args: A) => void): Unsubscribe {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  }

  emit(...args: A): void {
    for (const l of [...this.set]) {
      try {
        l(...args);
      } catch (e) {
        // One listener's bug must not stop the others hearing it.
        console.error(e);
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}

/** A port whose state the adapter sets; the common part of every adapter. */
export abstract class BasePort implements Port {
  state: LinkState;
  protected readonly messages = new Listeners<[unknown]>();
  protected readonly states = new Listeners<[LinkState, string]>();

  constructor(
    initial: LinkState,
    readonly reopens = false,
  ) {
    this.state = initial;
  }

  abstract send(message: Envelope): void;
  abstract close(): void;

  onMessage(listener: (message: unknown) => void): Unsubscribe {
    return this.messages.add(listener);
  }

  onState(listener: (state: LinkState, reason: string) => void): Unsubscribe {
    return this.states.add(listener);
  }

  /** Hands a received message to the listeners (adapters call this). */
  receive(message: unknown): void {
    if (this.state === 'open') this.messages.emit(message);
  }

  protected setState(state: LinkState, reason = ''): void {
    if (this.state === state) return;
    this.state = state;
    this.states.emit(state, reason);
  }
}
