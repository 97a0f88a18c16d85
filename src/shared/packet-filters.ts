// The packets of one socket, for Wireshark and tcpdump: a connection's two ends (address and port
// each way), or a listener's address and port. An IPv4-mapped IPv6 address (::ffff:127.0.0.1)
// travels as IPv4, so it is filtered as IPv4.
import { parseAddress } from './address';
import type { SocketSnapshot } from './record';

export interface PacketFilters {
  /** A Wireshark display filter. */
  wireshark: string;
  /** A tcpdump command line capturing the same packets. */
  tcpdump: string;
}

interface End {
  host: string | null;
  port: number;
  v6: boolean;
}

function endOf(addr: string | null): End | null {
  if (!addr || addr.startsWith('unix:')) return null;
  const { host, service } = parseAddress(addr);
  const port = Number(service);
  if (!Number.isInteger(port) || port <= 0) return null;
  const mapped = host?.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  const h = mapped ?? host;
  const wildcard = h === null || h === '0.0.0.0' || h === '::';
  return { host: wildcard ? null : h, port, v6: !mapped && !!h?.includes(':') };
}

const isLoopback = (host: string | null): boolean => host !== null && (/^127\./.test(host) || host === '::1');

function wiresharkEnd(e: End, proto: string, dir: 'src' | 'dst'): string[] {
  const parts: string[] = [];
  if (e.host) parts.push(`${e.v6 ? 'ipv6' : 'ip'}.${dir} == ${e.host}`);
  parts.push(`${proto}.${dir}port == ${e.port}`);
  return parts;
}

function tcpdumpEnd(e: End, dir: 'src' | 'dst'): string[] {
  return [...(e.host ? [`${dir} host ${e.host}`] : []), `${dir} port ${e.port}`];
}

/** Filters for a socket's packets, or why it has none to show. */
export function packetFilters(s: Pick<SocketSnapshot, 'family' | 'type' | 'role' | 'local' | 'peer' | 'name' | 'fd'>): PacketFilters | { why: string } {
  const label = s.name ?? `fd ${s.fd}`;
  if (s.family === 'AF_UNIX') return { why: `${label} is an AF_UNIX socket: its data never becomes packets on an interface` };
  const proto = s.type === 'SOCK_DGRAM' ? 'udp' : 'tcp';
  const local = endOf(s.local);
  if (!local) return { why: `${label} has no port yet: bind, listen or connect it first` };
  const peer = s.role === 'listener' ? null : endOf(s.peer);
  const iface = isLoopback(local.host) && (!peer || isLoopback(peer.host)) ? 'lo' : 'any';
  if (!peer) {
    const ws = [...(local.host ? [`${local.v6 ? 'ipv6' : 'ip'}.addr == ${local.host}`] : []), `${proto}.port == ${local.port}`].join(' && ');
    const td = [proto, ...(local.host ? [`host ${local.host}`] : []), `port ${local.port}`].join(' and ');
    return { wireshark: ws, tcpdump: `tcpdump -i ${iface} -n '${td}'` };
  }
  const out = [...wiresharkEnd(local, proto, 'src'), ...wiresharkEnd(peer, proto, 'dst')].join(' && ');
  const back = [...wiresharkEnd(peer, proto, 'src'), ...wiresharkEnd(local, proto, 'dst')].join(' && ');
  const tdOut = [...tcpdumpEnd(local, 'src'), ...tcpdumpEnd(peer, 'dst')].join(' and ');
  const tdBack = [...tcpdumpEnd(peer, 'src'), ...tcpdumpEnd(local, 'dst')].join(' and ');
  return { wireshark: `(${out}) || (${back})`, tcpdump: `tcpdump -i ${iface} -n '${proto} and ((${tdOut}) or (${tdBack}))'` };
}
