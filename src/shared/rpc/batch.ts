// Envelopes sent within one turn of the event loop travel as one message, on links where each
// message costs a system call and a wake-up on both sides (between processes). A call's events
// and its response then cross together, in the order they were sent.
import type { Envelope } from './envelope';

export interface BatchEnvelope {
  type: 'batch';
  messages: Envelope[];
}

export class Batcher {
  private pending: Envelope[] = [];

  /** `schedule` runs its callback once the current turn is over (node's setImmediate). */
  constructor(
    private readonly deliver: (message: Envelope | BatchEnvelope) => void,
    private readonly schedule: (flush: () => void) => void,
  ) {}

  send(message: Envelope): void {
    if (this.pending.push(message) === 1) this.schedule(() => this.flush());
  }

  /** Sends what is pending now (before the link closes). */
  flush(): void {
    const messages = this.pending;
    if (messages.length === 0) return;
    this.pending = [];
    this.deliver(messages.length === 1 ? messages[0] : { type: 'batch', messages });
  }
}

/** The envelopes a received message holds: a batch's, in order, or the message itself. */
export function unbatch(value: unknown): unknown[] {
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'batch') {
    const messages = (value as { messages?: unknown }).messages;
    return Array.isArray(messages) ? messages : [];
  }
  return [value];
}
