// The poller thread's loop: one poll(2) over every watched fd plus the wake pipe.
import type { MessagePort } from 'node:worker_threads';
import type { Bindings } from './bindings';
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, type PollFd } from './platform/linux';

export type PollerCommand = { op: 'watch'; id: number; fd: number; events: number } | { op: 'unwatch'; id: number } | { op: 'stop' };
export interface PollerReady {
  id: number;
  revents: number;
}

export function runPoller(b: Bindings, wakeFd: number, port: MessagePort, receive: (p: MessagePort) => { message: PollerCommand } | undefined): void {
  const watches = new Map<number, { fd: number; events: number }>();
  const drain = Buffer.alloc(256);
  for (;;) {
    for (let m = receive(port); m; m = receive(port)) {
      const cmd = m.message;
      if (cmd.op === 'stop') return;
      if (cmd.op === 'watch') watches.set(cmd.id, { fd: cmd.fd, events: cmd.events });
      else watches.delete(cmd.id);
    }
    const ids = [...watches.keys()];
    const wake: PollFd = { fd: wakeFd, events: POLLIN, revents: 0 };
    const fds: PollFd[] = [wake, ...ids.map((id) => ({ ...watches.get(id)!, revents: 0 }))];
    const n = b.libc.poll(fds, fds.length, -1);
    if (n < 0) continue; // EINTR
    if (fds[0].revents & POLLIN) while (b.libc.read(wakeFd, drain, drain.length) > 0);
    ids.forEach((id, i) => {
      const { revents } = fds[i + 1];
      if (revents & (watches.get(id)!.events | POLLERR | POLLHUP | POLLNVAL)) {
        watches.delete(id);
        port.postMessage({ id, revents } satisfies PollerReady);
      }
    });
  }
}
