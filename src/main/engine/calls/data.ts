// Moving data: BIO_read and BIO_write through a socket BIO, and `wait`, poll(2) on one socket.
// Data moves change no address or option of a socket: their records recheck only what the kernel changes by itself.
// A step with "bytes", "until" or "file" is a loop of calls instead (bulk.ts).
import type { Pointer } from '../bindings';
import type { Invocation } from '../invoke';
import { bytesView, type Draft } from '../records';
import type { SocketEntry } from '../socket-table';
import { isNonblocking } from '../snapshot';
import type { WaitContext } from '../waits';
import type { CallContext } from './context';
import { bulkCall } from './bulk';
import { bioReadCall, bioWriteCall } from './bio-data';
import { EAGAIN, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT } from '../platform/linux';
import type { StepOf } from '../../../shared/steps';

const BIO_FLAGS_SHOULD_RETRY = 0x08;

/** The socket's BIO, made on first use (without BIO_CLOSE: closing stays BIO_closesocket's job). */
function bioOf(ctx: CallContext, entry: SocketEntry): Pointer {
  entry.bio ??= ctx.b.crypto.BIO_new_socket(entry.fd, 0);
  return entry.bio;
}

export async function readCall(step: StepOf<'BIO_read'>, ctx: CallContext): Promise<Draft> {
  if (typeof step.sock === 'string' && ctx.objects.has(step.sock)) return bioReadCall(step, ctx);
  const { rec } = ctx;
  const entry = ctx.socket(step.sock);
  if (!entry) return rec;
  const max = step.max;
  if (max === undefined) return bulkCall(step, ctx, entry);
  const buf = Buffer.alloc(max);
  const bio = bioOf(ctx, entry);
  const inv = await ctx.waits.whenReady(ctx.on(entry), POLLIN, step.timeoutMs, 'data to read', () => ctx.invoke(() => ctx.b.crypto.BIO_read(bio, buf, max)));
  if (!inv) return rec;
  ctx.apply(inv, inv.ret < 0);
  rec.data = bytesView(buf.subarray(0, Math.max(0, inv.ret)));
  if (inv.ret === 0) rec.warnings.push('BIO_read returned 0: the peer closed its side (end of file)');
  rec.socket = ctx.recheck(entry);
  return rec;
}

export async function writeCall(step: StepOf<'BIO_write'>, ctx: CallContext): Promise<Draft> {
  if (typeof step.sock === 'string' && ctx.objects.has(step.sock)) return bioWriteCall(step, ctx);
  const { rec } = ctx;
  const entry = ctx.socket(step.sock);
  if (!entry) return rec;
  if (step.bytes !== undefined || step.file !== undefined) return bulkCall(step, ctx, entry);
  const data = step.data !== undefined ? Buffer.from(step.data, 'utf8') : Buffer.from((step.dataHex ?? '').replace(/\s+/g, ''), 'hex');
  // The bytes are carried once, in `data`: not again as the text or hex the step gave.
  delete rec.args.data;
  delete rec.args.dataHex;
  rec.data = bytesView(data);
  const bio = bioOf(ctx, entry);
  const write = () => ctx.invoke(() => ctx.b.crypto.BIO_write(bio, data, data.length));
  if (isNonblocking(ctx.b, entry.fd)) {
    const inv = write();
    ctx.apply(inv, inv.ret < 0);
    if (inv.ret < 0 && ctx.b.crypto.BIO_test_flags(bio, BIO_FLAGS_SHOULD_RETRY)) rec.warnings.push('BIO_should_retry: try again when writable');
  } else {
    const wait = ctx.on(entry);
    if (!(await ctx.waits.awaitReady(wait, POLLOUT, step.timeoutMs, 'room in the send buffer'))) return rec;
    // What fits goes now; C would stay blocked for the rest, so the rest is written on a pool
    // thread and the engine keeps answering. The record is C's one BIO_write all the same.
    const first = ctx.waits.withoutBlocking(entry.fd, write);
    if (first.ret === data.length || (first.ret < 0 && first.errno !== EAGAIN)) ctx.apply(first, first.ret < 0);
    else await writeTheRest(ctx, wait, data, first);
  }
  if (rec.ret !== null && rec.ret >= 0 && rec.ret < data.length) {
    rec.result = { unsent: bytesView(data.subarray(rec.ret)), sent: rec.ret };
    rec.warnings.push(`partial write: ${rec.ret} of ${data.length} bytes sent; ${data.length - rec.ret} are kept unsent (result.unsent) to send again`);
  } else if (rec.ret !== null && rec.ret < 0) {
    rec.result = { unsent: bytesView(data), sent: 0 };
  }
  rec.socket = ctx.recheck(entry);
  return rec;
}

/** The rest of a blocking write, on a pool thread; cancelling shuts the socket down to wake it. */
async function writeTheRest(ctx: CallContext, wait: WaitContext, data: Buffer, first: Invocation): Promise<void> {
  const { rec } = ctx;
  const { fd } = wait.entry;
  const sent = Math.max(0, first.ret);
  const out = await ctx.waits.handOff(wait, { kind: 'write', fd, data: data.subarray(sent) }, null);
  if (!out.made) {
    // C's one BIO_write would have returned what went before the cancel; with nothing sent, no call counts.
    if (sent > 0) ctx.apply(first, false);
    else rec.ret = null;
    rec.cancelled = out.queued
      ? `${out.why}: cancelled while the rest of BIO_write was queued for a pool thread, after ${sent} byte(s); the socket stays usable`
      : `${out.why}: shutdown(${fd}, SHUT_RDWR) ended BIO_write after ${sent} byte(s), before its pool thread wrote the rest; the socket is spent`;
    return;
  }
  const rest = out.result;
  // As write(2) on a blocking socket: the bytes sent before an error count; -1 only when none went.
  const total = rest.ret > 0 ? sent + rest.ret : sent;
  if (total > 0) ctx.apply({ ...rest, ret: total, durationUs: first.durationUs + rest.durationUs }, false);
  else ctx.apply(rest, rest.ret < 0);
  if (out.cancelled) rec.cancelled = `${out.cancelled}: shutdown(${fd}, SHUT_RDWR) woke the blocked BIO_write after ${sent} byte(s); the socket is spent`;
}

export async function waitCall(step: StepOf<'wait'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  // A BIO's name waits on the BIO's socket.
  const bio = typeof step.sock === 'string' && ctx.objects.has(step.sock) ? ctx.objects.resolve(rec, step.sock, 'bio') : null;
  const entry = bio ? (bio.sock.fd >= 0 ? bio.sock : null) : ctx.socket(step.sock);
  if (bio && !entry) rec.refused = `BIO "${bio.name}" has no socket yet to wait on`;
  if (!entry) return rec;
  const t0 = process.hrtime.bigint();
  // A wait is its own poll(2), made by the poller thread every time: hosts always see it waiting,
  // and a wait that ends proves the poller is up.
  const r = await ctx.waits.readiness(ctx.on(entry), step.for === 'readable' ? POLLIN : POLLOUT, step.timeoutMs, false);
  rec.durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
  rec.blocked = true;
  if (r.ready || r.timedOut) {
    // poll(2)'s own result for one fd: 1 when ready, 0 when the timeout passed.
    const revents = r.ready ? r.revents : 0;
    rec.ret = r.ready ? 1 : 0;
    rec.result = { revents, reventsText: reventsText(revents) };
  } else {
    rec.cancelled = `${r.why}: the wait ended before poll reported anything`;
    rec.ret = null;
  }
  rec.socket = ctx.recheck(entry);
  return rec;
}

function reventsText(revents: number): string {
  const names: [number, string][] = [[POLLIN, 'POLLIN'], [POLLOUT, 'POLLOUT'], [POLLERR, 'POLLERR'], [POLLHUP, 'POLLHUP'], [POLLNVAL, 'POLLNVAL']];
  return names.filter(([bit]) => revents & bit).map(([, n]) => n).join(' | ') || '0';
}
