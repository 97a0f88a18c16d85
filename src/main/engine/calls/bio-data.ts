// BIO_read and BIO_write on a connect, accept or popped BIO: a step's `sock` may name a BIO as it
// names a socket. Blocking, the call waits for readiness first (as on a socket) and is then made
// without blocking the engine; BIO_should_retry is shown after a nonblocking one.
import { bytesView, type Draft } from '../records';
import { bioFd, type BioEntry } from '../tls-objects';
import { invoke } from '../invoke';
import { showBio } from './bio';
import type { CallContext } from './context';
import { POLLIN, POLLOUT } from '../platform/linux';
import type { StepOf } from '../../../shared/steps';

const BIO_FLAGS_RWS_RETRY = 0x0f;

/** The BIO's retry flags, read right after the call on this thread. */
function made(ctx: CallContext, entry: BioEntry, call: () => number) {
  const flags = { retryFlags: 0, retryReason: 0 };
  const inv = invoke(ctx.b, call, () => {
    flags.retryFlags = ctx.b.crypto.BIO_test_flags(entry.ptr, BIO_FLAGS_RWS_RETRY);
    flags.retryReason = ctx.b.crypto.BIO_get_retry_reason(entry.ptr);
  });
  return { ...inv, ...flags, sslError: null };
}

/** Whether a call on the BIO can be made here: refused when it would first connect a blocking BIO. */
function ready(ctx: CallContext, entry: BioEntry): boolean {
  if (bioFd(ctx.b, entry.ptr) >= 0 || entry.nbio) return true;
  ctx.rec.refused = `BIO "${entry.name}" has no socket yet and blocks: a read or write would connect it first; call BIO_do_connect before`;
  return false;
}

export async function bioReadCall(step: StepOf<'BIO_read'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const entry = ctx.objects.resolve(rec, step.sock as string, 'bio');
  if (!entry || !ready(ctx, entry)) return rec;
  if (step.max === undefined) {
    rec.refused = 'a BIO_read loop (bytes or until) runs on sockets only, not yet on a BIO; give max for one BIO_read';
    return rec;
  }
  rec.c = `BIO_read(${entry.name}, buf, ${step.max})`;
  const buf = Buffer.alloc(step.max);
  const call = () => made(ctx, entry, () => ctx.b.crypto.BIO_read(entry.ptr, buf, buf.length));
  const out = entry.nbio ? call() : await ctx.waits.whenReady(ctx.on(entry.sock), POLLIN, step.timeoutMs, 'data to read', call);
  if (!out) return rec;
  ctx.apply(out, out.ret < 0);
  rec.data = bytesView(buf.subarray(0, Math.max(0, out.ret)));
  if (out.ret === 0) rec.warnings.push('BIO_read returned 0: the peer closed its side (end of file)');
  showBio(ctx, entry, 'retryFlags' in out ? (out as ReturnType<typeof made>) : undefined);
  return rec;
}

export async function bioWriteCall(step: StepOf<'BIO_write'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const entry = ctx.objects.resolve(rec, step.sock as string, 'bio');
  if (!entry || !ready(ctx, entry)) return rec;
  if (step.bytes !== undefined || step.file !== undefined) {
    rec.refused = 'a BIO_write loop (bytes or file) runs on sockets only, not yet on a BIO; give data or dataHex for one BIO_write';
    return rec;
  }
  const data = step.data !== undefined ? Buffer.from(step.data, 'utf8') : Buffer.from((step.dataHex ?? '').replace(/\s+/g, ''), 'hex');
  delete rec.args.data;
  delete rec.args.dataHex;
  rec.data = bytesView(data);
  rec.c = `BIO_write(${entry.name}, data, ${data.length})`;
  const call = () => made(ctx, entry, () => ctx.b.crypto.BIO_write(entry.ptr, data, data.length));
  const out = entry.nbio ? call() : await ctx.waits.whenReady(ctx.on(entry.sock), POLLOUT, step.timeoutMs, 'room in the send buffer', call);
  if (!out) return rec;
  ctx.apply(out, out.ret < 0);
  if (out.ret >= 0 && out.ret < data.length) rec.warnings.push(`partial write: ${out.ret} of ${data.length} bytes sent`);
  showBio(ctx, entry, 'retryFlags' in out ? (out as ReturnType<typeof made>) : undefined);
  return rec;
}
