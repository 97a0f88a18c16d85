// The calls deprecated in OpenSSL 1.1.0 that the manual's HISTORY lists and libcrypto 3.x still
// exports: BIO_get_accept_socket, BIO_accept, BIO_get_port, BIO_get_host_ip, BIO_gethostbyname.
import type { Pointer } from '../bindings';
import type { Draft } from '../records';
import { acceptOn } from './setup';
import type { CallContext } from './context';
import { AF, decodeHostent, familyName, formatIPv6 } from '../platform/linux';
import type { StepOf } from '../../../shared/steps';
import { refusals } from '../../../shared/refusals';

/** More addresses than any resolver gives one name; the list is read no further. */
const MAX_HOST_ADDRESSES = 16;

export function getAcceptSocketCall(step: StepOf<'BIO_get_accept_socket'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  if (!ctx.sockets.mayAdd(rec, step.as)) return rec;
  const hostPort = Buffer.from(step.hostPort + '\0', 'utf8'); // char *, not const: a buffer of its own
  const inv = ctx.invoke(() => ctx.b.crypto.BIO_get_accept_socket(hostPort, step.mode === 'BIO_BIND_REUSEADDR' ? 1 : 0));
  ctx.apply(inv, inv.ret < 0);
  if (inv.ret >= 0) rec.socket = ctx.snapshot(ctx.sockets.adopt(inv.ret, step.as ?? null, 'socket'));
  else if (step.as) ctx.sockets.nameFailed(step.as, refusals.failedName('BIO_get_accept_socket', step.as, inv.ret));
  return rec;
}

export function acceptCall(step: StepOf<'BIO_accept'>, ctx: CallContext): Promise<Draft> {
  // The "host:port" text BIO_accept allocates is copied out and freed by koffi (OPENSSL_free).
  const ipPort: [string | null] = [null];
  return acceptOn(step, ctx, 0, (fd) => ctx.invoke(() => ctx.b.crypto.BIO_accept(fd, ipPort)), () => ipPort[0]);
}

export function getPortCall(step: StepOf<'BIO_get_port'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const port: [number] = [0];
  const inv = ctx.invoke(() => ctx.b.crypto.BIO_get_port(step.service, port));
  ctx.apply(inv, inv.ret === 0);
  if (inv.ret === 1) rec.result = { port: port[0] };
  return rec;
}

export function getHostIpCall(step: StepOf<'BIO_get_host_ip'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const ip = Buffer.alloc(4);
  const inv = ctx.invoke(() => ctx.b.crypto.BIO_get_host_ip(step.host, ip));
  ctx.apply(inv, inv.ret === 0);
  if (inv.ret === 1) rec.result = { ip: Array.from(ip).join('.') };
  return rec;
}

export function gethostbynameCall(step: StepOf<'BIO_gethostbyname'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const found: { hostent: Pointer | null } = { hostent: null };
  const inv = ctx.invoke(() => {
    found.hostent = ctx.b.crypto.BIO_gethostbyname(step.host);
    return found.hostent === null ? 0 : 1;
  });
  ctx.apply(inv, inv.ret === 0);
  if (found.hostent !== null) {
    const h = decodeHostent(found.hostent, MAX_HOST_ADDRESSES);
    const addresses = h.addresses.map((a) => (h.family === AF.AF_INET ? Array.from(a).join('.') : formatIPv6(a)));
    rec.result = { name: h.name, addrtype: familyName(h.family), addresses };
  }
  rec.warnings.push('BIO_gethostbyname returns a pointer; ret shows 1 for non-NULL and 0 for NULL');
  return rec;
}
