// A ladder diagram's model: the client on the left, the server on the right, one rung per packet
// (its direction, flags, length and time after the step began), and the same as sentences for a
// screen reader. The client is who sent the first SYN, else who sent first; ICMP goes from the
// side whose closed port it reports.
import type { PacketRecord } from '../../../shared/packets';
import type { CallRecord } from '../../../shared/record';

export interface LadderRung {
  /** Microseconds after the step (or a group's first step) began. */
  t: number;
  toServer: boolean;
  /** "SYN", "FIN,ACK", "UDP", "ICMP port unreachable". */
  what: string;
  len: number;
  /** Why the packet is in this step though its call did not send it, or null. */
  note: string | null;
  /** The rung as a sentence: "at +0.052 ms: client to server, SYN, len 0". */
  text: string;
}

export interface LadderModel {
  client: string;
  server: string;
  rungs: LadderRung[];
}

function sides(packets: readonly PacketRecord[]): { client: string; server: string } {
  const syn = packets.find((p) => p.proto === 'tcp' && p.flags === 'SYN');
  if (syn) return { client: syn.from, server: syn.to };
  const first = packets.find((p) => p.proto === 'tcp' || p.proto === 'udp');
  if (first) return { client: first.from, server: first.to };
  const icmp = packets.find((p) => p.icmp?.reports);
  // An ICMP message alone: it comes from the side it reports on.
  return icmp ? { client: icmp.to, server: icmp.icmp!.reports! } : { client: packets[0]?.from ?? '', server: packets[0]?.to ?? '' };
}

function towardServer(p: PacketRecord, client: string, server: string): boolean {
  // ICMP answers a packet sent to the port it reports: it comes back from that side.
  if (p.icmp?.reports) return p.icmp.reports !== server && p.icmp.reports === client;
  if (p.to === server || p.from === client) return true;
  if (p.from === server || p.to === client) return false;
  // Another connection in the same step: by the server's port.
  return !p.from.endsWith(server.slice(server.lastIndexOf(':')));
}

function whatOf(p: PacketRecord): string {
  if (p.proto === 'tcp') return p.flags || 'no flags';
  if (p.icmp) return `ICMP ${p.icmp.text}`;
  return p.proto.toUpperCase();
}

export const msText = (us: number) => `${us < 0 ? '' : '+'}${(us / 1000).toFixed(3)} ms`;

/** The ladder of one step's packets, `shiftUs` added to their times (a group's later steps start later). */
export function ladderOf(packets: readonly { packet: PacketRecord; shiftUs: number }[]): LadderModel {
  const { client, server } = sides(packets.map((x) => x.packet));
  const rungs = packets.map(({ packet: p, shiftUs }) => {
    const toServer = towardServer(p, client, server);
    const what = whatOf(p);
    const t = p.t + shiftUs;
    const text = `at ${msText(t)}: ${toServer ? 'client to server' : 'server to client'}, ${what}, len ${p.len}${p.note ? ` (${p.note})` : ''}`;
    return { t, toServer, what, len: p.len, note: p.note, text };
  });
  return { client, server, rungs };
}

/** The packets of steps run as one (a group), timed from the first step's start. */
export function groupPackets(records: readonly (CallRecord | null)[], packets: readonly (readonly PacketRecord[] | undefined)[]): { packet: PacketRecord; shiftUs: number }[] {
  const startOf = (r: CallRecord) => r.startedAtUs ?? r.startedAt * 1000;
  const first = records.find((r) => r !== null);
  if (!first) return [];
  return records.flatMap((r, i) => (r ? (packets[i] ?? []).map((packet) => ({ packet, shiftUs: startOf(r) - startOf(first) })) : []));
}
