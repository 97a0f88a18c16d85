// Connect and accept BIOs (BIO_s_connect(3), BIO_s_accept(3)). Their set-up macros are BIO_ctrl
// calls: each record keeps the macro as `c` and the BIO_ctrl it stands for under `ctrl`. A
// BIO_do_connect that may block runs on a pool thread; a blocking BIO_do_accept waits for an
// incoming connection first, as BIO_accept_ex does.
import type { Pointer } from '../bindings';
import type { Draft } from '../records';
import { isNonblocking } from '../snapshot';
import { bioFd, type BioEntry } from '../tls-objects';
import { runNativeJob, type NativeJob, type NativeOutcome } from '../native-jobs';
import { withAddress } from './addressing';
import type { CallContext } from './context';
import { AF, POLLIN, SOCK } from '../platform/linux';
import { composeOptions, flagByName } from '../../../shared/flags';
import { BIO_BIND, BIO_CTRL, BIO_FAMILY } from '../../../shared/tls-facts';
import type { StepOf } from '../../../shared/steps';

type CtrlName = keyof typeof BIO_CTRL;
const POINTER_NOTE = 'returns a pointer; ret shows 1 for non-NULL and 0 for NULL';
const RETRY_REASONS: Record<number, string> = { 1: 'BIO_RR_SSL_X509_LOOKUP', 2: 'BIO_RR_CONNECT', 3: 'BIO_RR_ACCEPT' };

/** The BIO a step names, or null with the refusal on the record. */
function bioOf(ctx: CallContext, name: string): BioEntry | null {
  return ctx.objects.resolve(ctx.rec, name, 'bio');
}

/** The record's view of the BIO: type, fd, chain, and its socket as the kernel sees it once it has one. */
export function showBio(ctx: CallContext, entry: BioEntry, outcome?: NativeOutcome): void {
  const { rec } = ctx;
  rec.bio = ctx.objects.bioSnapshot(entry);
  // As C reads them: only after a call that did not succeed (after a success the flags are stale, seen with BIO_do_connect).
  if (outcome?.retryFlags != null && outcome.ret <= 0) {
    const f = outcome.retryFlags;
    rec.bio.retry = { shouldRetry: (f & 0x08) !== 0, read: (f & 0x01) !== 0, write: (f & 0x02) !== 0, ioSpecial: (f & 0x04) !== 0, reason: (f & 0x08) !== 0 ? (RETRY_REASONS[outcome.retryReason ?? 0] ?? null) : null };
    if (rec.bio.retry.shouldRetry) rec.warnings.push(`BIO_should_retry: ${retryText(rec.bio.retry)}; call ${rec.call} again then`);
  }
  if (rec.bio.fd >= 0) rec.socket = ctx.snapshot(entry.sock);
}

function retryText(r: NonNullable<NonNullable<Draft['bio']>['retry']>): string {
  if (r.reason === 'BIO_RR_CONNECT') return 'the connection is still being made (BIO_should_io_special, BIO_RR_CONNECT): wait until the socket is writable';
  if (r.reason === 'BIO_RR_ACCEPT') return 'no connection to accept yet (BIO_should_io_special, BIO_RR_ACCEPT): wait until the socket is readable';
  if (r.read) return 'it waits for data to read (BIO_should_read)';
  if (r.write) return 'it waits for room to write (BIO_should_write)';
  return 'it waits for something special (BIO_should_io_special)';
}

/** One BIO_ctrl behind a macro: the record shows which, and what it returned. */
function ctrl(ctx: CallContext, entry: BioEntry, name: CtrlName, larg: number, parg: string | number | null, make: () => number | bigint, failed: (ret: number) => boolean = (r) => r <= 0): number {
  ctx.rec.ctrl = { cmd: BIO_CTRL[name], name, larg, parg };
  const inv = ctx.invoke(() => Number(make()));
  ctx.apply(inv, failed(inv.ret));
  showBio(ctx, entry);
  return inv.ret;
}

export function newBioCall(step: StepOf<'BIO_new_connect'> | StepOf<'BIO_new_accept'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  if (!ctx.objects.mayAdd(rec, step.as, (n) => ctx.sockets.named(n))) return rec;
  let ptr: Pointer | null = null;
  const make = step.call === 'BIO_new_connect' ? ctx.b.crypto.BIO_new_connect : ctx.b.crypto.BIO_new_accept;
  const inv = ctx.invoke(() => {
    ptr = make(step.addr);
    return ptr === null ? 0 : 1;
  });
  ctx.apply(inv, inv.ret === 0);
  rec.warnings.push(`${step.call} ${POINTER_NOTE}`);
  if (ptr === null) ctx.objects.drop(step.as, `${step.call} for "${step.as}" returned NULL, so there is no BIO named "${step.as}"`);
  else showBio(ctx, ctx.objects.addBio(step.as, ptr, step.call === 'BIO_new_connect' ? 'connect' : 'accept'));
  return rec;
}

type SetterStep = StepOf<'BIO_set_conn_hostname'> | StepOf<'BIO_set_conn_port'> | StepOf<'BIO_set_accept_name'> | StepOf<'BIO_set_accept_port'>;

export function setNameCall(step: SetterStep, ctx: CallContext): Draft {
  const entry = bioOf(ctx, step.bio);
  if (!entry) return ctx.rec;
  const text = 'name' in step ? step.name : step.port;
  const larg = step.call.endsWith('_port') ? 1 : 0;
  const cmd: CtrlName = step.call.startsWith('BIO_set_conn') ? 'BIO_C_SET_CONNECT' : 'BIO_C_SET_ACCEPT';
  ctrl(ctx, entry, cmd, larg, text, () => ctx.b.crypto.BIO_ctrl_str(entry.ptr, BIO_CTRL[cmd], larg, text));
  return ctx.rec;
}

export function setConnAddressCall(step: StepOf<'BIO_set_conn_address'>, ctx: CallContext): Draft {
  const entry = bioOf(ctx, step.bio);
  if (!entry) return ctx.rec;
  // No socket yet to pick a family for: the first candidate, unless addrIndex picks another.
  withAddress(ctx, { ...step, addrIndex: step.addrIndex ?? 0 }, { family: AF.AF_UNSPEC, type: SOCK.SOCK_STREAM }, false, (addr) => {
    ctrl(ctx, entry, 'BIO_C_SET_CONNECT', 2, 'addr', () => ctx.b.crypto.BIO_ctrl(entry.ptr, BIO_CTRL.BIO_C_SET_CONNECT, 2, addr));
  });
  return ctx.rec;
}

export function setFamilyCall(step: StepOf<'BIO_set_conn_ip_family'> | StepOf<'BIO_set_accept_ip_family'>, ctx: CallContext): Draft {
  const entry = bioOf(ctx, step.bio);
  if (!entry) return ctx.rec;
  const family = BIO_FAMILY[step.family];
  const [cmd, larg]: [CtrlName, number] = step.call === 'BIO_set_conn_ip_family' ? ['BIO_C_SET_CONNECT', 3] : ['BIO_C_SET_ACCEPT', 4];
  // BIO_int_ctrl passes &family as parg.
  ctrl(ctx, entry, cmd, larg, family, () => ctx.b.crypto.BIO_int_ctrl(entry.ptr, BIO_CTRL[cmd], larg, family));
  return ctx.rec;
}

export function setModeCall(step: StepOf<'BIO_set_conn_mode'> | StepOf<'BIO_set_bind_mode'>, ctx: CallContext): Draft {
  const entry = bioOf(ctx, step.bio);
  if (!entry) return ctx.rec;
  const mode = step.call === 'BIO_set_conn_mode' ? composeOptions(step.options) : BIO_BIND[step.mode];
  const cmd: CtrlName = step.call === 'BIO_set_conn_mode' ? 'BIO_C_SET_CONNECT_MODE' : 'BIO_C_SET_BIND_MODE';
  if (step.call === 'BIO_set_conn_mode') {
    entry.nbio = (mode & flagByName('BIO_SOCK_NONBLOCK')!.bit) !== 0;
    const tfo = flagByName('BIO_SOCK_TFO')!;
    if (mode & tfo.bit && ctx.versionNumber < tfo.sinceVersion) ctx.rec.warnings.push(`this libcrypto lacks BIO_SOCK_TFO (OpenSSL 3.2 added it): the bit is passed as C would and ignored, so BIO_do_connect connects without TCP Fast Open`);
  }
  ctrl(ctx, entry, cmd, mode, null, () => ctx.b.crypto.BIO_ctrl(entry.ptr, BIO_CTRL[cmd], mode, null));
  return ctx.rec;
}

export function setNbioCall(step: StepOf<'BIO_set_nbio'> | StepOf<'BIO_set_nbio_accept'>, ctx: CallContext): Draft {
  const entry = bioOf(ctx, step.bio);
  if (!entry) return ctx.rec;
  const on = step.on ? 1 : 0;
  if (step.call === 'BIO_set_nbio') ctrl(ctx, entry, 'BIO_C_SET_NBIO', on, null, () => ctx.b.crypto.BIO_ctrl(entry.ptr, BIO_CTRL.BIO_C_SET_NBIO, on, null));
  else ctrl(ctx, entry, 'BIO_C_SET_ACCEPT', 2, step.on ? '"a"' : null, () => ctx.b.crypto.BIO_ctrl_str(entry.ptr, BIO_CTRL.BIO_C_SET_ACCEPT, 2, step.on ? 'a' : null));
  entry.nbio = step.on;
  return ctx.rec;
}

export function getFdCall(step: StepOf<'BIO_get_fd'>, ctx: CallContext): Draft {
  const entry = bioOf(ctx, step.bio);
  if (!entry) return ctx.rec;
  const out = Buffer.alloc(4);
  out.writeInt32LE(-1, 0);
  const ret = ctrl(ctx, entry, 'BIO_C_GET_FD', 0, '&fd', () => ctx.b.crypto.BIO_ctrl(entry.ptr, BIO_CTRL.BIO_C_GET_FD, 0, out), (r) => r < 0);
  if (ret >= 0) ctx.rec.result = { fd: out.readInt32LE(0) };
  return ctx.rec;
}

/**
 * BIO_do_connect: on a pool thread when the BIO blocks (it may wait for the peer), else here.
 * BIO_do_connect_retry always runs on a pool thread: it sleeps between retries even when nonblocking.
 */
export async function doConnectCall(step: StepOf<'BIO_do_connect'> | StepOf<'BIO_do_connect_retry'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const entry = bioOf(ctx, step.bio);
  if (!entry) return rec;
  const retrying = step.call === 'BIO_do_connect_retry';
  if (!retrying) rec.ctrl = { cmd: BIO_CTRL.BIO_C_DO_STATE_MACHINE, name: 'BIO_C_DO_STATE_MACHINE', larg: 0, parg: null };
  const job: NativeJob = retrying ? { kind: 'native', op: 'BIO_do_connect_retry', ptr: entry.ptr, timeout: step.timeout, napMs: step.napMs ?? 0 } : { kind: 'native', op: 'BIO_do_connect', ptr: entry.ptr };
  if (entry.nbio && !retrying) {
    const out = runNativeJob(ctx.b, job);
    ctx.apply(out, out.ret <= 0);
    showBio(ctx, entry, out);
    return rec;
  }
  if (!retrying && step.timeoutMs !== undefined) rec.warnings.push('timeoutMs is not applied to BIO_do_connect; BIO_do_connect_retry takes a timeout, or cancel the step');
  const out = await ctx.waits.handOff(ctx.on(entry.sock), job, 'connect');
  if (!out.made) {
    rec.cancelled = `${out.why}: cancelled before ${step.call} was made${out.queued ? ' (queued for a pool thread)' : ''}; the BIO is unchanged`;
    rec.ret = null;
    rec.blocked = false;
  } else {
    ctx.apply(out.result, out.result.ret <= 0);
    if (out.cancelled) rec.cancelled = `${out.cancelled}: shutdown(SHUT_RDWR) on the BIO's socket woke the blocked ${step.call}; the socket is spent`;
  }
  showBio(ctx, entry, out.made ? (out.result as NativeOutcome) : undefined);
  return rec;
}

/** BIO_do_accept: the first call binds and listens; later ones accept, waiting for a connection when blocking. */
export async function doAcceptCall(step: StepOf<'BIO_do_accept'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const entry = bioOf(ctx, step.bio);
  if (!entry) return rec;
  rec.ctrl = { cmd: BIO_CTRL.BIO_C_DO_STATE_MACHINE, name: 'BIO_C_DO_STATE_MACHINE', larg: 0, parg: null };
  const job: NativeJob = { kind: 'native', op: 'BIO_do_accept', ptr: entry.ptr };
  const listening = bioFd(ctx.b, entry.ptr) >= 0;
  let out: NativeOutcome | null;
  if (!listening || entry.nbio) out = runNativeJob(ctx.b, job);
  else out = (await ctx.waits.whenReady(ctx.on(entry.sock), POLLIN, step.timeoutMs, 'an incoming connection', () => runNativeJob(ctx.b, job))) as NativeOutcome | null;
  if (!out) return rec;
  ctx.apply(out, out.ret <= 0);
  rec.result = { made: listening ? 'accepted a connection (BIO_pop takes it off the chain)' : 'bound and listening (the next BIO_do_accept accepts)' };
  showBio(ctx, entry, out);
  return rec;
}

export function popCall(step: StepOf<'BIO_pop'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const entry = bioOf(ctx, step.bio);
  if (!entry || !ctx.objects.mayAdd(rec, step.as, (n) => ctx.sockets.named(n))) return rec;
  let next: Pointer | null = null;
  const inv = ctx.invoke(() => {
    next = ctx.b.crypto.BIO_pop(entry.ptr);
    return next === null ? 0 : 1;
  });
  ctx.apply(inv, false);
  rec.warnings.push(`BIO_pop ${POINTER_NOTE} (NULL: nothing was chained below it)`);
  if (next === null) {
    ctx.objects.drop(step.as, `BIO_pop for "${step.as}" returned NULL, so there is no BIO named "${step.as}"`);
    return rec;
  }
  const popped = ctx.objects.addBio(step.as, next, 'popped');
  const fd = bioFd(ctx.b, next);
  popped.nbio = fd >= 0 && isNonblocking(ctx.b, fd);
  showBio(ctx, popped);
  return rec;
}

export async function freeBioCall(step: StepOf<'BIO_free'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const entry = bioOf(ctx, step.bio);
  if (!entry) return rec;
  if (entry.ownedBy) {
    rec.refused = `BIO "${entry.name}" belongs to SSL object "${entry.ownedBy}" (SSL_set_bio): SSL_free frees it; a BIO_free as well would free it twice`;
    return rec;
  }
  await ctx.endWaits(entry.sock, `BIO_free(${entry.name}) was called`);
  showBio(ctx, entry);
  releaseBio(ctx, entry, `BIO "${entry.name}" was freed (BIO_free)`);
  const inv = ctx.invoke(() => ctx.b.crypto.BIO_free(entry.ptr));
  ctx.apply(inv, inv.ret === 0);
  rec.bio = { ...rec.bio!, freed: true };
  if (rec.socket) rec.socket = { ...rec.socket, role: 'closed', state: null };
  return rec;
}

/** The BIO is about to be freed (by BIO_free or SSL_free): it leaves the table, its fd is fixed (the pointer dies), hosts are told. */
export function releaseBio(ctx: CallContext, entry: BioEntry, why: string): void {
  const fd = bioFd(ctx.b, entry.ptr);
  Object.defineProperty(entry.sock, 'fd', { value: fd, enumerable: true });
  ctx.objects.drop(entry.name, why);
  if (fd >= 0) {
    ctx.unwatch(entry.sock);
    ctx.forget(entry.sock);
  }
}
