// The packets a step caused, as a record carries them: each tied to the step in whose span it
// was seen (from the step's start to the next step's start), its time relative to that start.

/** What ICMP said: its type and code, and the packet it reports on (the port it says was closed). */
export interface IcmpReport {
  type: number;
  code: number;
  /** "port unreachable", "host unreachable", ... or "type 5 code 1". */
  text: string;
  /** The quoted packet's destination, "127.0.0.1:5555": the address the ICMP message is about. */
  reports: string | null;
}

/** One packet as seen on the wire, with its capture time (microseconds since the epoch). */
export interface WirePacket {
  atUs: number;
  proto: 'tcp' | 'udp' | 'icmp' | 'icmp6';
  /** "127.0.0.1:40000", "[::1]:40000"; an ICMP packet's addresses carry no port. */
  from: string;
  to: string;
  /** TCP flags in tcpdump's order, comma-separated ("SYN", "SYN,ACK", "FIN,PSH,ACK"); "" otherwise. */
  flags: string;
  /** TCP's sequence and acknowledgement numbers as on the wire; null for other protocols. */
  seq: number | null;
  ack: number | null;
  /** Payload bytes (TCP or UDP data). */
  len: number;
  icmp?: IcmpReport;
  /** Ports the packet concerns (its own, and for ICMP those of the packet it quotes). */
  ports: number[];
}

/** A packet in a record: `t` in microseconds after the step's start (may be negative for a clock skew of a few us). */
export interface PacketRecord {
  t: number;
  proto: WirePacket['proto'];
  from: string;
  to: string;
  flags: string;
  seq: number | null;
  ack: number | null;
  len: number;
  /** Why the packet belongs here though the call did not send it, or null. */
  note: string | null;
  icmp?: IcmpReport;
}

/** What a step needs for the packets to be tied to it. */
export interface TimedStep {
  /** When the step started, microseconds since the epoch. */
  startedAtUs?: number;
  startedAt: number;
  calledAtUs?: number;
  durationUs: number;
  call?: string;
}

function startUs(s: TimedStep): number {
  return s.startedAtUs ?? s.startedAt * 1000;
}

// A call's own packets leave while it runs; slack for the time between the record's start and the call.
const CALL_SLACK_US = 1000;

// Steps that only wait send nothing themselves: what the wire shows then came from earlier calls or the kernel.
const ONLY_WAITS = new Set(['wait', 'await']);

function noteFor(t: number, step: TimedStep): string | null {
  if (step.call && ONLY_WAITS.has(step.call)) return `sent while this step waited (${step.call} sends nothing): by the kernel on its own (a delayed ACK, a held segment leaving once ACKed, a keepalive), a background call, or the peer`;
  const callEnd = (step.calledAtUs === undefined ? 0 : step.calledAtUs - startUs(step)) + step.durationUs;
  if (t <= callEnd + CALL_SLACK_US) return null;
  return `sent ${((t - callEnd) / 1000).toFixed(3)} ms after the call returned: by the kernel on its own (a delayed ACK, a retransmission, a keepalive) or by the peer`;
}

function packetRecord(p: WirePacket, step: TimedStep, again: boolean): PacketRecord {
  const t = p.atUs - startUs(step);
  const note = again ? 'a retransmission: these bytes were sent before and not acknowledged in time' : noteFor(t, step);
  const rec: PacketRecord = { t, proto: p.proto, from: p.from, to: p.to, flags: p.flags, seq: p.seq, ack: p.ack, len: p.len, note };
  if (p.icmp) rec.icmp = p.icmp;
  return rec;
}

/**
 * Each packet goes to the last step that started at or before it; packets before the first
 * step are left out. Returns one list per step, in the steps' order.
 */
export function packetsBySteps(steps: TimedStep[], packets: WirePacket[]): PacketRecord[][] {
  const out: PacketRecord[][] = steps.map(() => []);
  const sorted = [...packets].sort((a, b) => a.atUs - b.atUs);
  const sentUpTo = new Map<string, number>();
  for (const p of sorted) {
    let at = -1;
    for (let i = 0; i < steps.length; i++) if (startUs(steps[i]) <= p.atUs) at = i;
    const again = isRetransmission(p, sentUpTo);
    if (at >= 0) out[at].push(packetRecord(p, steps[at], again));
  }
  return out;
}

/** Data whose last byte was already sent in this direction (sequence numbers compared modulo 2^32). */
function isRetransmission(p: WirePacket, sentUpTo: Map<string, number>): boolean {
  if (p.proto !== 'tcp' || p.seq === null || p.len === 0) return false;
  const key = `${p.from}>${p.to}`;
  const end = (p.seq + p.len) >>> 0;
  const before = sentUpTo.get(key);
  if (before !== undefined && ((end - before) | 0) <= 0) return true;
  sentUpTo.set(key, end);
  return false;
}

/** A packet as one line: "+0.052 ms  127.0.0.1:40000 > 127.0.0.1:5000  TCP SYN seq 1 ack 0 len 0". */
export function packetLine(p: PacketRecord): string {
  const head = `+${(p.t / 1000).toFixed(3)} ms  ${p.from} > ${p.to}  ${p.proto.toUpperCase()}`;
  const tcp = p.proto === 'tcp' ? ` ${p.flags || '-'} seq ${p.seq} ack ${p.ack} len ${p.len}` : '';
  const udp = p.proto === 'udp' ? ` len ${p.len}` : '';
  const icmp = p.icmp ? ` ${p.icmp.text}${p.icmp.reports ? ` (about ${p.icmp.reports})` : ''}` : '';
  return `${head}${tcp}${udp}${icmp}${p.note ? `  [${p.note}]` : ''}`;
}
