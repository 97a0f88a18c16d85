// Two ends of a link in one process: for a host serving itself, and for tests. Messages cross
// asynchronously and as structured clones, as they do between processes.
import type { Envelope } from './envelope';
import { BasePort } from './port';

export class MemoryPort extends BasePort {
  other: MemoryPort | null = null;
  /** Which events this end's owner listens to; unset, every event crosses. An event no one hears is not cloned for nothing. */
  hears: ((event: string) => boolean) | null = null;

  constructor() {
    super('open');
  }

  send(message: Envelope): void {
    const other = this.other;
    if (this.state !== 'open' || !other) return;
    if (message.type === 'event' && other.hears && !other.hears(message.event)) return;
    const copy = structuredClone(message);
    queueMicrotask(() => other.receive(copy));
  }

  close(): void {
    if (this.state === 'closed') return;
    this.setState('closed', 'closed by this end');
    const other = this.other;
    if (other) queueMicrotask(() => other.end('closed by the other end'));
  }

  end(reason: string): void {
    this.setState('closed', reason);
  }
}

export function memoryLink(): [MemoryPort, MemoryPort] {
  const a = new MemoryPort();
  const b = new MemoryPort();
  a.other = b;
  b.other = a;
  return [a, b];
}
