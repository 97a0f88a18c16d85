// Everything Linux-specific (x86_64 and arm64 glibc): option numbers, C struct layouts, library
// names, /proc. Another platform gets a sibling module with the same exports.
import { readFileSync } from 'node:fs';
import koffi from 'koffi';
import { bytesField, numberField } from '../struct-fields';
import { TCP_INFO_FIELDS, type TcpInfo, type TcpInfoFigure } from '../../../shared/tcp-info';

export const LIBC = 'libc.so.6';
export const DEFAULT_LIBCRYPTO = 'libcrypto.so.3';

export const AF = { AF_UNSPEC: 0, AF_UNIX: 1, AF_INET: 2, AF_INET6: 10 } as const;
export const SOCK = { SOCK_STREAM: 1, SOCK_DGRAM: 2 } as const;
export const IPPROTO = { '0': 0, IPPROTO_TCP: 6, IPPROTO_UDP: 17 } as const;

export const SOL_SOCKET = 1;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_KEEPALIVE = 9;
export const SO_SNDTIMEO = 21;
export const SO_ACCEPTCONN = 30;
export const SO_DOMAIN = 39;
export const IPPROTO_TCP = 6;
export const IPPROTO_IPV6 = 41;
export const TCP_NODELAY = 1;
export const TCP_INFO = 11;
export const TCP_FASTOPEN = 23;
export const TCP_FASTOPEN_CONNECT = 30;
export const IPV6_V6ONLY = 26;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const EAGAIN = 11;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const SHUT = { SHUT_RD: 0, SHUT_WR: 1, SHUT_RDWR: 2 } as const;

export const POLLIN = 0x001;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;
export const POLLRDHUP = 0x2000;

export const TCP_STATES = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV'];

// ---- C structs, declared once per thread; the bindings name them in their prototypes ----------

/** struct pollfd from <poll.h>. */
export interface PollFd {
  fd: number;
  events: number;
  revents: number;
}
export const pollfd = koffi.struct('pollfd', { fd: 'int', events: 'short', revents: 'short' });

/** struct timeval from <sys/time.h>, as SO_SNDTIMEO takes it. */
export interface Timeval {
  tv_sec: number;
  tv_usec: number;
}
export const timeval = koffi.struct('timeval', { tv_sec: 'long', tv_usec: 'long' });

/** struct hostent from <netdb.h>; the address list is a NULL-terminated array of pointers. */
interface HostentStruct {
  h_name: string | null;
  h_addrtype: number;
  h_length: number;
  h_addr_list: bigint | null;
}
const hostent = koffi.struct('hostent', { h_name: 'const char *', h_aliases: 'void *', h_addrtype: 'int', h_length: 'int', h_addr_list: 'void *' });

const sa_family_t = koffi.alias('sa_family_t', 'uint16_t');
/** Big enough for any address getsockname and getpeername give. */
export const sockaddr_storage = koffi.struct('sockaddr_storage', { ss_family: sa_family_t, __ss_padding: koffi.array('uint8_t', 118), __ss_align: 'uint64_t' });
const sockaddr_in = koffi.struct('sockaddr_in', { sin_family: sa_family_t, sin_port: 'uint16_be_t', sin_addr: koffi.array('uint8_t', 4), sin_zero: koffi.array('uint8_t', 8) });
const sockaddr_in6 = koffi.struct('sockaddr_in6', { sin6_family: sa_family_t, sin6_port: 'uint16_be_t', sin6_flowinfo: 'uint32_t', sin6_addr: koffi.array('uint8_t', 16), sin6_scope_id: 'uint32_t' });
const sockaddr_un = koffi.struct('sockaddr_un', { sun_family: sa_family_t, sun_path: koffi.array('uint8_t', 108) });

/** struct tcp_info from <linux/tcp.h>, as far as the record uses it (older kernels fill less). */
export const tcp_info = koffi.struct('tcp_info', {
  tcpi_state: 'uint8_t',
  tcpi_ca_state: 'uint8_t',
  tcpi_retransmits: 'uint8_t',
  tcpi_probes: 'uint8_t',
  tcpi_backoff: 'uint8_t',
  tcpi_options: 'uint8_t',
  tcpi_wscale: 'uint8_t', // snd_wscale:4, rcv_wscale:4
  tcpi_app_limited: 'uint8_t', // delivery_rate_app_limited:1, fastopen_client_fail:2
  tcpi_rto: 'uint32_t',
  tcpi_ato: 'uint32_t',
  tcpi_snd_mss: 'uint32_t',
  tcpi_rcv_mss: 'uint32_t',
  tcpi_unacked: 'uint32_t',
  tcpi_sacked: 'uint32_t',
  tcpi_lost: 'uint32_t',
  tcpi_retrans: 'uint32_t',
  tcpi_fackets: 'uint32_t',
  tcpi_last_data_sent: 'uint32_t',
  tcpi_last_ack_sent: 'uint32_t',
  tcpi_last_data_recv: 'uint32_t',
  tcpi_last_ack_recv: 'uint32_t',
  tcpi_pmtu: 'uint32_t',
  tcpi_rcv_ssthresh: 'uint32_t',
  tcpi_rtt: 'uint32_t',
  tcpi_rttvar: 'uint32_t',
  tcpi_snd_ssthresh: 'uint32_t',
  tcpi_snd_cwnd: 'uint32_t',
  tcpi_advmss: 'uint32_t',
  tcpi_reordering: 'uint32_t',
  tcpi_rcv_rtt: 'uint32_t',
  tcpi_rcv_space: 'uint32_t',
  tcpi_total_retrans: 'uint32_t',
  tcpi_pacing_rate: 'uint64_t',
  tcpi_max_pacing_rate: 'uint64_t',
  tcpi_bytes_acked: 'uint64_t',
  tcpi_bytes_received: 'uint64_t',
  tcpi_segs_out: 'uint32_t',
  tcpi_segs_in: 'uint32_t',
  tcpi_notsent_bytes: 'uint32_t',
});

/** Names by number, the first name of a number kept: every snapshot names its family and type. */
function namesByNumber(table: Record<string, number>): Map<number, string> {
  const names = new Map<number, string>();
  for (const [name, n] of Object.entries(table)) if (!names.has(n)) names.set(n, name);
  return names;
}

const FAMILY_NAMES = namesByNumber(AF);
const SOCKTYPE_NAMES = namesByNumber(SOCK);

export function familyName(n: number): string {
  return FAMILY_NAMES.get(n) ?? `AF_${n}`;
}

export function socktypeName(n: number): string {
  return SOCKTYPE_NAMES.get(n) ?? `SOCK_${n}`;
}

export interface ParsedSockaddr {
  family: number;
  /** Host byte order; 0 for AF_UNIX. */
  port: number;
  /** Raw address bytes (4 or 16) for IP. */
  ip?: Uint8Array;
  scopeId?: number;
  /** The path for AF_UNIX; an abstract name as @name. */
  path?: string;
}

const ss_family = numberField(sockaddr_storage, 'ss_family');
const sin = { size: koffi.sizeof(sockaddr_in), port: numberField(sockaddr_in, 'sin_port'), addr: bytesField(sockaddr_in, 'sin_addr') };
const sin6 = { port: numberField(sockaddr_in6, 'sin6_port'), addr: bytesField(sockaddr_in6, 'sin6_addr'), scopeId: numberField(sockaddr_in6, 'sin6_scope_id') };
const sunPath = bytesField(sockaddr_un, 'sun_path');

/** Reads a struct sockaddr of `len` bytes (getsockname/getpeername output) by its family. */
export function parseSockaddr(buf: Buffer, len: number): ParsedSockaddr | null {
  if (len < ss_family.end) return null;
  const family = ss_family.read(buf);
  if (family === AF.AF_INET && len >= sin.size) return { family, port: sin.port.read(buf), ip: sin.addr.read(buf) };
  if (family === AF.AF_INET6 && len >= sin6.addr.end) {
    return { family, port: sin6.port.read(buf), ip: sin6.addr.read(buf), scopeId: len >= sin6.scopeId.end ? sin6.scopeId.read(buf) : 0 };
  }
  if (family === AF.AF_UNIX) {
    const raw = sunPath.read(buf).subarray(0, Math.max(0, len - sunPath.offset));
    if (raw.length === 0) return { family, port: 0, path: '' };
    // An abstract address starts with NUL; show it as @name like ss(8) does.
    if (raw[0] === 0) return { family, port: 0, path: '@' + raw.subarray(1).toString('latin1') };
    const nul = raw.indexOf(0);
    return { family, port: 0, path: raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8') };
  }
  return { family, port: 0 };
}

/** Formats as the record does: 127.0.0.1:47801, [::1]:47801, unix:/path. */
export function formatSockaddr(sa: ParsedSockaddr): string {
  if (sa.family === AF.AF_UNIX) return `unix:${sa.path ?? ''}`;
  if (sa.family === AF.AF_INET && sa.ip) return `${sa.ip[0]}.${sa.ip[1]}.${sa.ip[2]}.${sa.ip[3]}:${sa.port}`;
  if (sa.family === AF.AF_INET6 && sa.ip) return `[${formatIPv6(sa.ip)}${sa.scopeId ? `%${sa.scopeId}` : ''}]:${sa.port}`;
  return `${familyName(sa.family)}:?`;
}

/** RFC 5952 text of a 16-byte IPv6 address (longest zero run compressed, v4-mapped kept dotted). */
export function formatIPv6(ip: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((ip[i] << 8) | ip[i + 1]);
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return `::ffff:${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The record's figures, each read at its member's offset in struct tcp_info. */
const tcpiFigures = (Object.keys(TCP_INFO_FIELDS) as TcpInfoFigure[]).map((key) => ({ key, later: 'later' in TCP_INFO_FIELDS[key], field: numberField(tcp_info, TCP_INFO_FIELDS[key].member) }));
const tcpiState = numberField(tcp_info, 'tcpi_state');
/** What a kernel must fill for the record: every figure but the later kernels' ones. */
const TCP_INFO_NEEDED = Math.max(...tcpiFigures.filter((f) => !f.later).map((f) => f.field.end));

/** struct tcp_info as getsockopt(TCP_INFO) wrote `len` bytes of it, the state by name; figures past `len` are left out. */
export function decodeTcpInfo(buf: Buffer, len: number): TcpInfo | null {
  if (len < TCP_INFO_NEEDED) return null;
  const state = tcpiState.read(buf);
  const info: Record<string, number | string> = { state: TCP_STATES[state] ?? String(state) };
  for (const f of tcpiFigures) if (len >= f.field.end) info[f.key] = f.field.read(buf);
  return info as TcpInfo;
}

interface Hostent {
  name: string | null;
  family: number;
  /** Each address's raw bytes (h_length of them). */
  addresses: Uint8Array[];
}

/** The struct hostent at `ptr`, with at most `max` of its addresses. */
export function decodeHostent(ptr: bigint, max: number): Hostent {
  const h: HostentStruct = koffi.decode(ptr, hostent);
  const addresses: Uint8Array[] = [];
  const pointerSize = koffi.sizeof('void *');
  for (let i = 0; i < max && h.h_addr_list !== null; i++) {
    const addr: bigint | null = koffi.decode(h.h_addr_list, i * pointerSize, 'void *');
    if (addr === null) break;
    addresses.push(koffi.decode(addr, 'uint8_t', h.h_length));
  }
  return { name: h.h_name, family: h.h_addrtype, addresses };
}

/**
 * The file a library name really maps to in this process, from /proc/self/maps. Read at once: an
 * asynchronous read would start libuv's four pool threads in an engine that needs none.
 */
export function mappedPath(fragment: RegExp): string | null {
  const maps = readFileSync('/proc/self/maps', 'utf8');
  for (const line of maps.split('\n')) {
    const path = line.slice(line.indexOf('/'));
    if (line.includes('/') && fragment.test(path)) return path.trim();
  }
  return null;
}
