// The engine's sockets as the page shows them, by fd. They change by the session's `socket` and
// `socketClosed` events, and a periodic `sockets` refresh catches what the kernel changed alone.
import type { StateCreator } from 'zustand/vanilla';
import type { SocketSnapshot } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import type { Apply } from './event-batch';

/** Beyond this many sockets the periodic refresh stops: one answer would be too big to ask for each second. */
const SOCKET_REFRESH_LIMIT = 2000;

export interface SocketsSlice {
  sockets: SocketSnapshot[];
  /** Asks the host for every snapshot again (a peer's close, a state the kernel reached alone). */
  refreshSockets(): Promise<void>;
}

export function sortByFd(list: SocketSnapshot[]): SocketSnapshot[] {
  return list.sort((a, b) => a.fd - b.fd);
}

/** The list with one snapshot put in place by fd; a closed one leaves it. */
export function withSocket(list: SocketSnapshot[], snap: SocketSnapshot): SocketSnapshot[] {
  if (snap.role === 'closed') return withoutSocket(list, snap.fd);
  // An accepted socket's snapshot carries its listener's: the list keeps each socket once, flat.
  const flat = { ...snap, listener: undefined };
  const i = list.findIndex((s) => s.fd === snap.fd);
  const next = list.slice();
  if (i >= 0) next[i] = flat;
  else {
    next.push(flat);
    sortByFd(next);
  }
  return next;
}

export function withoutSocket(list: SocketSnapshot[], fd: number): SocketSnapshot[] {
  return list.filter((s) => s.fd !== fd);
}

/** `apply` queues the refresh's answer behind the events that arrived before it. */
export function createSocketsSlice(client: WorkbenchClient, apply: Apply<SocketsSlice>): StateCreator<SocketsSlice, [], [], SocketsSlice> {
  return (_set, get) => ({
    sockets: [],

    async refreshSockets() {
      const n = get().sockets.length;
      if (n === 0 || n > SOCKET_REFRESH_LIMIT) return;
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      try {
        const list = await client.request('sockets', {});
        apply(() => ({ sockets: sortByFd(list.slice()) }));
      } catch {
        // A missed refresh is retried on the next tick; the events keep the list current meanwhile.
      }
    },
  });
}
