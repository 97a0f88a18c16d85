// Address resolution through BIO_lookup_ex: every candidate, in order, as BIO_ADDRs that stay
// valid until `free`.
import type { Bindings, Pointer } from './bindings';
import { invoke, type Invocation } from './invoke';
import { parseAddress } from '../../shared/address';
import type { AddressCandidate } from '../../shared/record';
import { AF, familyName, formatSockaddr } from './platform/linux';

const BIO_LOOKUP_CLIENT = 0;
const BIO_LOOKUP_SERVER = 1;

/** A BIO_ADDR as the record writes it, plus what rebuilds it on another thread (BIO_ADDR_rawmake). */
interface RawAddress {
  family: number;
  text: string;
  /** The raw address: 4 or 16 bytes for IP, the path without its NUL for AF_UNIX. */
  raw: Buffer;
  /** Host byte order. */
  port: number;
}

interface Candidate extends RawAddress {
  addr: Pointer;
}

export interface LookupResult {
  ok: boolean;
  candidates: Candidate[];
  /** The BIO_lookup_ex call itself: its ret, errno, error queue and duration. */
  call: Invocation;
  free(): void;
}

export function describeAddr(b: Bindings, addr: Pointer): RawAddress {
  const family = b.crypto.BIO_ADDR_family(addr);
  const buf = Buffer.alloc(128);
  const len: [number] = [buf.length];
  b.crypto.BIO_ADDR_rawaddress(addr, buf, len);
  const raw = Buffer.from(buf.subarray(0, len[0]));
  const port = b.crypto.BIO_ADDR_rawport(addr);
  let text: string;
  if (family === AF.AF_UNIX) {
    const nul = raw.indexOf(0);
    text = `unix:${raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8')}`;
  } else {
    text = formatSockaddr({ family, port, ip: raw });
  }
  return { family, text, raw, port };
}

export function lookup(b: Bindings, addrText: string, opts: { server: boolean; family: number; socktype: number }): LookupResult {
  const parts = parseAddress(addrText);
  const family = parts.unix ? AF.AF_UNIX : opts.family;
  const res: [Pointer | null] = [null];
  const call = invoke(b, () => b.crypto.BIO_lookup_ex(parts.host, parts.service, opts.server ? BIO_LOOKUP_SERVER : BIO_LOOKUP_CLIENT, family, opts.socktype, 0, res));
  const ok = call.ret === 1;
  const candidates: Candidate[] = [];
  if (ok) {
    for (let ai = res[0]; ai !== null; ai = b.crypto.BIO_ADDRINFO_next(ai)) {
      const addr = b.crypto.BIO_ADDRINFO_address(ai);
      candidates.push({ addr, ...describeAddr(b, addr) });
    }
  }
  return {
    ok,
    candidates,
    call,
    free: () => {
      if (ok && res[0] !== null) b.crypto.BIO_ADDRINFO_free(res[0]);
    },
  };
}

/** The default choice: the first candidate whose family matches the socket's. */
export function chooseCandidate(candidates: Candidate[], socketFamily: number, index?: number): number {
  if (index !== undefined) return index < candidates.length ? index : -1;
  return candidates.findIndex((c) => c.family === socketFamily);
}

export function candidateList(candidates: Candidate[], used: number): AddressCandidate[] {
  return candidates.map((c, i) => ({ family: familyName(c.family), address: c.text, used: i === used }));
}
