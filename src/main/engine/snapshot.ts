// The kernel's view of a socket, read right after a call: addresses, the options really
// applied, TCP state and SO_ERROR (without clearing it).
import koffi from 'koffi';
import type { Bindings } from './bindings';
import type { AppliedOptions, SocketSnapshot, TcpInfo } from '../../shared/record';
import * as L from './platform/linux';

interface KernelView {
  family: number;
  type: number;
  protocol: number;
  listening: boolean;
  local: string | null;
  localPort: number | null;
  peer: string | null;
  applied: AppliedOptions;
  tcpInfo: TcpInfo | null;
  soError: number | 'pending';
  valid: boolean;
}

function getIntOpt(b: Bindings, fd: number, level: number, name: number): number | null {
  const value: [number] = [0];
  if (b.libc.getsockoptInt(fd, level, name, value, [4]) !== 0) return null;
  return value[0];
}

/** Family and type alone (two getsockopt calls), for choosing how to make a call. */
export function socketKind(b: Bindings, fd: number): { family: number; type: number } {
  return { family: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_DOMAIN) ?? 0, type: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_TYPE) ?? 0 };
}

export function isNonblocking(b: Bindings, fd: number): boolean {
  return (b.libc.fcntl(fd, L.F_GETFL) & L.O_NONBLOCK) !== 0;
}

const SOCKADDR_STORAGE_SIZE = koffi.sizeof(L.sockaddr_storage);

function sockaddr(b: Bindings, fd: number, which: 'getsockname' | 'getpeername'): L.ParsedSockaddr | null {
  const buf = Buffer.alloc(SOCKADDR_STORAGE_SIZE);
  const len: [number] = [SOCKADDR_STORAGE_SIZE];
  if (b.libc[which](fd, buf, len) !== 0) return null;
  return L.parseSockaddr(buf, len[0]);
}

const TCP_INFO_SIZE = koffi.sizeof(L.tcp_info);

function tcpInfo(b: Bindings, fd: number): TcpInfo | null {
  const buf = Buffer.alloc(TCP_INFO_SIZE);
  const len: [number] = [TCP_INFO_SIZE];
  const raw = b.libc.getsockopt(fd, L.IPPROTO_TCP, L.TCP_INFO, buf, len) === 0 ? L.decodeTcpInfo(buf, len[0]) : null;
  if (!raw) return null;
  return {
    state: L.TCP_STATES[raw.state] ?? String(raw.state),
    retransmits: raw.retransmits,
    rtoUs: raw.rto,
    rttUs: raw.rtt,
    rttVarUs: raw.rttVar,
    sndMss: raw.sndMss,
    rcvMss: raw.rcvMss,
    unacked: raw.unacked,
    lost: raw.lost,
    sndCwnd: raw.sndCwnd,
    totalRetrans: raw.totalRetrans,
    bytesAcked: raw.bytesAcked,
    bytesReceived: raw.bytesReceived,
    notsentBytes: raw.notsentBytes,
  };
}

/** SO_ERROR without consuming it: poll reports POLLERR exactly when sk_err is set. */
function pendingError(b: Bindings, fd: number): number | 'pending' {
  const pfd: L.PollFd = { fd, events: 0, revents: 0 };
  if (b.libc.poll(pfd, 1, 0) < 0) return 0;
  return (pfd.revents & L.POLLERR) !== 0 ? 'pending' : 0;
}

function readKernelView(b: Bindings, fd: number): KernelView {
  const savedErrno = b.errno();
  try {
    const type = getIntOpt(b, fd, L.SOL_SOCKET, L.SO_TYPE);
    if (type === null) {
      return { family: 0, type: 0, protocol: 0, listening: false, local: null, localPort: null, peer: null, applied: {}, tcpInfo: null, soError: 0, valid: false };
    }
    const family = getIntOpt(b, fd, L.SOL_SOCKET, L.SO_DOMAIN) ?? 0;
    const protocol = getIntOpt(b, fd, L.SOL_SOCKET, L.SO_PROTOCOL) ?? 0;
    const tcp = family !== L.AF.AF_UNIX && type === L.SOCK.SOCK_STREAM;
    const local = sockaddr(b, fd, 'getsockname');
    const peer = sockaddr(b, fd, 'getpeername');
    const applied: AppliedOptions = {
      SO_REUSEADDR: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_REUSEADDR) === 1,
      SO_KEEPALIVE: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_KEEPALIVE) === 1,
      O_NONBLOCK: isNonblocking(b, fd),
    };
    if (tcp) applied.TCP_NODELAY = getIntOpt(b, fd, L.IPPROTO_TCP, L.TCP_NODELAY) === 1;
    if (family === L.AF.AF_INET6) applied.IPV6_V6ONLY = getIntOpt(b, fd, L.IPPROTO_IPV6, L.IPV6_V6ONLY) === 1;
    if (tcp) {
      applied.TCP_FASTOPEN = getIntOpt(b, fd, L.IPPROTO_TCP, L.TCP_FASTOPEN) ?? 0;
      applied.TCP_FASTOPEN_CONNECT = getIntOpt(b, fd, L.IPPROTO_TCP, L.TCP_FASTOPEN_CONNECT) ?? 0;
    }
    return {
      family,
      type,
      protocol,
      listening: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_ACCEPTCONN) === 1,
      local: local ? L.formatSockaddr(local) : null,
      localPort: local && local.family !== L.AF.AF_UNIX ? local.port : null,
      peer: peer ? L.formatSockaddr(peer) : null,
      applied,
      tcpInfo: tcp ? tcpInfo(b, fd) : null,
      soError: pendingError(b, fd),
      valid: true,
    };
  } finally {
    b.errno(savedErrno);
  }
}

type SnapshotBase = Pick<SocketSnapshot, 'fd' | 'name' | 'requested'> & { origin: 'socket' | 'accepted'; connected: boolean };

function roleOf(view: KernelView, base: SnapshotBase): SocketSnapshot['role'] {
  if (!view.valid) return 'closed';
  if (view.type === L.SOCK.SOCK_DGRAM) return 'datagram';
  if (view.listening) return 'listener';
  if (base.origin === 'accepted') return 'accepted';
  if (base.connected || view.peer) return 'client';
  if (view.localPort || (view.local && view.family === L.AF.AF_UNIX && view.local !== 'unix:')) return 'bound';
  return 'new';
}

/** The socket as the kernel sees it right now, with what the engine knows of it. */
export function readSnapshot(b: Bindings, base: SnapshotBase): SocketSnapshot {
  const view = readKernelView(b, base.fd);
  return {
    fd: base.fd,
    name: base.name,
    role: roleOf(view, base),
    family: view.valid ? L.familyName(view.family) : 'closed',
    type: view.valid ? L.socktypeName(view.type) : 'closed',
    local: view.local,
    peer: view.peer,
    state: view.tcpInfo?.state ?? null,
    soError: view.soError,
    applied: view.applied,
    requested: base.requested,
    tcpInfo: view.tcpInfo,
  };
}
