// The kernel's view of a socket: addresses, the options really applied, TCP state and SO_ERROR
// (without clearing it). Read in full after a call that can change the socket; between calls only
// what the kernel can change by itself is read again, since every read is a system call.
import koffi from 'koffi';
import { socklen, type Bindings } from './bindings';
import type { AppliedOptions, SocketSnapshot, TcpInfo } from '../../shared/record';
import * as L from './platform/linux';
import { numberField } from './struct-fields';

/** Family and type: fixed for a socket's life, so read (or known from the call that made it) once. */
export interface SocketKind {
  family: number;
  type: number;
}

/** What the kernel said of a socket at one read; the engine keeps the last one per socket. */
export interface KernelView {
  kind: SocketKind;
  listening: boolean;
  local: string | null;
  localPort: number | null;
  peer: string | null;
  applied: AppliedOptions;
  tcpInfo: TcpInfo | null;
  soError: number | 'pending';
  valid: boolean;
}

const INVALID: KernelView = { kind: { family: 0, type: 0 }, listening: false, local: null, localPort: null, peer: null, applied: {}, tcpInfo: null, soError: 0, valid: false };

// Buffers reused by every read: each read is synchronous on this thread.
const intValue = Buffer.alloc(4);
const length = socklen(0);

function getIntOpt(b: Bindings, fd: number, level: number, name: number): number | null {
  length.writeUInt32LE(4, 0);
  if (b.libc.getsockoptInt(fd, level, name, intValue, length) !== 0) return null;
  return intValue.readInt32LE(0);
}

/** Family and type alone (two getsockopt calls), for choosing how to make a call. */
export function socketKind(b: Bindings, fd: number): SocketKind {
  return { family: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_DOMAIN) ?? 0, type: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_TYPE) ?? 0 };
}

export function isNonblocking(b: Bindings, fd: number): boolean {
  return (b.libc.fcntl(fd, L.F_GETFL) & L.O_NONBLOCK) !== 0;
}

const SOCKADDR_STORAGE_SIZE = koffi.sizeof(L.sockaddr_storage);
const addrBuffer = Buffer.alloc(SOCKADDR_STORAGE_SIZE);

function sockaddr(b: Bindings, fd: number, which: 'getsockname' | 'getpeername'): L.ParsedSockaddr | null {
  length.writeUInt32LE(SOCKADDR_STORAGE_SIZE, 0);
  if (b.libc[which](fd, addrBuffer, length) !== 0) return null;
  return L.parseSockaddr(addrBuffer, length.readUInt32LE(0));
}

const TCP_INFO_SIZE = koffi.sizeof(L.tcp_info);
const tcpInfoBuffer = Buffer.alloc(TCP_INFO_SIZE);

function tcpInfo(b: Bindings, fd: number): TcpInfo | null {
  length.writeUInt32LE(TCP_INFO_SIZE, 0);
  return b.libc.getsockopt(fd, L.IPPROTO_TCP, L.TCP_INFO, tcpInfoBuffer, length) === 0 ? L.decodeTcpInfo(tcpInfoBuffer, length.readUInt32LE(0)) : null;
}

// One struct pollfd laid out by koffi, filled in place: marshalling a JS object costs more than the poll.
const pollEntry = Buffer.alloc(koffi.sizeof(L.pollfd));
const pollFd = numberField(L.pollfd, 'fd');
const pollRevents = numberField(L.pollfd, 'revents');

/** SO_ERROR without consuming it (poll reports POLLERR exactly when sk_err is set); null for a closed fd. */
function pendingError(b: Bindings, fd: number): number | 'pending' | null {
  pollEntry.fill(0);
  pollFd.write(pollEntry, fd);
  if (b.libc.pollBuffer(pollEntry, 1, 0) < 0) return 0;
  const revents = pollRevents.read(pollEntry);
  if (revents & L.POLLNVAL) return null;
  return (revents & L.POLLERR) !== 0 ? 'pending' : 0;
}

const isTcp = (kind: SocketKind) => kind.family !== L.AF.AF_UNIX && kind.type === L.SOCK.SOCK_STREAM;

/**
 * TCP states in which getpeername fails with ENOTCONN (Linux's inet_getname: no peer port, or
 * CLOSE or SYN_SENT), so a TCP socket's peer is read only outside them.
 */
const NO_PEER_STATES = new Set(['CLOSE', 'SYN_SENT', 'LISTEN']);

/** Keeps errno as the call left it: reading the kernel's view must not change what C would see. */
function keepingErrno<T>(b: Bindings, read: () => T): T {
  const savedErrno = b.errno();
  try {
    return read();
  } finally {
    b.errno(savedErrno);
  }
}

/**
 * Everything, after a call that may have changed the socket. For TCP, TCP_INFO's state says
 * whether it listens (LISTEN, as SO_ACCEPTCONN would) and whether it can have a peer.
 */
export function readKernelView(b: Bindings, fd: number, known: SocketKind | null): KernelView {
  return keepingErrno(b, () => {
    const kind = known ?? socketKind(b, fd);
    const local = sockaddr(b, fd, 'getsockname');
    if (!local && getIntOpt(b, fd, L.SOL_SOCKET, L.SO_TYPE) === null) return INVALID;
    const tcp = isTcp(kind);
    const info = tcp ? tcpInfo(b, fd) : null;
    const canHavePeer = !tcp || info === null || !NO_PEER_STATES.has(info.state);
    const peer = canHavePeer ? sockaddr(b, fd, 'getpeername') : null;
    const applied: AppliedOptions = {
      SO_REUSEADDR: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_REUSEADDR) === 1,
      SO_KEEPALIVE: getIntOpt(b, fd, L.SOL_SOCKET, L.SO_KEEPALIVE) === 1,
      O_NONBLOCK: isNonblocking(b, fd),
    };
    if (tcp) applied.TCP_NODELAY = getIntOpt(b, fd, L.IPPROTO_TCP, L.TCP_NODELAY) === 1;
    if (kind.family === L.AF.AF_INET6) applied.IPV6_V6ONLY = getIntOpt(b, fd, L.IPPROTO_IPV6, L.IPV6_V6ONLY) === 1;
    if (tcp) {
      applied.TCP_FASTOPEN = getIntOpt(b, fd, L.IPPROTO_TCP, L.TCP_FASTOPEN) ?? 0;
      applied.TCP_FASTOPEN_CONNECT = getIntOpt(b, fd, L.IPPROTO_TCP, L.TCP_FASTOPEN_CONNECT) ?? 0;
    }
    const listening = info ? info.state === 'LISTEN' : getIntOpt(b, fd, L.SOL_SOCKET, L.SO_ACCEPTCONN) === 1;
    return {
      kind,
      listening,
      local: local ? L.formatSockaddr(local) : null,
      localPort: local && local.family !== L.AF.AF_UNIX ? local.port : null,
      peer: peer ? L.formatSockaddr(peer) : null,
      applied,
      tcpInfo: info,
      soError: pendingError(b, fd) ?? 0,
      valid: true,
    };
  });
}

/**
 * What the kernel can have changed by itself since `last` was read: nothing for a socket that is
 * neither connected nor listening; TCP_INFO and SO_ERROR for TCP (all of it again when the state
 * moved, as addresses follow the state); addresses and SO_ERROR for the others.
 */
export function recheckKernelView(b: Bindings, fd: number, last: KernelView, base: SnapshotBase): KernelView {
  const role = roleOf(last, base);
  if (role === 'new' || role === 'bound' || role === 'closed') return last;
  return keepingErrno(b, () => {
    if (isTcp(last.kind)) {
      const info = tcpInfo(b, fd);
      if (!info || info.state !== last.tcpInfo?.state) return readKernelView(b, fd, last.kind);
      const soError = pendingError(b, fd);
      return soError === null ? INVALID : { ...last, tcpInfo: info, soError };
    }
    const soError = pendingError(b, fd);
    if (soError === null) return INVALID;
    const local = sockaddr(b, fd, 'getsockname');
    const peer = sockaddr(b, fd, 'getpeername');
    return { ...last, local: local ? L.formatSockaddr(local) : null, localPort: local && local.family !== L.AF.AF_UNIX ? local.port : null, peer: peer ? L.formatSockaddr(peer) : null, soError };
  });
}

export type SnapshotBase = Pick<SocketSnapshot, 'fd' | 'name' | 'requested'> & { origin: 'socket' | 'accepted'; connected: boolean };

function roleOf(view: KernelView, base: SnapshotBase): SocketSnapshot['role'] {
  if (!view.valid) return 'closed';
  if (view.kind.type === L.SOCK.SOCK_DGRAM) return 'datagram';
  if (view.listening) return 'listener';
  if (base.origin === 'accepted') return 'accepted';
  if (base.connected || view.peer) return 'client';
  if (view.localPort || (view.local && view.kind.family === L.AF.AF_UNIX && view.local !== 'unix:')) return 'bound';
  return 'new';
}

/** The socket as `view` shows it, with what the engine knows of it. */
export function snapshotOf(view: KernelView, base: SnapshotBase): SocketSnapshot {
  return {
    fd: base.fd,
    name: base.name,
    role: roleOf(view, base),
    family: view.valid ? L.familyName(view.kind.family) : 'closed',
    type: view.valid ? L.socktypeName(view.kind.type) : 'closed',
    local: view.local,
    peer: view.peer,
    state: view.tcpInfo?.state ?? null,
    soError: view.soError,
    applied: { ...view.applied },
    requested: { ...base.requested },
    tcpInfo: view.tcpInfo,
  };
}
