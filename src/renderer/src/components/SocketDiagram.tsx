// The sockets drawn for a class in presentation mode: server side on the left (listeners, the
// sockets they accepted), client side on the right, a line between the two ends of each
// connection, each socket with its name, role, TCP state and address. An SVG with real text, and
// a description that says the same in sentences.
import { useId, useMemo } from 'react';
import { useWorkbench } from '../store/context';
import { describeDiagram, layoutSockets, type DiagramNode } from '../store/socket-diagram';
import { stateClass } from './socket-state';

const NODE_W = 250;
const NODE_H = 90;
const ROW_H = 106;
const GAP = 44;
const PAD = 6;
const X = { server: PAD, client: PAD + NODE_W + GAP } as const;
const WIDTH = PAD * 2 + NODE_W * 2 + GAP;

function centre(n: DiagramNode): { x: number; y: number } {
  return { x: X[n.side] + NODE_W / 2, y: PAD + n.row * ROW_H + NODE_H / 2 };
}

function Node({ n }: { n: DiagramNode }) {
  const x = X[n.side];
  const y = PAD + n.row * ROW_H;
  const s = n.socket;
  return (
    <g className={`diagram-node${s ? ` role-${s.role}` : ' outside'}`}>
      <rect x={x} y={y} width={NODE_W} height={NODE_H} rx={8} />
      {s ? (
        <>
          <text x={x + 10} y={y + 26} className="diagram-name">
            {s.name ?? `fd ${s.fd}`} <tspan className="diagram-role">{s.role}</tspan>
          </text>
          <text x={x + 10} y={y + 54} className={`diagram-${stateClass(s).split(' ')[1]}`}>
            {s.state ?? 'no TCP state'}
          </text>
          <text x={x + 10} y={y + 80} className="diagram-addr">
            {s.local ?? 'not bound'}
          </text>
        </>
      ) : (
        <>
          <text x={x + 10} y={y + 26} className="diagram-name">
            peer
          </text>
          <text x={x + 10} y={y + 54} className="diagram-role">
            not in this workbench
          </text>
          <text x={x + 10} y={y + 80} className="diagram-addr">
            {n.peer}
          </text>
        </>
      )}
    </g>
  );
}

export function SocketDiagram() {
  const sockets = useWorkbench((s) => s.sockets);
  const diagram = useMemo(() => layoutSockets(sockets), [sockets]);
  const titleId = useId();
  const descId = useId();
  const byKey = new Map(diagram.nodes.map((n) => [n.key, n]));
  const height = Math.max(1, diagram.rows) * ROW_H + PAD * 2 + (diagram.omitted ? 30 : 0);
  return (
    <figure className="socket-diagram">
      <svg role="img" aria-labelledby={`${titleId} ${descId}`} viewBox={`0 0 ${WIDTH} ${height}`} preserveAspectRatio="xMidYMin meet">
        <title id={titleId}>Socket diagram</title>
        <desc id={descId}>{describeDiagram(diagram)}</desc>
        {diagram.lines.map((l) => {
          const a = byKey.get(l.from);
          const b = byKey.get(l.to);
          if (!a || !b) return null;
          const p = centre(a);
          const q = centre(b);
          // Same side: the accepted socket hangs below its listener, drawn down the left edge.
          if (a.side === b.side) {
            const x = X[a.side] + 14;
            return <path key={`${l.from}-${l.to}`} className={`diagram-line ${l.kind}`} d={`M ${x} ${p.y + NODE_H / 2} L ${x} ${q.y - NODE_H / 2}`} />;
          }
          const [left, right] = a.side === 'server' ? [p, q] : [q, p];
          return <path key={`${l.from}-${l.to}`} className={`diagram-line ${l.kind}`} d={`M ${left.x + NODE_W / 2} ${left.y} L ${right.x - NODE_W / 2} ${right.y}`} />;
        })}
        {diagram.nodes.map((n) => (
          <Node key={n.key} n={n} />
        ))}
        {diagram.omitted ? (
          <text x={PAD} y={height - 10} className="diagram-omitted">
            {diagram.omitted.toLocaleString('en')} more sockets not drawn
          </text>
        ) : null}
      </svg>
      <figcaption>
        <span>Server side</span>
        <span>Client side</span>
      </figcaption>
    </figure>
  );
}
