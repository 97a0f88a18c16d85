// The engine's sockets as the page shows them, by fd. They change by the session's `socket` and
// `socketClosed` events, one socket at a time (the other entries keep their identity, so only the
// changed row renders again), and, up to SOCKET_REFRESH_LIMIT sockets, a periodic `sockets`
// refresh catches what the kernel changed alone.
import type { StateCreator } from 'zustand/vanilla';
import type { SocketSnapshot } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import type { Apply } from './event-batch';

/** Beyond this many sockets the periodic refresh stops: one answer would be too big to ask for each second. */
const SOCKET_REFRESH_LIMIT = 2000;

export interface SocketsSlice {
  sockets: SocketSnapshot[];
  /** The fds whose TCP_INFO table is open in the Sockets list. */
  tcpInfoOpen: ReadonlySet<number>;
  toggleTcpInfo(fd: number): void;
  /** Asks the host for every snapshot again (a peer's close, a state the kernel reached alone). */
  refreshSockets(): Promise<void>;
}

export function sortByFd(list: SocketSnapshot[]): SocketSnapshot[] {
  return list.sort((a, b) => a.fd - b.fd);
}

/** Where `fd` is in a list sorted by fd, or where it would go (a binary search: 10,000 sockets). */
export function indexOfFd(list: readonly SocketSnapshot[], fd: number): { index: number; found: boolean } {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].fd < fd) lo = mid + 1;
    else hi = mid;
  }
  return { index: lo, found: lo < list.length && list[lo].fd === fd };
}

/** The list with one snapshot put in place by fd; a closed one leaves it. Other entries are kept as they are. */
export function withSocket(list: SocketSnapshot[], snap: SocketSnapshot): SocketSnapshot[] {
  if (snap.role === 'closed') return withoutSocket(list, snap.fd);
  // An accepted socket's snapshot carries its listener's: the list keeps each socket once, flat.
  const flat = { ...snap, listener: undefined };
  const { index, found } = indexOfFd(list, snap.fd);
  const next = list.slice();
  if (found) next[index] = flat;
  else next.splice(index, 0, flat);
  return next;
}

export function withoutSocket(list: SocketSnapshot[], fd: number): SocketSnapshot[] {
  const { index, found } = indexOfFd(list, fd);
  if (!found) return list;
  const next = list.slice();
  next.splice(index, 1);
  return next;
}

/** `apply` queues the refresh's answer behind the events that arrived before it. */
export function createSocketsSlice(client: WorkbenchClient, apply: Apply<SocketsSlice>): StateCreator<SocketsSlice, [], [], SocketsSlice> {
  return (set, get) => ({
    sockets: [],
    tcpInfoOpen: new Set(),

    toggleTcpInfo(fd) {
      const open = new Set(get().tcpInfoOpen);
      if (!open.delete(fd)) open.add(fd);
      set({ tcpInfoOpen: open });
    },

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
