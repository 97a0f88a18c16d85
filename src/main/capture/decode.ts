// A captured frame decoded to what a record shows: addresses, ports, TCP flags, sequence numbers,
// payload length, and what an ICMP error reports (its type and the address it is about).
import type { IcmpReport, WirePacket } from '../../shared/packets';
import type { PcapFrame } from './pcap-stream';

const TCP_FLAGS: [number, string][] = [[0x02, 'SYN'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x10, 'ACK'], [0x20, 'URG'], [0x40, 'ECE'], [0x80, 'CWR']];

const ICMP4_UNREACH = ['net unreachable', 'host unreachable', 'protocol unreachable', 'port unreachable', 'fragmentation needed', 'source route failed'];
const ICMP6_UNREACH = ['no route', 'administratively prohibited', 'beyond scope', 'address unreachable', 'port unreachable'];

function ipv6Text(b: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

interface IpHeader {
  v6: boolean;
  proto: number;
  src: string;
  dst: string;
  /** Offset of the transport header in the buffer, and where the IP payload ends. */
  body: number;
  end: number;
}

function ipHeader(b: Buffer, at: number): IpHeader | null {
  if (b.length < at + 20) return null;
  const version = b[at] >> 4;
  if (version === 4) {
    const ihl = (b[at] & 0x0f) * 4;
    const end = Math.min(b.length, at + b.readUInt16BE(at + 2));
    return { v6: false, proto: b[at + 9], src: Array.from(b.subarray(at + 12, at + 16)).join('.'), dst: Array.from(b.subarray(at + 16, at + 20)).join('.'), body: at + ihl, end };
  }
  if (version === 6 && b.length >= at + 40) {
    const end = Math.min(b.length, at + 40 + b.readUInt16BE(at + 4));
    return { v6: true, proto: b[at + 6], src: ipv6Text(b.subarray(at + 8, at + 24)), dst: ipv6Text(b.subarray(at + 24, at + 40)), body: at + 40, end };
  }
  return null;
}

function endpoint(ip: IpHeader, addr: string, port?: number): string {
  const host = ip.v6 ? `[${addr}]` : addr;
  return port === undefined ? addr : `${host}:${port}`;
}

/** Where the IP header starts in a frame of this link type, or null for a frame that carries no IP. */
function ipOffset(linkType: number, d: Buffer): number | null {
  if (linkType === 1) return d.length >= 14 && [0x0800, 0x86dd].includes(d.readUInt16BE(12)) ? 14 : null;
  if (linkType === 113) return d.length >= 16 && [0x0800, 0x86dd].includes(d.readUInt16BE(14)) ? 16 : null;
  if (linkType === 276) return d.length >= 20 && [0x0800, 0x86dd].includes(d.readUInt16BE(0)) ? 20 : null;
  if (linkType === 101 || linkType === 228 || linkType === 229) return 0;
  if (linkType === 0) return 4;
  return null;
}

function icmpReport(d: Buffer, ip: IpHeader, type: number, code: number): { report: IcmpReport; ports: number[] } {
  const v6 = ip.v6;
  const unreachable = v6 ? type === 1 : type === 3;
  const names = v6 ? ICMP6_UNREACH : ICMP4_UNREACH;
  const text = unreachable && names[code] ? names[code] : v6 && type === 128 ? 'echo request' : !v6 && type === 8 ? 'echo request' : `type ${type} code ${code}`;
  const errorType = v6 ? type < 128 : [3, 4, 5, 11, 12].includes(type);
  const inner = errorType ? ipHeader(d, ip.body + 8) : null;
  if (!inner || (inner.proto !== 6 && inner.proto !== 17) || d.length < inner.body + 4) return { report: { type, code, text, reports: inner ? endpoint(inner, inner.dst) : null }, ports: [] };
  const sport = d.readUInt16BE(inner.body);
  const dport = d.readUInt16BE(inner.body + 2);
  return { report: { type, code, text, reports: endpoint(inner, inner.dst, dport) }, ports: [sport, dport] };
}

function tcpPacket(d: Buffer, ip: IpHeader, atUs: number): WirePacket | null {
  const t = ip.body;
  if (d.length < t + 20) return null;
  const sport = d.readUInt16BE(t);
  const dport = d.readUInt16BE(t + 2);
  const bits = d[t + 13];
  const flags = TCP_FLAGS.filter(([bit]) => bits & bit).map(([, name]) => name).join(',');
  const len = Math.max(0, ip.end - t - (d[t + 12] >> 4) * 4);
  return { atUs, proto: 'tcp', from: endpoint(ip, ip.src, sport), to: endpoint(ip, ip.dst, dport), flags, seq: d.readUInt32BE(t + 4), ack: d.readUInt32BE(t + 8), len, ports: [sport, dport] };
}

/** The frame as a packet of the record's shape, or null when it is not TCP, UDP or ICMP over IP. */
export function decodeFrame(frame: PcapFrame, linkType: number): WirePacket | null {
  const d = frame.data;
  const at = ipOffset(linkType, d);
  const ip = at === null ? null : ipHeader(d, at);
  if (!ip) return null;
  if (ip.proto === 6) return tcpPacket(d, ip, frame.atUs);
  const base = { atUs: frame.atUs, flags: '', seq: null, ack: null };
  if (ip.proto === 17 && d.length >= ip.body + 8) {
    const sport = d.readUInt16BE(ip.body);
    const dport = d.readUInt16BE(ip.body + 2);
    return { ...base, proto: 'udp', from: endpoint(ip, ip.src, sport), to: endpoint(ip, ip.dst, dport), len: d.readUInt16BE(ip.body + 4) - 8, ports: [sport, dport] };
  }
  if ((ip.proto === 1 || ip.proto === 58) && d.length >= ip.body + 8) {
    const { report, ports } = icmpReport(d, ip, d[ip.body], d[ip.body + 1]);
    return { ...base, proto: ip.proto === 1 ? 'icmp' : 'icmp6', from: endpoint(ip, ip.src), to: endpoint(ip, ip.dst), len: ip.end - ip.body - 8, icmp: report, ports };
  }
  return null;
}
