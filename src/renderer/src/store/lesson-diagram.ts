// The diagram of a lesson presented: only its own sockets, under the lesson's names, and peer
// labels that tell the truth from what the lesson did: a connection still in the listener's
// backlog, a socket the lesson closed, the end that closed first waiting in TIME_WAIT, and a
// nonblocking connect that has not been seen to finish. Pure: the component draws it.
import type { CallRecord, SocketSnapshot } from '../../../shared/record';

/** What the records say about one of the lesson's sockets. */
interface History {
  name: string;
  role: SocketSnapshot['role'];
  local: string | null;
  peer: string | null;
  /** Step index of the BIO_closesocket that closed it, or null while open. */
  closedAt: number | null;
  /** Its last BIO_connect returned EINPROGRESS and nothing since said how it ended. */
  connecting: boolean;
}

export interface PeerLabel {
  name: string;
  note: string;
}

export interface LessonDiagramModel {
  /** The lesson's open sockets and, drawn greyed, a closed end still in TIME_WAIT. */
  sockets: SocketSnapshot[];
  nameOf(s: SocketSnapshot): string;
  /** The other end of a connection when no drawn socket holds it. */
  peerOf(peer: string, from: SocketSnapshot): PeerLabel;
  stateOf(s: SocketSnapshot): string;
  /** Sentences under the drawing: what a state shown does not say by itself. */
  notes: string[];
}

function histories(records: readonly (CallRecord | null)[], namespace: string): Map<string, History> {
  const out = new Map<string, History>();
  records.forEach((r, i) => {
    const s = r?.socket;
    if (!r || !s?.name?.startsWith(namespace)) return;
    const name = s.name.slice(namespace.length);
    const h = out.get(name) ?? { name, role: s.role, local: null, peer: null, closedAt: null, connecting: false };
    out.set(name, h);
    if (s.role !== 'closed') h.role = s.role;
    h.local = s.local ?? h.local;
    h.peer = s.peer ?? h.peer;
    if (r.call === 'BIO_closesocket' && r.ret === 1) h.closedAt = i;
    if (r.call === 'BIO_connect') h.connecting = r.errno?.name === 'EINPROGRESS';
    else if (r.call === 'BIO_sock_error' || (r.call === 'wait' && r.ret === 1)) h.connecting = false;
  });
  return out;
}

/** A closed socket that closed before its peer did: in FIN_WAIT_2 while the peer is open, in TIME_WAIT once it closed. */
function closedFirst(h: History, all: Map<string, History>): { peer: History | null } | null {
  if (h.closedAt === null || !h.peer) return null;
  const peer = [...all.values()].find((o) => o.local === h.peer && o.peer === h.local) ?? null;
  if (peer && peer.closedAt !== null && peer.closedAt < h.closedAt) return null;
  return { peer };
}

export function lessonDiagram(live: readonly SocketSnapshot[], records: readonly (CallRecord | null)[], namespace: string | null): LessonDiagramModel {
  const mine = namespace ? live.filter((s) => s.name?.startsWith(namespace)) : [];
  const all = namespace ? histories(records, namespace) : new Map<string, History>();
  const nameOf = (s: SocketSnapshot) => (namespace && s.name?.startsWith(namespace) ? s.name.slice(namespace.length) : (s.name ?? `fd ${s.fd}`));
  const ghosts: SocketSnapshot[] = [];
  for (const h of all.values()) {
    const first = closedFirst(h, all);
    if (first?.peer && first.peer.closedAt !== null) ghosts.push({ fd: -1 - ghosts.length, name: `${namespace}${h.name}`, role: h.role, family: '', type: '', local: h.local, peer: null, state: 'TIME_WAIT', soError: 0, applied: {}, requested: {}, tcpInfo: null });
  }
  const notes: string[] = [];
  const connecting = new Set([...all.values()].filter((h) => h.connecting && h.closedAt === null).map((h) => h.name));
  const stateOf = (s: SocketSnapshot) => {
    const name = nameOf(s);
    if (s.fd < 0) return 'TIME_WAIT';
    if (s.state === 'SYN_SENT') return 'connecting (SYN_SENT)';
    if (connecting.has(name) && s.state === 'ESTABLISHED') return 'ESTABLISHED *';
    return s.state ?? 'no TCP state';
  };
  for (const name of connecting) notes.push(`* ${name}: BIO_connect said EINPROGRESS; the kernel has finished the handshake since, which the lesson has not yet asked about.`);
  if (ghosts.length) notes.push(`TIME_WAIT: the end that closed first stays in the kernel for about a minute after the lesson closed it, holding its address.`);

  const peerOf = (peer: string, from: SocketSnapshot): PeerLabel => {
    // An accepted socket has its listener's address: the pair of addresses says which end it is.
    const closed = [...all.values()].find((h) => h.closedAt !== null && h.local === peer && (h.peer === null || h.peer === from.local));
    if (closed) return { name: closed.name, note: closedFirst(closed, all) ? 'closed: FIN_WAIT_2' : 'closed by the lesson' };
    const listener = mine.find((s) => s.role === 'listener' && s.local === peer);
    if (listener && from.role === 'client') return { name: `${nameOf(listener)}'s backlog`, note: 'waiting for accept' };
    return { name: 'peer', note: namespace ? 'not in this lesson' : 'not in this workbench' };
  };
  return { sockets: [...mine, ...ghosts], nameOf, peerOf, stateOf, notes };
}
