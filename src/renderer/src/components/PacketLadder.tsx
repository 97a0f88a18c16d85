// The packets a step caused, as a ladder diagram: the client's line on the left, the server's on
// the right, one arrow per packet going down the page, labelled with its flags and length, its
// time after the step began in the margin. Dashed: sent by the kernel or the peer after the call
// returned (the note says which). The svg's title and description carry the same, for a screen reader.
import { useId } from 'react';
import type { LadderModel } from '../store/packet-ladder';

const WIDTH = 640;
// The margin's times end here: room for "12345.678 ms" at 19px (text past the svg's left edge is cut off).
const TIME_X = 146;
const CLIENT_X = 168;
const SERVER_X = 600;
const TOP = 62;
const RUNG = 44;

export interface PacketLadderProps {
  model: LadderModel;
  /** What the packets are of: "the packets of BIO_connect(c, addr, 0)". */
  label: string;
}

export function PacketLadder({ model, label }: PacketLadderProps) {
  const id = useId();
  const height = TOP + model.rungs.length * RUNG + 12;
  const held = model.rungs.some((r) => r.note);
  return (
    <figure className="packet-ladder">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{`Packet ladder: ${label}`}</title>
        <desc id={`${id}-desc`}>{`Client ${model.client}, server ${model.server}. ${model.rungs.map((r, i) => `Packet ${i + 1} ${r.text}.`).join(' ')}`}</desc>
        <text className="ladder-side" x={CLIENT_X} y={18} textAnchor="middle">client</text>
        <text className="ladder-addr" x={CLIENT_X - 8} y={42} textAnchor="start">{model.client}</text>
        <text className="ladder-side" x={SERVER_X} y={18} textAnchor="middle">server</text>
        <text className="ladder-addr" x={SERVER_X + 30} y={42} textAnchor="end">{model.server}</text>
        <line className="ladder-line" x1={CLIENT_X} y1={TOP - 10} x2={CLIENT_X} y2={height - 4} />
        <line className="ladder-line" x1={SERVER_X} y1={TOP - 10} x2={SERVER_X} y2={height - 4} />
        {model.rungs.map((r, i) => {
          const y = TOP + i * RUNG + 18;
          const [x1, x2] = r.toServer ? [CLIENT_X, SERVER_X] : [SERVER_X, CLIENT_X];
          const head = r.toServer ? `${x2 - 12},${y + 6} ${x2},${y + 12} ${x2 - 12},${y + 18}` : `${x2 + 12},${y + 6} ${x2},${y + 12} ${x2 + 12},${y + 18}`;
          return (
            <g key={i} className={`ladder-rung${r.note ? ' ladder-later' : ''}`}>
              <text className="ladder-time" x={TIME_X} y={y + 16} textAnchor="end">{`${(r.t / 1000).toFixed(3)} ms`}</text>
              <line x1={x1} y1={y} x2={x2} y2={y + 12} />
              <polygon points={head} />
              <text className="ladder-what" x={(CLIENT_X + SERVER_X) / 2} y={y - 2} textAnchor="middle">
                {`${r.what}${r.note ? ' *' : ''}, len ${r.len}`}
              </text>
            </g>
          );
        })}
      </svg>
      {held ? <figcaption>* dashed: sent after the call returned, by the kernel on its own or by the peer (a delayed ACK, a held segment, a FIN).</figcaption> : null}
    </figure>
  );
}
