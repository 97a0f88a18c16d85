// The engine's sockets as the page shows them, by fd. They change by each log entry's socket (a
// call's), by the session's `socket` and `socketClosed` events (what changed between calls), one
// socket at a time (the other entries keep their identity, so only the changed row renders again),
// and, up to SOCKET_REFRESH_LIMIT sockets, a periodic `sockets` refresh catches what the kernel
// changed alone.
import type { StateCreator } from 'zustand/vanilla';
import type { SocketSnapshot } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import type { Apply } from './event-batch';
import type { SessionEvents } from './session-events';

/** Beyond this many sockets the periodic refresh stops: one answer would be too big to ask for each second. */
const SOCKET_REFRESH_LIMIT = 2000;

export interface SocketsSlice {
  sockets: SocketSnapshot[];
  /** The fds whose TCP_INFO table is open in the Sockets list. */
  tcpInfoOpen: ReadonlySet<number>;
  toggleTcpInfo(fd: number): void;
  /** Asks the host for every snapshot again (a peer's close, a state the kernel reached alone). */
  refreshSockets(): Promise<void>;
  /** Takes the socket list of an answer (`ask`), with the socket events that arrived meanwhile laid over it. */
  takeSocketsFrom<T>(ask: () => Promise<T>, socketsOf: (answer: T) => SocketSnapshot[]): Promise<T>;
}

export function sortByFd(list: SocketSnapshot[]): SocketSnapshot[] {
  return list.sort((a, b) => a.fd - b.fd);
}

/**
 * The list with a batch of changes (fd to its snapshot; null or a closed snapshot takes it out)
 * merged in one pass, in fd order. Other entries keep their identity, so only changed rows render
 * again; a batch that changes nothing returns the list itself.
 */
export function withSocketChanges(list: SocketSnapshot[], changes: ReadonlyMap<number, SocketSnapshot | null>): SocketSnapshot[] {
  const next: SocketSnapshot[] = [];
  let changed = false;
  let i = 0;
  for (const fd of [...changes.keys()].sort((a, b) => a - b)) {
    while (i < list.length && list[i].fd < fd) next.push(list[i++]);
    const had = i < list.length && list[i].fd === fd;
    if (had) i++;
    const snap = changes.get(fd);
    // An accepted socket's snapshot carries its listener's: the list keeps each socket once, flat.
    const kept = snap != null && snap.role !== 'closed';
    if (kept) next.push({ ...snap, listener: undefined });
    changed ||= had || kept;
  }
  if (!changed) return list;
  while (i < list.length) next.push(list[i++]);
  return next;
}

/**
 * Socket events that arrive together become one change to the list: put in one by one, 10,000
 * sockets opened in a burst would copy the list 10,000 times. Another change to the list seals
 * the group, so the events after it land after it.
 */
export class SocketChangeGroup {
  private open: Map<number, SocketSnapshot | null> | null = null;

  constructor(private readonly apply: Apply<SocketsSlice>) {}

  add(fd: number, snap: SocketSnapshot | null): void {
    if (this.open) {
      this.open.set(fd, snap);
      return;
    }
    const group = new Map([[fd, snap]]);
    this.open = group;
    this.apply((d) => {
      // Applied: the next event starts a new group (any other open group is applied in this same flush).
      this.open = null;
      return { sockets: withSocketChanges(d.sockets, group) };
    });
  }

  /** What is applied next replaces the list: later events queue after it. */
  seal(): void {
    this.open = null;
  }
}

/**
 * The socket events that arrived while a refresh was asked for: its answer can be older than
 * they are (the engine answers between the calls the events come from), so they are laid over it
 * again, and no socket an event brought is lost to a stale answer.
 */
export class RefreshWindow {
  private pending = 0;
  /** fd to its latest snapshot (a closed one, or null, once closed) since the oldest refresh in flight was asked. */
  private readonly seen = new Map<number, SocketSnapshot | null>();

  noteSocket(snap: SocketSnapshot): void {
    if (this.pending > 0) this.seen.set(snap.fd, snap);
  }

  noteClosed(fd: number): void {
    if (this.pending > 0) this.seen.set(fd, null);
  }

  asked(): void {
    this.pending++;
  }

  /** The answer with what the events said since it was asked laid over it. */
  answered(list: SocketSnapshot[]): SocketSnapshot[] {
    return withSocketChanges(sortByFd(list.slice()), this.seen);
  }

  settled(): void {
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) this.seen.clear();
  }
}

/** `apply` queues the refresh's answer behind the events that arrived before it. */
export function createSocketsSlice(client: WorkbenchClient, apply: Apply<SocketsSlice>, events: SessionEvents, inFlight: RefreshWindow = new RefreshWindow()): StateCreator<SocketsSlice, [], [], SocketsSlice> {
  const changes = new SocketChangeGroup(apply);
  const changed = (p: SocketSnapshot) => {
    inFlight.noteSocket(p);
    changes.add(p.fd, p);
  };
  // A call's socket comes inside its log entry; `socket` events carry what changed between calls.
  events.on('log', (p) => p.record.socket && changed(p.record.socket));
  events.on('socket', changed);
  events.on('socketClosed', (p) => {
    inFlight.noteClosed(p.fd);
    changes.add(p.fd, null);
  });
  // A crashed engine took its sockets with it.
  events.on('engine', (p) => {
    if (p.state !== 'crashed') return;
    changes.seal();
    apply(() => ({ sockets: [] }));
  });

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
        await get().takeSocketsFrom(() => client.request('sockets', {}), (list) => list);
      } catch {
        // A missed refresh is retried on the next tick; the events keep the list current meanwhile.
      }
    },

    async takeSocketsFrom(ask, socketsOf) {
      inFlight.asked();
      try {
        const answer = await ask();
        const merged = inFlight.answered(socketsOf(answer));
        // The list is replaced: events after it join no group queued before (or dropped when the page stopped listening).
        changes.seal();
        apply(() => ({ sockets: merged }));
        return answer;
      } finally {
        inFlight.settled();
      }
    },
  });
}
