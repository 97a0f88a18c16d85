// The sockets drawn for a class in presentation mode: server side on the left (listeners, the
// sockets they accepted), client side on the right, a line between the two ends of each
// connection, each socket with its name, role, TCP state and address. An SVG with real text drawn
// at the page's own scale (never shrunk to fit), so names and addresses stay at least 18 px; a name
// or address too long for its box is shortened, the full text in its title. The description says
// the same in sentences.
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { SocketSnapshot } from '../../../shared/record';
import { describeDiagram, layoutSockets, type DiagramNode } from '../store/socket-diagram';
import { stateClass } from './socket-state';

/** Text sizes in CSS px, drawn 1:1: a monospace character is 0.6 em wide. */
const NAME_PX = 22;
const LINE_PX = 20;
const ADDR_PX = 18;
const NODE_H = 86;
const ROW_H = 98;
const GAP = 28;
const PAD = 4;
const INSET = 8;

export interface DiagramLabels {
  nameOf(s: SocketSnapshot): string;
  peerOf(peer: string, from: SocketSnapshot): { name: string; note: string };
  stateOf(s: SocketSnapshot): string;
}

const PLAIN_LABELS: DiagramLabels = {
  nameOf: (s) => s.name ?? `fd ${s.fd}`,
  peerOf: () => ({ name: 'peer', note: 'not in this workbench' }),
  stateOf: (s) => s.state ?? 'no TCP state',
};

/** Shortened to fit `px` at a monospace size: the end kept for addresses (the port), the start for names. */
export function fitText(text: string, px: number, fontPx: number, keep: 'start' | 'end', charEm = 0.6): string {
  const room = Math.max(4, Math.floor(px / (fontPx * charEm)));
  if (text.length <= room) return text;
  return keep === 'start' ? `${text.slice(0, room - 1)}…` : `…${text.slice(text.length - room + 1)}`;
}

/** A line of the node; `proportional` lines (states, notes) fit more characters than monospace ones. */
function Label({ x, y, px, text, room, keep, className, proportional = false }: { x: number; y: number; px: number; text: string; room: number; keep: 'start' | 'end'; className: string; proportional?: boolean }) {
  const shown = fitText(text, room, px, keep, proportional ? 0.56 : 0.6);
  return (
    <text x={x} y={y} className={className} style={{ fontSize: `${px}px` }}>
      {shown !== text ? <title>{text}</title> : null}
      {shown}
    </text>
  );
}

function Node({ n, x, y, w, labels, from }: { n: DiagramNode; x: number; y: number; w: number; labels: DiagramLabels; from: SocketSnapshot | undefined }) {
  const s = n.socket;
  const room = w - INSET * 2;
  const peer = !s && from ? labels.peerOf(n.peer ?? '', from) : null;
  const name = s ? labels.nameOf(s) : (peer?.name ?? 'peer');
  // A socket drawn with a negative fd is one the lesson closed that the kernel still holds (TIME_WAIT).
  return (
    <g className={`diagram-node${s ? ` role-${s.role}` : ' outside'}${s && s.fd < 0 ? ' ghost' : ''}`}>
      <title>{name}</title>
      <rect x={x} y={y} width={w} height={NODE_H} rx={8} />
      <Label x={x + INSET} y={y + 24} px={NAME_PX} text={s ? `${name} ${s.fd < 0 ? 'closed' : s.role}` : name} room={room} keep="start" className="diagram-name" />
      {s ? (
        <Label x={x + INSET} y={y + 51} px={LINE_PX} text={labels.stateOf(s)} room={room} keep="start" className={`diagram-state diagram-${stateClass(s).split(' ')[1]}`} proportional />
      ) : (
        <Label x={x + INSET} y={y + 51} px={LINE_PX} text={peer?.note ?? ''} room={room} keep="start" className="diagram-state diagram-role" proportional />
      )}
      <Label x={x + INSET} y={y + 77} px={ADDR_PX} text={s ? (s.local ?? 'not bound') : (n.peer ?? '')} room={room} keep="end" className="diagram-addr" />
    </g>
  );
}

/** The box's width in CSS px, followed as the window resizes. */
function useWidth(): [React.RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(520);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(measure);
    watch.observe(el);
    return () => watch.disconnect();
  }, []);
  return [ref, width];
}

/** `scrolls`: the diagram scrolls in its own box, so a keyboard must be able to reach it (focusable). */
export function SocketDiagram({ sockets, labels = PLAIN_LABELS, notes = [], scrolls = false }: { sockets: readonly SocketSnapshot[]; labels?: DiagramLabels; notes?: string[]; scrolls?: boolean }) {
  const diagram = useMemo(() => layoutSockets(sockets), [sockets]);
  const [box, width] = useWidth();
  const titleId = useId();
  const descId = useId();
  const nodeW = Math.floor((width - PAD * 2 - GAP) / 2);
  const X = { server: PAD, client: PAD + nodeW + GAP } as const;
  const byKey = new Map(diagram.nodes.map((n) => [n.key, n]));
  const fromOf = new Map(diagram.lines.map((l) => [l.to, byKey.get(l.from)?.socket ?? undefined]));
  const height = Math.max(1, diagram.rows) * ROW_H + PAD * 2 + (diagram.omitted ? 30 : 0);
  const centre = (n: DiagramNode) => ({ x: X[n.side] + nodeW / 2, y: PAD + n.row * ROW_H + NODE_H / 2 });
  return (
    <figure className="socket-diagram" ref={box} tabIndex={scrolls ? 0 : undefined}>
      <svg role="img" aria-labelledby={`${titleId} ${descId}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <title id={titleId}>Socket diagram</title>
        <desc id={descId}>{describeDiagram(diagram, labels)}</desc>
        {diagram.lines.map((l) => {
          const a = byKey.get(l.from);
          const b = byKey.get(l.to);
          if (!a || !b) return null;
          const p = centre(a);
          const q = centre(b);
          // Same side: the accepted socket hangs below its listener, drawn down the left edge.
          if (a.side === b.side) return <path key={`${l.from}-${l.to}`} className={`diagram-line ${l.kind}`} d={`M ${X[a.side] + 14} ${p.y + NODE_H / 2} L ${X[a.side] + 14} ${q.y - NODE_H / 2}`} />;
          const [left, right] = a.side === 'server' ? [p, q] : [q, p];
          return <path key={`${l.from}-${l.to}`} className={`diagram-line ${l.kind}`} d={`M ${left.x + nodeW / 2} ${left.y} L ${right.x - nodeW / 2} ${right.y}`} />;
        })}
        {diagram.nodes.map((n) => (
          <Node key={n.key} n={n} x={X[n.side]} y={PAD + n.row * ROW_H} w={nodeW} labels={labels} from={fromOf.get(n.key)} />
        ))}
        {diagram.omitted ? (
          <text x={PAD} y={height - 10} className="diagram-omitted">
            {diagram.omitted.toLocaleString('en')} more sockets not drawn
          </text>
        ) : null}
      </svg>
      <figcaption>
        <span className="diagram-sides">
          <span>Server side</span>
          <span>Client side</span>
        </span>
        {notes.map((n) => (
          <span key={n} className="diagram-note">
            {n}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
