// The poller thread's loop: one poll(2) over every watched fd plus the wake pipe.
import type { MessagePort } from 'node:worker_threads';
import type { Bindings } from './bindings';
import { POLLERR, POLLHUP, POLLIN, POLLNVAL } from './platform/linux';

export type PollerCommand = { op: 'watch'; id: number; fd: number; events: number } | { op: 'unwatch'; id: number } | { op: 'stop' };
export interface PollerReady {
  id: number;
  revents: number;
}

export function runPoller(b: Bindings, wakeFd: number, port: MessagePort, receive: (p: MessagePort) => { message: unknown } | undefined): void {
  const watches = new Map<number, { fd: number; events: number }>();
  const drain = Buffer.alloc(256);
  for (;;) {
    for (let m = receive(port); m; m = receive(port)) {
      const cmd = m.message as PollerCommand;
      if (cmd.op === 'stop') return;
      if (cmd.op === 'watch') watches.set(cmd.id, { fd: cmd.fd, events: cmd.events });
      else watches.delete(cmd.id);
    }
    const ids = [...watches.keys()];
    const fds = Buffer.alloc(8 * (ids.length + 1));
    fds.writeInt32LE(wakeFd, 0);
    fds.writeInt16LE(POLLIN, 4);
    ids.forEach((id, i) => {
      const w = watches.get(id)!;
      fds.writeInt32LE(w.fd, 8 * (i + 1));
      fds.writeInt16LE(w.events, 8 * (i + 1) + 4);
    });
    const n = b.libc.poll(fds, ids.length + 1, -1);
    if (n < 0) continue; // EINTR
    if (fds.readInt16LE(6) & POLLIN) while (b.libc.read(wakeFd, drain, drain.length) > 0);
    ids.forEach((id, i) => {
      const revents = fds.readInt16LE(8 * (i + 1) + 6);
      if (revents & (watches.get(id)!.events | POLLERR | POLLHUP | POLLNVAL)) {
        watches.delete(id);
        port.postMessage({ id, revents } satisfies PollerReady);
      }
    });
  }
}
