// TLS through libssl of the same OpenSSL build: a context, an SSL object over a workbench socket
// (SSL_set_fd) or BIO (SSL_set_bio), and the handshake, reads, writes and shutdown. A call on a
// blocking socket runs on a pool thread (a handshake waits for the peer, maybe more than once);
// on a nonblocking one it runs here and SSL_get_error's WANT_READ / WANT_WRITE is its progress.
import type { Libssl, Pointer } from '../bindings';
import { bytesView, type Draft } from '../records';
import { isNonblocking } from '../snapshot';
import type { SocketEntry } from '../socket-table';
import { bioFd, type SslEntry } from '../tls-objects';
import { runNativeJob, type NativeJob, type NativeOp, type NativeOutcome } from '../native-jobs';
import { readTls } from '../tls-view';
import { releaseBio } from './bio';
import type { CallContext } from './context';
import { mappedPath } from '../platform/linux';
import { SSL_VERIFY, TLS_VERSION } from '../../../shared/tls-facts';
import { pemPath } from '../demo-files';
import { alpnWire } from '../../../shared/tls-c-expression';
import type { StepOf } from '../../../shared/steps';

const SSL_FILETYPE_PEM = 1;
const SSL_CTRL_SET_TLSEXT_HOSTNAME = 55;
const TLSEXT_NAMETYPE_host_name = 0;
const SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
const SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
const POINTER_NOTE = 'returns a pointer; ret shows 1 for non-NULL and 0 for NULL';

/** libssl, or null with the refusal on the record when it cannot be loaded. */
function libssl(ctx: CallContext): Libssl | null {
  try {
    return ctx.b.ssl();
  } catch (e) {
    ctx.rec.refused = (e as Error).message;
    return null;
  }
}

interface SetupCall {
  c: string;
  make: () => number;
  ok: (ret: number) => boolean;
}

/** The calls that configure a context, in the order C code makes them. */
function contextSetup(step: StepOf<'SSL_CTX_new'>, ssl: Libssl, ptr: Pointer): SetupCall[] {
  const calls: SetupCall[] = [];
  const one = (r: number) => r === 1;
  if (step.verify) calls.push({ c: `SSL_CTX_set_verify(${step.as}, ${step.verify}, NULL)`, make: () => (ssl.SSL_CTX_set_verify(ptr, SSL_VERIFY[step.verify!], null), 1), ok: () => true });
  if (step.caFile) {
    const ca = pemPath(step.caFile, 'demo-cert.pem');
    calls.push({ c: `SSL_CTX_load_verify_locations(${step.as}, "${ca}", NULL)`, make: () => ssl.SSL_CTX_load_verify_locations(ptr, ca, null), ok: one });
  }
  if (step.certFile && step.keyFile) {
    const cert = pemPath(step.certFile, 'demo-cert.pem');
    const key = pemPath(step.keyFile, 'demo-key.pem');
    calls.push({ c: `SSL_CTX_use_certificate_chain_file(${step.as}, "${cert}")`, make: () => ssl.SSL_CTX_use_certificate_chain_file(ptr, cert), ok: one });
    calls.push({ c: `SSL_CTX_use_PrivateKey_file(${step.as}, "${key}", SSL_FILETYPE_PEM)`, make: () => ssl.SSL_CTX_use_PrivateKey_file(ptr, key, SSL_FILETYPE_PEM), ok: one });
  }
  for (const [field, cmd, name] of [['minVersion', SSL_CTRL_SET_MIN_PROTO_VERSION, 'min'], ['maxVersion', SSL_CTRL_SET_MAX_PROTO_VERSION, 'max']] as const) {
    const v = step[field];
    if (v) calls.push({ c: `SSL_CTX_set_${name}_proto_version(${step.as}, ${v})`, make: () => Number(ssl.SSL_CTX_ctrl(ptr, cmd, TLS_VERSION[v], null)), ok: one });
  }
  if (step.alpn) {
    const wire = Buffer.from(alpnWire(step.alpn));
    // SSL_CTX_set_alpn_protos returns 0 on success, unlike the rest of libssl.
    calls.push({ c: `SSL_CTX_set_alpn_protos(${step.as}, alpn, ${wire.length})`, make: () => ssl.SSL_CTX_set_alpn_protos(ptr, wire, wire.length), ok: (r) => r === 0 });
  }
  return calls;
}

/** SSL_CTX_new and the calls that configure it: the record's ret is the first failing call's, else 1. */
export async function ctxNewCall(step: StepOf<'SSL_CTX_new'>, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const ssl = libssl(ctx);
  if (!ssl || !ctx.objects.mayAdd(rec, step.as, (n) => ctx.sockets.named(n))) return rec;
  let ptr: Pointer | null = null;
  const made = ctx.invoke(() => {
    ptr = ssl.SSL_CTX_new(step.method === 'TLS_server_method' ? ssl.TLS_server_method() : ssl.TLS_client_method());
    return ptr === null ? 0 : 1;
  });
  ctx.apply(made, made.ret === 0);
  rec.warnings.push(`SSL_CTX_new ${POINTER_NOTE}`);
  if (ptr === null) return failedName(ctx, step.as, 'SSL_CTX_new returned NULL');
  const calls: { c: string; ret: number }[] = [{ c: `${step.as} = SSL_CTX_new(${step.method}())`, ret: 1 }];
  let setup: SetupCall[];
  try {
    setup = contextSetup(step, ssl, ptr);
  } catch (e) {
    ssl.SSL_CTX_free(ptr);
    rec.refused = (e as Error).message;
    rec.ret = null;
    return rec;
  }
  for (const call of setup) {
    const inv = ctx.invoke(call.make);
    calls.push({ c: call.c, ret: inv.ret });
    if (call.ok(inv.ret)) continue;
    ctx.apply(inv, inv.errno !== 0);
    rec.result = { calls, failed: call.c };
    ssl.SSL_CTX_free(ptr);
    return failedName(ctx, step.as, `${call.c} failed (ret ${inv.ret})`);
  }
  // The libssl file really mapped, to show it is the one beside the libcrypto in use.
  rec.result = { calls, libssl: mappedPath(/libssl/) };
  ctx.objects.add({ kind: 'ctx', name: step.as, ptr, server: step.method === 'TLS_server_method' });
  return rec;
}

function failedName(ctx: CallContext, name: string, why: string): Draft {
  ctx.objects.drop(name, `${why}, so there is no object named "${name}"`);
  return ctx.rec;
}

export function sslNewCall(step: StepOf<'SSL_new'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const ssl = libssl(ctx);
  const c = ssl && ctx.objects.resolve(rec, step.ctx, 'ctx');
  if (!ssl || !c || !ctx.objects.mayAdd(rec, step.as, (n) => ctx.sockets.named(n))) return rec;
  const socket = step.sock !== undefined ? ctx.socket(step.sock) : null;
  const bio = step.bio !== undefined ? ctx.objects.resolve(rec, step.bio, 'bio') : null;
  if (!socket && !bio) return rec;
  if (bio?.ownedBy) {
    rec.refused = `BIO "${bio.name}" already belongs to SSL object "${bio.ownedBy}"`;
    return rec;
  }
  let ptr: Pointer | null = null;
  const inv = ctx.invoke(() => {
    ptr = ssl.SSL_new(c.ptr);
    return ptr === null ? 0 : 1;
  });
  ctx.apply(inv, inv.ret === 0);
  rec.warnings.push(`SSL_new ${POINTER_NOTE}`);
  if (ptr === null) return failedName(ctx, step.as, 'SSL_new returned NULL');
  const p: Pointer = ptr;
  const calls: { c: string; ret: number | null }[] = [];
  if (socket) calls.push({ c: `SSL_set_fd(${step.as}, ${String(step.sock)})`, ret: ssl.SSL_set_fd(p, socket.fd) });
  else {
    ssl.SSL_set_bio(p, bio!.ptr, bio!.ptr);
    bio!.ownedBy = step.as;
    calls.push({ c: `SSL_set_bio(${step.as}, ${bio!.name}, ${bio!.name})`, ret: null });
  }
  if (step.host) {
    calls.push({ c: `SSL_set_tlsext_host_name(${step.as}, "${step.host}")`, ret: Number(ssl.SSL_ctrl_str(p, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, step.host)) });
    calls.push({ c: `SSL_set1_host(${step.as}, "${step.host}")`, ret: ssl.SSL_set1_host(p, step.host) });
  }
  rec.result = { calls };
  const entry: SslEntry = { kind: 'ssl', name: step.as, ptr: p, server: c.server, ctx: c.name, socket, bio, inflight: new Set() };
  ctx.objects.add(entry);
  rec.tls = readTls(ctx.b, entry, null);
  if (socket) rec.socket = ctx.recheck(socket);
  return rec;
}

/** The socket under an SSL object (its own, or its BIO's), or null with the refusal when it is gone. */
function underlying(ctx: CallContext, entry: SslEntry): SocketEntry | null {
  if (entry.bio) return entry.bio.sock;
  if (entry.socket && ctx.sockets.get(entry.socket.fd) === entry.socket) return entry.socket;
  ctx.rec.refused = `the socket under TLS connection "${entry.name}" was closed; SSL_free it`;
  return null;
}

function blocks(ctx: CallContext, entry: SslEntry, sock: SocketEntry): boolean {
  const fd = entry.bio ? bioFd(ctx.b, entry.bio.ptr) : sock.fd;
  return fd >= 0 ? !isNonblocking(ctx.b, fd) : !entry.bio!.nbio;
}

type SslStep = StepOf<'SSL_connect'> | StepOf<'SSL_accept'> | StepOf<'SSL_read'> | StepOf<'SSL_write'> | StepOf<'SSL_shutdown'>;

/** The five calls that move the connection on: made here when nonblocking, on a pool thread when they may block. */
export async function sslCall(step: SslStep, ctx: CallContext): Promise<Draft> {
  const { rec } = ctx;
  const entry = libssl(ctx) && ctx.objects.resolve(rec, step.ssl, 'ssl');
  const sock = entry && underlying(ctx, entry);
  if (!entry || !sock) return rec;
  if (entry.inflight.size > 0) {
    rec.refused = `another call on TLS connection "${entry.name}" is still running; cancel it or wait for it`;
    return rec;
  }
  const job: NativeJob = { kind: 'native', op: step.call as NativeOp, ptr: entry.ptr };
  if (step.call === 'SSL_read') job.max = step.max;
  if (step.call === 'SSL_write') {
    job.data = new TextEncoder().encode(step.data);
    delete rec.args.data;
    rec.data = bytesView(job.data);
  }
  const out = await runSsl(ctx, entry, sock, job, 'timeoutMs' in step ? step.timeoutMs : undefined);
  if (!out) return rec;
  // errno only where it says something: SSL_ERROR_SYSCALL or a WANT_* (EAGAIN), not after a protocol error that left it 0.
  ctx.apply(out, (step.call === 'SSL_shutdown' ? out.ret < 0 : out.ret <= 0) && out.errno !== 0);
  if (out.bytes) rec.data = bytesView(out.bytes);
  rec.tls = readTls(ctx.b, entry, out.sslError);
  const name = rec.tls.sslError?.name;
  if (name === 'SSL_ERROR_WANT_READ' || name === 'SSL_ERROR_WANT_WRITE') {
    rec.warnings.push(`${name}: in progress, as EINPROGRESS is for a connect; call ${step.call} again once the socket is ${name.endsWith('READ') ? 'readable' : 'writable'}`);
  }
  if (rec.tls.verify && rec.tls.verify.code !== 0) rec.warnings.push(`verify result ${rec.tls.verify.code}: ${rec.tls.verify.text}`);
  if (entry.bio) rec.bio = ctx.objects.bioSnapshot(entry.bio);
  if (sock.fd >= 0) rec.socket = entry.bio ? ctx.snapshot(sock) : ctx.recheck(sock);
  return rec;
}

async function runSsl(ctx: CallContext, entry: SslEntry, sock: SocketEntry, job: NativeJob, timeoutMs: number | undefined): Promise<NativeOutcome | null> {
  const { rec } = ctx;
  if (!blocks(ctx, entry, sock)) return runNativeJob(ctx.b, job);
  entry.inflight.add(ctx.id);
  // A timeout is a cancel that comes by itself: queued, the call is dropped; blocked, shutdown wakes it.
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => ctx.waits.cancel(ctx.id, `timeout: ${job.op} had not returned within ${timeoutMs} ms`), timeoutMs);
  try {
    const out = await ctx.waits.handOff(ctx.on(sock), job, null);
    if (!out.made) {
      rec.cancelled = `${out.why}: cancelled before ${job.op} was made; the connection is unchanged`;
      rec.ret = null;
      rec.blocked = false;
      return null;
    }
    if (out.cancelled) rec.cancelled = `${out.cancelled}: shutdown(SHUT_RDWR) on the socket woke the blocked ${job.op}; the socket is spent`;
    return out.result as NativeOutcome;
  } finally {
    clearTimeout(timer);
    entry.inflight.delete(ctx.id);
  }
}

export function sslFreeCall(step: StepOf<'SSL_free'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const entry = libssl(ctx) && ctx.objects.resolve(rec, step.ssl, 'ssl');
  if (!entry) return rec;
  if (entry.inflight.size > 0) {
    rec.refused = `a call on TLS connection "${entry.name}" is still running; cancel it first`;
    return rec;
  }
  const tls = readTls(ctx.b, entry, null);
  if (entry.bio) {
    rec.bio = { ...ctx.objects.bioSnapshot(entry.bio), freed: true };
    releaseBio(ctx, entry.bio, `BIO "${entry.bio.name}" was freed with SSL object "${entry.name}" (SSL_free)`);
  }
  ctx.objects.drop(entry.name, `TLS connection "${entry.name}" was freed (SSL_free)`);
  const inv = ctx.invoke(() => (ctx.b.ssl().SSL_free(entry.ptr), 0));
  ctx.apply(inv, false);
  rec.ret = null;
  rec.tls = { ...tls, freed: true };
  rec.warnings.push(entry.bio ? 'SSL_free returns nothing; it freed the BIO given to SSL_set_bio too (closing its socket)' : 'SSL_free returns nothing; the socket given to SSL_set_fd stays open');
  return rec;
}

export function ctxFreeCall(step: StepOf<'SSL_CTX_free'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const entry = libssl(ctx) && ctx.objects.resolve(rec, step.ctx, 'ctx');
  if (!entry) return rec;
  ctx.objects.drop(entry.name, `TLS context "${entry.name}" was freed (SSL_CTX_free)`);
  const inv = ctx.invoke(() => (ctx.b.ssl().SSL_CTX_free(entry.ptr), 0));
  ctx.apply(inv, false);
  rec.ret = null;
  rec.warnings.push('SSL_CTX_free returns nothing; SSL objects made from it keep their own reference');
  return rec;
}
