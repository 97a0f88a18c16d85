// Envelopes sent within one turn of the event loop travel as one message, on links where each
// message costs a system call and a wake-up on both sides (between processes). A call's events
// and its response then cross together, in the order they were sent.
import type { Envelope } from './envelope';
import { BasePort } from './port';

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

/** What a link between two processes offers a port, whatever carries it (fork's channel, Electron's parentPort). */
export interface ProcessLink {
  /** False once the link is gone: what is still pending is dropped. */
  connected(): boolean;
  post(message: Envelope | BatchEnvelope): void;
  /** `hear` gets each message as it came (maybe a batch); `ended` is told once the link is gone, with why. */
  listen(hear: (message: unknown) => void, ended: (reason: string) => void): void;
  /** Ends the link from this side: returns why when that closes it at once, nothing when `ended` will tell. */
  end(): string | undefined;
}

/** Either end of a process link: envelopes sent in one turn go as one message, and batches are taken apart. */
export class BatchedPort extends BasePort {
  private readonly batcher: Batcher;

  /** `schedule` runs its callback once the current turn is over (node's setImmediate). */
  constructor(
    private readonly link: ProcessLink,
    schedule: (flush: () => void) => void,
  ) {
    super(link.connected() ? 'open' : 'closed');
    this.batcher = new Batcher((m) => this.link.connected() && this.link.post(m), schedule);
    link.listen(
      (m) => unbatch(m).forEach((one) => this.receive(one)),
      (reason) => this.setState('closed', reason),
    );
  }

  send(message: Envelope): void {
    if (this.link.connected()) this.batcher.send(message);
  }

  close(): void {
    this.batcher.flush();
    const why = this.link.end();
    if (why !== undefined) this.setState('closed', why);
  }
}
