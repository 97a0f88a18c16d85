// The socket setup calls of BIO_connect(3): BIO_socket, BIO_bind, BIO_listen, BIO_connect,
// BIO_accept_ex, BIO_closesocket and BIO_sock_error, plus libc's listen(2) and shutdown(2).
import { describeAddr } from '../lookup';
import type { Invocation } from '../invoke';
import { setSendTimeout, type PoolJob } from '../pool-jobs';
import type { Draft } from '../records';
import { SocketTable, type SocketEntry } from '../socket-table';
import { socketKind } from '../snapshot';
import { errnoInfo } from '../error-queue';
import { hasFlag, noteRequested, optionWarnings, withAddress } from './addressing';
import type { CallContext } from './context';
import { AF, IPPROTO, POLLIN, SHUT, SOCK } from '../platform/linux';
import { refusals } from '../../../shared/refusals';
import { composeOptions } from '../../../shared/flags';
import type { StepOf } from '../../../shared/steps';

export function socketCall(step: StepOf<'BIO_socket'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  if (!ctx.sockets.mayAdd(rec, step.as)) return rec;
  const options = composeOptions(step.options);
  if (options !== 0) rec.warnings.push('BIO_socket ignores its options ("currently unused" per the manual); they are passed through as C would');
  rec.warnings.push(...optionWarnings(ctx, 'BIO_socket', options).filter((w) => !w.includes('BIO_socket ignores')));
  const protocol = IPPROTO[step.protocol === undefined || step.protocol === 0 ? '0' : step.protocol];
  const inv = ctx.invoke(() => ctx.b.crypto.BIO_socket(AF[step.domain], SOCK[step.socktype], protocol, options));
  ctx.apply(inv, inv.ret < 0);
  // A socket is of the family and type it was made with: known without asking the kernel.
  const kind = { family: AF[step.domain], type: SOCK[step.socktype] };
  if (inv.ret >= 0) rec.socket = ctx.snapshot(ctx.sockets.adopt(inv.ret, step.as ?? null, 'socket', kind));
  else if (step.as) ctx.sockets.nameFailed(step.as, refusals.failedName('BIO_socket', step.as, inv.ret));
  return rec;
}

export function bindOrListenCall(step: StepOf<'BIO_bind'> | StepOf<'BIO_listen'>, ctx: CallContext): Draft {
  const entry = ctx.socket(step.sock);
  if (!entry) return ctx.rec;
  const options = composeOptions(step.options);
  const kind = socketKind(ctx.b, entry.fd);
  ctx.rec.warnings.push(...optionWarnings(ctx, step.call, options, kind));
  const call = step.call === 'BIO_bind' ? ctx.b.crypto.BIO_bind : ctx.b.crypto.BIO_listen;
  const made = withAddress(ctx, step, kind, true, (addr, family) => {
    const inv = ctx.invoke(() => call(entry.fd, addr, options));
    ctx.apply(inv, inv.ret === 0);
    noteRequested(entry, step.call, options, family, kind.type);
  });
  if (made) ctx.rec.socket = ctx.snapshot(entry);
  return ctx.rec;
}

export async function connectCall(step: StepOf<'BIO_connect'>, ctx: CallContext): Promise<Draft> {
  const entry = ctx.socket(step.sock);
  if (!entry) return ctx.rec;
  const options = composeOptions(step.options);
  const kind = socketKind(ctx.b, entry.fd);
  ctx.rec.warnings.push(...optionWarnings(ctx, 'BIO_connect', options, kind));
  // BIO_connect sets blocking mode from its own options, so the options say whether it can block.
  const mayBlock = !hasFlag(options, 'BIO_SOCK_NONBLOCK') && kind.type === SOCK.SOCK_STREAM;
  const blocking: { job?: PoolJob; family?: number } = {};
  const made = withAddress(ctx, step, kind, false, (addr, family) => {
    if (mayBlock) {
      const { raw, port } = describeAddr(ctx.b, addr);
      blocking.job = { kind: 'connect', fd: entry.fd, family, raw, port, options, timeoutMs: step.timeoutMs };
      blocking.family = family;
      return;
    }
    entry.connected = true;
    noteRequested(entry, 'BIO_connect', options, family, kind.type);
    if (step.timeoutMs !== undefined) setSendTimeout(ctx.b, entry.fd, step.timeoutMs);
    const inv = ctx.invoke(() => ctx.b.crypto.BIO_connect(entry.fd, addr, options));
    ctx.apply(inv, inv.ret === 0);
  });
  if (blocking.job) {
    const connecting = () => {
      entry.connected = true;
      noteRequested(entry, 'BIO_connect', options, blocking.family!, kind.type);
    };
    return blockingConnect(step, ctx, entry, blocking.job, connecting);
  }
  if (made) ctx.rec.socket = ctx.snapshot(entry);
  return ctx.rec;
}

/**
 * A connect that may block goes to a pool thread; cancelling it wakes it by shutdown, as in C.
 * The socket counts as connecting (`connecting`) only once a thread makes the call.
 */
async function blockingConnect(step: StepOf<'BIO_connect'>, ctx: CallContext, entry: SocketEntry, job: PoolJob, connecting: () => void): Promise<Draft> {
  const { rec } = ctx;
  const before = { connected: entry.connected, requested: { ...entry.requested } };
  const out = await ctx.waits.handOff(ctx.on(entry), job, 'connect', connecting);
  if (!out.made) {
    // Dropped before BIO_connect was made: the socket is what it was.
    entry.connected = before.connected;
    entry.requested = before.requested;
    rec.cancelled = out.queued
      ? `${out.why}: cancelled while queued for a pool thread, before BIO_connect was made`
      : `${out.why}: cancelled before BIO_connect was made; the socket is unchanged`;
    rec.ret = null;
    rec.blocked = false;
  } else {
    ctx.apply(out.result, out.result.ret === 0);
    if (out.cancelled) rec.cancelled = `${out.cancelled}: shutdown(${entry.fd}, SHUT_RDWR) woke the blocked BIO_connect; the socket is spent`;
    else if (step.timeoutMs !== undefined && out.result.ret === 0 && rec.errno?.name === 'EINPROGRESS') {
      rec.cancelled = `timed out after ${step.timeoutMs} ms (SO_SNDTIMEO); the connect goes on in the kernel`;
    }
    if (step.timeoutMs !== undefined) rec.warnings.push(`timeoutMs set SO_SNDTIMEO to ${step.timeoutMs} ms on the socket before BIO_connect`);
  }
  rec.socket = ctx.snapshot(entry);
  return rec;
}

interface AcceptStep {
  call: 'BIO_accept_ex' | 'BIO_accept';
  sock: string | number;
  as?: string;
  timeoutMs?: number;
}

/**
 * Accepts on a listener (waiting for a connection when it blocks) and adopts the new socket.
 * `accept` makes the call on the listener's fd; `peer` says who connected, after a success.
 */
export async function acceptOn(step: AcceptStep, ctx: CallContext, options: number, accept: (fd: number) => Invocation, peer: () => string | null): Promise<Draft> {
  const { rec } = ctx;
  const listener = ctx.socket(step.sock);
  if (!listener || !ctx.sockets.mayAdd(rec, step.as)) return rec;
  if (step.call === 'BIO_accept_ex') rec.warnings.push(...optionWarnings(ctx, 'BIO_accept_ex', options));
  const inv = await ctx.waits.whenReady(ctx.on(listener), POLLIN, step.timeoutMs, 'an incoming connection', () => accept(listener.fd));
  if (!inv) return rec;
  ctx.apply(inv, inv.ret < 0);
  if (inv.ret < 0) {
    if (step.as) ctx.sockets.nameFailed(step.as, refusals.failedName(step.call, step.as, inv.ret));
    rec.socket = ctx.recheck(listener);
    return rec;
  }
  const peerText = peer();
  if (peerText !== null) rec.result = { peer: peerText };
  // An accepted socket has its listener's family and type.
  const accepted = ctx.sockets.adopt(inv.ret, step.as ?? null, 'accepted', listener.kind);
  accepted.requested.O_NONBLOCK = hasFlag(options, 'BIO_SOCK_NONBLOCK');
  rec.socket = { ...ctx.snapshot(accepted), listener: ctx.recheck(listener) };
  return rec;
}

export async function acceptExCall(step: StepOf<'BIO_accept_ex'>, ctx: CallContext): Promise<Draft> {
  const options = composeOptions(step.options);
  const peer = ctx.b.crypto.BIO_ADDR_new()!;
  try {
    return await acceptOn(step, ctx, options, (fd) => ctx.invoke(() => ctx.b.crypto.BIO_accept_ex(fd, peer, options)), () => describeAddr(ctx.b, peer).text);
  } finally {
    ctx.b.crypto.BIO_ADDR_free(peer);
  }
}

export async function closeCall(step: StepOf<'BIO_closesocket'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const entry = ctx.socket(step.sock);
  if (!entry) return rec;
  // End what still waits on this fd first: after close the number can name another socket.
  await ctx.endWaits(entry, `BIO_closesocket(${SocketTable.label(entry)}) was called`);
  if (entry.bio) {
    ctx.b.crypto.BIO_free(entry.bio);
    entry.bio = null;
  }
  const before = ctx.recheck(entry);
  ctx.unwatch(entry);
  const inv = ctx.invoke(() => ctx.b.crypto.BIO_closesocket(entry.fd));
  ctx.apply(inv, inv.ret === 0);
  ctx.forget(entry);
  rec.socket = { ...before, role: 'closed', state: null };
  return rec;
}

export function sockErrorCall(step: StepOf<'BIO_sock_error'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const entry = ctx.socket(step.sock);
  if (!entry) return rec;
  const inv = ctx.invoke(() => ctx.b.crypto.BIO_sock_error(entry.fd));
  ctx.apply(inv, false);
  if (inv.ret > 0) rec.result = { soError: errnoInfo(ctx.b, inv.ret) };
  // BIO_sock_error read (and so cleared) SO_ERROR: show what it read, not what is left.
  rec.socket = { ...ctx.recheck(entry), soError: inv.ret };
  return rec;
}

export function rawListenCall(step: StepOf<'listen'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const entry = ctx.socket(step.sock);
  if (!entry) return rec;
  rec.warnings.push('listen(2) is libc, not libcrypto: it is here to choose a backlog, which BIO_listen does not offer');
  const inv = ctx.invoke(() => ctx.b.libc.listen(entry.fd, step.backlog));
  ctx.apply(inv, inv.ret !== 0);
  rec.socket = ctx.snapshot(entry);
  return rec;
}

export function shutdownCall(step: StepOf<'shutdown'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const entry = ctx.socket(step.sock);
  if (!entry) return rec;
  const inv = ctx.invoke(() => ctx.b.libc.shutdown(entry.fd, SHUT[step.how]));
  ctx.apply(inv, inv.ret !== 0);
  rec.socket = ctx.snapshot(entry);
  return rec;
}
