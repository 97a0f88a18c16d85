// What the calls that take an address share: resolving `addr` to a BIO_ADDR the way C code
// would (BIO_lookup_ex, then a candidate), and noting which options a call asked the kernel for.
import type { Pointer } from '../bindings';
import { candidateList, chooseCandidate, lookup, type LookupResult } from '../lookup';
import { refuse } from '../records';
import type { SocketEntry } from '../socket-table';
import type { CallContext } from './context';
import { AF, SOCK, familyName } from '../platform/linux';
import { flagByName, flagWarnings, type FlagContext, type FlagName, type OptionCall } from '../../../shared/flags';

/** OSSL_TFO_SERVER_SOCKOPT_VALUE on Linux is the listen backlog (SOMAXCONN). */
const TFO_SERVER_QUEUE = 4096;

const FLAG_FAMILIES = ['AF_INET', 'AF_INET6', 'AF_UNIX'] as const;
const FLAG_SOCKTYPES = ['SOCK_STREAM', 'SOCK_DGRAM'] as const;

/** The warnings the flag table gives for `options` on this call (and this socket, when known). */
export function optionWarnings(ctx: CallContext, call: OptionCall, options: number, kind?: { family: number; type: number }): string[] {
  const flagCtx: FlagContext = { call, versionNumber: ctx.versionNumber };
  if (kind) {
    flagCtx.family = FLAG_FAMILIES.find((f) => AF[f] === kind.family);
    flagCtx.socktype = FLAG_SOCKTYPES.find((t) => SOCK[t] === kind.type);
  }
  return flagWarnings(options, flagCtx);
}

/** Whether `options` holds the flag. */
export function hasFlag(options: number, name: FlagName): boolean {
  return (options & flagByName(name)!.bit) !== 0;
}

interface AddressStep {
  call: string;
  addr: string;
  addrIndex?: number;
}

/** Lookup, pick a candidate, make the call with its BIO_ADDR, free the list; false when refused. */
export function withAddress(ctx: CallContext, step: AddressStep, kind: { family: number; type: number }, server: boolean, make: (addr: Pointer, family: number) => void): boolean {
  const { rec } = ctx;
  let res: LookupResult | null = null;
  try {
    res = lookup(ctx.b, step.addr, { server, family: kind.family === AF.AF_UNIX ? AF.AF_UNIX : AF.AF_UNSPEC, socktype: kind.type });
    const used = res.ok ? chooseCandidate(res.candidates, kind.family, step.addrIndex) : -1;
    rec.addresses = candidateList(res.candidates, used);
    if (!res.ok) {
      rec.errorQueue = res.call.errorQueue;
      refuse(rec, `addr: BIO_lookup_ex could not resolve "${step.addr}" (${res.call.errorQueue.map((e) => e.text).join('; ') || 'no detail'}); ${step.call} was not called`);
      return false;
    }
    if (used < 0) {
      const families = [...new Set(res.candidates.map((c) => familyName(c.family)))].join(', ');
      refuse(
        rec,
        step.addrIndex !== undefined
          ? `addrIndex: ${step.addrIndex} is out of range; "${step.addr}" has ${res.candidates.length} candidate(s)`
          : `addr: "${step.addr}" resolves only to ${families || 'nothing'}, and the socket is ${familyName(kind.family)}; pick a candidate with addrIndex to pass a mismatched address as C would`,
      );
      return false;
    }
    make(res.candidates[used].addr, res.candidates[used].family);
    return true;
  } finally {
    res?.free();
  }
}

/** Records what `options` asked the kernel for on this call, to show beside what it applied. */
export function noteRequested(entry: SocketEntry, call: OptionCall, options: number, addrFamily: number, socktype: number): void {
  const r = entry.requested;
  const has = (name: FlagName) => hasFlag(options, name);
  if (call === 'BIO_connect' || call === 'BIO_listen') {
    r.O_NONBLOCK = has('BIO_SOCK_NONBLOCK');
    if (has('BIO_SOCK_KEEPALIVE')) r.SO_KEEPALIVE = true;
    if (has('BIO_SOCK_NODELAY')) r.TCP_NODELAY = true;
  }
  if ((call === 'BIO_bind' || call === 'BIO_listen') && has('BIO_SOCK_REUSEADDR')) r.SO_REUSEADDR = true;
  if (call === 'BIO_listen' && addrFamily === AF.AF_INET6) r.IPV6_V6ONLY = has('BIO_SOCK_V6_ONLY');
  if (has('BIO_SOCK_TFO') && socktype === SOCK.SOCK_STREAM) {
    if (call === 'BIO_listen') r.TCP_FASTOPEN = TFO_SERVER_QUEUE;
    if (call === 'BIO_connect') r.TCP_FASTOPEN_CONNECT = 1;
  }
}
