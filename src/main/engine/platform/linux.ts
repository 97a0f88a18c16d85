// Everything Linux-specific (x86_64 and arm64 glibc): option numbers, struct layouts, library
// names, /proc. Another platform gets a sibling module with the same exports.

export const LIBC = 'libc.so.6';
export const DEFAULT_LIBCRYPTO = 'libcrypto.so.3';

export const AF = { AF_UNSPEC: 0, AF_UNIX: 1, AF_INET: 2, AF_INET6: 10 } as const;
export const SOCK = { SOCK_STREAM: 1, SOCK_DGRAM: 2 } as const;
export const IPPROTO = { '0': 0, IPPROTO_TCP: 6, IPPROTO_UDP: 17 } as const;

export const SOL_SOCKET = 1;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_SNDBUF = 7;
export const SO_KEEPALIVE = 9;
export const SO_SNDTIMEO = 21;
export const SO_ACCEPTCONN = 30;
export const SO_PROTOCOL = 38;
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
export const SHUT_RDWR = 2;
export const SIOCOUTQ = 0x5411;

export const POLLIN = 0x001;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;
export const POLLRDHUP = 0x2000;

export const TCP_STATES = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV'];

export const SOCKADDR_STORAGE_SIZE = 128;
export const TCP_INFO_SIZE = 232;

export function familyName(n: number): string {
  return (Object.entries(AF).find(([, v]) => v === n)?.[0] as string) ?? `AF_${n}`;
}

export function socktypeName(n: number): string {
  return (Object.entries(SOCK).find(([, v]) => v === n)?.[0] as string) ?? `SOCK_${n}`;
}

export interface ParsedSockaddr {
  family: number;
  /** Raw address bytes (4 or 16) for IP, the path for AF_UNIX. */
  port: number;
  ip?: Buffer;
  scopeId?: number;
  path?: string;
}

/** Reads a struct sockaddr of `len` bytes (getsockname/getpeername/accept output). */
export function parseSockaddr(buf: Buffer, len: number): ParsedSockaddr | null {
  if (len < 2) return null;
  const family = buf.readUInt16LE(0);
  if (family === AF.AF_INET && len >= 8) return { family, port: buf.readUInt16BE(2), ip: buf.subarray(4, 8) };
  if (family === AF.AF_INET6 && len >= 24) return { family, port: buf.readUInt16BE(2), ip: buf.subarray(8, 24), scopeId: len >= 28 ? buf.readUInt32LE(24) : 0 };
  if (family === AF.AF_UNIX) {
    const raw = buf.subarray(2, len);
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
  if (sa.family === AF.AF_INET && sa.ip) return `${Array.from(sa.ip).join('.')}:${sa.port}`;
  if (sa.family === AF.AF_INET6 && sa.ip) return `[${formatIPv6(sa.ip)}${sa.scopeId ? `%${sa.scopeId}` : ''}]:${sa.port}`;
  return `${familyName(sa.family)}:?`;
}

/** RFC 5952 text of a 16-byte IPv6 address (longest zero run compressed, v4-mapped kept dotted). */
export function formatIPv6(ip: Buffer): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(ip.readUInt16BE(i));
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return `::ffff:${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export interface TcpInfoRaw {
  state: number;
  retransmits: number;
  rto: number;
  sndMss: number;
  rcvMss: number;
  unacked: number;
  lost: number;
  rtt: number;
  rttVar: number;
  sndCwnd: number;
  totalRetrans: number;
  bytesAcked?: number;
  bytesReceived?: number;
  notsentBytes?: number;
}

/** struct tcp_info from <linux/tcp.h>; fields past `len` were not filled by this kernel. */
export function parseTcpInfo(buf: Buffer, len: number): TcpInfoRaw | null {
  if (len < 104) return null;
  const info: TcpInfoRaw = {
    state: buf.readUInt8(0),
    retransmits: buf.readUInt8(2),
    rto: buf.readUInt32LE(8),
    sndMss: buf.readUInt32LE(16),
    rcvMss: buf.readUInt32LE(20),
    unacked: buf.readUInt32LE(24),
    lost: buf.readUInt32LE(32),
    rtt: buf.readUInt32LE(68),
    rttVar: buf.readUInt32LE(72),
    sndCwnd: buf.readUInt32LE(80),
    totalRetrans: buf.readUInt32LE(100),
  };
  if (len >= 136) {
    info.bytesAcked = Number(buf.readBigUInt64LE(120));
    info.bytesReceived = Number(buf.readBigUInt64LE(128));
  }
  if (len >= 148) info.notsentBytes = buf.readUInt32LE(144);
  return info;
}

/** The file a library name really maps to in this process, from /proc/self/maps. */
export async function mappedPath(fragment: RegExp): Promise<string | null> {
  const { readFile } = await import('node:fs/promises');
  const maps = await readFile('/proc/self/maps', 'utf8');
  for (const line of maps.split('\n')) {
    const path = line.slice(line.indexOf('/'));
    if (line.includes('/') && fragment.test(path)) return path.trim();
  }
  return null;
}

export async function openFdCount(pid: number | 'self' = 'self'): Promise<number> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(`/proc/${pid}/fd`)).length;
}
