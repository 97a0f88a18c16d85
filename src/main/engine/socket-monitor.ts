// Live view between calls: each open socket is watched by the poller for what the kernel can
// change without a call (data or a connection arriving, the peer closing, a connect finishing),
// and a fresh snapshot is sent when it happens. A peer's close shows up as CLOSE_WAIT unasked.
import type { Poller } from './threads';
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLRDHUP } from './platform/linux';
import type { SocketSnapshot } from '../../shared/record';

interface Armed {
  events: number;
  cancel: () => boolean;
}

/** What can change by itself for a socket in this state; 0 when nothing worth watching can. */
export function eventsToWatch(s: SocketSnapshot): number {
  if (s.role === 'closed' || s.role === 'new' || s.role === 'bound') return 0;
  if (s.state === 'CLOSE' || s.state === 'TIME_WAIT') return 0;
  let events = POLLIN | POLLRDHUP;
  if (s.state === 'SYN_SENT') events |= POLLOUT;
  return events;
}

export class SocketMonitor {
  private readonly armed = new Map<number, Armed>();

  constructor(
    private readonly poller: Poller,
    private readonly onChange: (fd: number) => void,
  ) {}

  /** Watches fd for `events` (after a call, the whole set again); one-shot per event kind. */
  arm(fd: number, events: number): void {
    const current = this.armed.get(fd);
    if (current?.events === events) return;
    current?.cancel();
    this.armed.delete(fd);
    if (events === 0) return;
    const watch = this.poller.watch(fd, events);
    const entry: Armed = { events, cancel: watch.cancel };
    this.armed.set(fd, entry);
    void watch.ready.then((revents) => {
      if (this.armed.get(fd) !== entry) return; // dropped or re-armed meanwhile
      this.armed.delete(fd);
      // Level-triggered: what fired stays set, so only the rest is watched until the next call.
      const rest = revents & (POLLHUP | POLLERR | POLLNVAL) ? 0 : events & ~revents;
      this.onChange(fd);
      if (rest & (POLLIN | POLLRDHUP | POLLOUT)) this.arm(fd, rest);
    });
  }

  /** Before fd is closed: its number may name another socket right after. */
  drop(fd: number): void {
    this.armed.get(fd)?.cancel();
    this.armed.delete(fd);
  }

  dropAll(): void {
    for (const fd of [...this.armed.keys()]) this.drop(fd);
  }

  get size(): number {
    return this.armed.size;
  }
}
