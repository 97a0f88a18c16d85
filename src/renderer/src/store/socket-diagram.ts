// The sockets as a diagram for a class: listeners with the sockets they accepted on the server
// side, clients on the client side, a peer outside the workbench where a connection leads out,
// and lines between the two ends of each connection. Pure layout: the component draws it.
import type { SocketSnapshot } from '../../../shared/record';

export type DiagramSide = 'server' | 'client';

export interface DiagramNode {
  key: string;
  side: DiagramSide;
  row: number;
  /** The socket drawn, or null for a peer the workbench does not hold. */
  socket: SocketSnapshot | null;
  /** The peer's address, for a node that stands for a peer outside the workbench. */
  peer?: string;
}

export interface DiagramLine {
  from: string;
  to: string;
  kind: 'connection' | 'accepted-from';
}

export interface SocketDiagram {
  nodes: DiagramNode[];
  lines: DiagramLine[];
  rows: number;
  /** Sockets left out to keep the drawing readable. */
  omitted: number;
}

function portOf(addr: string | null): string | null {
  if (!addr) return null;
  const i = addr.lastIndexOf(':');
  return i < 0 ? null : addr.slice(i + 1);
}

const key = (s: SocketSnapshot) => `fd${s.fd}`;

/** Lays out at most `maxRows` rows; a connection's two ends share a row. */
export function layoutSockets(sockets: readonly SocketSnapshot[], maxRows = 12): SocketDiagram {
  const nodes: DiagramNode[] = [];
  const lines: DiagramLine[] = [];
  const placed = new Set<number>();
  const byEnds = new Map<string, SocketSnapshot>();
  for (const s of sockets) if (s.local && s.peer) byEnds.set(`${s.local}|${s.peer}`, s);
  const pairOf = (s: SocketSnapshot) => (s.local && s.peer ? byEnds.get(`${s.peer}|${s.local}`) : undefined);
  let row = 0;
  const full = () => row >= maxRows;

  const place = (s: SocketSnapshot, side: DiagramSide) => {
    nodes.push({ key: key(s), side, row, socket: s });
    placed.add(s.fd);
  };
  /** A connected socket's other end: the socket that holds it, or a peer outside. */
  const placeOtherEnd = (s: SocketSnapshot, side: DiagramSide) => {
    const other = pairOf(s);
    if (other && !placed.has(other.fd)) {
      place(other, side);
      lines.push({ from: key(s), to: key(other), kind: 'connection' });
    } else if (!other && s.peer) {
      const peerKey = `peer-${s.fd}`;
      nodes.push({ key: peerKey, side, row, socket: null, peer: s.peer });
      lines.push({ from: key(s), to: peerKey, kind: 'connection' });
    }
  };

  const listeners = sockets.filter((s) => s.role === 'listener');
  for (const l of listeners) {
    if (full()) break;
    place(l, 'server');
    row++;
    const port = portOf(l.local);
    for (const a of sockets) {
      if (full()) break;
      if (a.role !== 'accepted' || placed.has(a.fd) || portOf(a.local) !== port) continue;
      place(a, 'server');
      lines.push({ from: key(l), to: key(a), kind: 'accepted-from' });
      placeOtherEnd(a, 'client');
      row++;
    }
  }
  // Accepted sockets whose listener is gone, then clients, then the rest.
  for (const a of sockets) {
    if (full()) break;
    if (a.role !== 'accepted' || placed.has(a.fd)) continue;
    place(a, 'server');
    placeOtherEnd(a, 'client');
    row++;
  }
  for (const c of sockets) {
    if (full()) break;
    if (placed.has(c.fd) || c.role === 'listener') continue;
    place(c, 'client');
    if (c.peer) placeOtherEnd(c, 'server');
    row++;
  }
  return { nodes, lines, rows: row, omitted: sockets.length - placed.size };
}

/** How the sentences name a socket, its state and a peer the drawing does not hold. */
export interface DescribeLabels {
  nameOf(s: SocketSnapshot): string;
  stateOf(s: SocketSnapshot): string;
  peerOf(peer: string, from: SocketSnapshot): { name: string; note: string };
}

const PLAIN: DescribeLabels = {
  nameOf: (s) => s.name ?? `fd ${s.fd}`,
  stateOf: (s) => s.state ?? 'no TCP state',
  peerOf: (peer) => ({ name: `peer ${peer}`, note: 'not in this workbench' }),
};

/** One sentence per socket and connection: what a screen reader says for the drawing. */
export function describeDiagram(d: SocketDiagram, labels: DescribeLabels = PLAIN): string {
  if (!d.nodes.length) return 'No sockets.';
  const from = new Map(d.lines.map((l) => [l.to, d.nodes.find((x) => x.key === l.from)?.socket ?? null]));
  const name = (k: string) => {
    const n = d.nodes.find((x) => x.key === k);
    if (n?.socket) return labels.nameOf(n.socket);
    const f = from.get(k);
    if (!f || !n?.peer) return `peer ${n?.peer ?? '?'}`;
    const p = labels.peerOf(n.peer, f);
    return p.name === 'peer' || p.name.startsWith('peer ') ? `peer ${n.peer} (${p.note})` : `${p.name} at ${n.peer} (${p.note})`;
  };
  const parts = d.nodes
    .filter((n) => n.socket)
    .map((n) => {
      const s = n.socket!;
      return `${labels.nameOf(s)}: ${s.role}, ${labels.stateOf(s)}${s.local ? `, local ${s.local}` : ''}${s.peer ? `, peer ${s.peer}` : ''}.`;
    });
  for (const l of d.lines) parts.push(l.kind === 'connection' ? `${name(l.from)} is connected to ${name(l.to)}.` : `${name(l.to)} was accepted on ${name(l.from)}.`);
  if (d.omitted) parts.push(`${d.omitted} more sockets are not drawn.`);
  return parts.join(' ');
}
