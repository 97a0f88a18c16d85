// Address resolution through BIO_lookup_ex: every candidate, in order, as BIO_ADDRs that stay
// valid until `free`.
import type { Bindings, Ptr } from './bindings';
import { parseAddress } from '../../shared/address';
import type { AddressCandidate, ErrorQueueEntry } from '../../shared/record';
import { drainErrorQueue } from './error-queue';
import { AF, familyName, formatSockaddr } from './platform/linux';

export const BIO_LOOKUP_CLIENT = 0;
export const BIO_LOOKUP_SERVER = 1;

export interface Candidate {
  family: number;
  addr: Ptr;
  text: string;
  raw: Buffer;
  port: number;
  /** Network byte order, as BIO_ADDR_rawport gives and BIO_ADDR_rawmake takes. */
  rawPort: number;
}

export interface LookupResult {
  ok: boolean;
  candidates: Candidate[];
  errorQueue: ErrorQueueEntry[];
  free(): void;
}

/** The BIO_ADDR as the record writes addresses, plus its raw bytes for rebuilding it on another thread. */
export function describeAddr(b: Bindings, addr: Ptr): { family: number; text: string; raw: Buffer; port: number; rawPort: number } {
  const family = b.crypto.BIO_ADDR_family(addr);
  const raw = Buffer.alloc(128);
  const len = [raw.length];
  b.crypto.BIO_ADDR_rawaddress(addr, raw, len);
  const bytes = raw.subarray(0, len[0]);
  const rawPort = b.crypto.BIO_ADDR_rawport(addr);
  const port = ((rawPort & 0xff) << 8) | (rawPort >> 8);
  let text: string;
  if (family === AF.AF_UNIX) {
    const nul = bytes.indexOf(0);
    text = `unix:${bytes.subarray(0, nul < 0 ? bytes.length : nul).toString('utf8')}`;
  } else {
    text = formatSockaddr({ family, port, ip: bytes });
  }
  return { family, text, raw: Buffer.from(bytes), port, rawPort };
}

export function lookup(b: Bindings, addrText: string, opts: { server: boolean; family: number; socktype: number }): LookupResult {
  const parts = parseAddress(addrText);
  const family = parts.unix ? AF.AF_UNIX : opts.family;
  const res: [Ptr] = [null];
  b.crypto.ERR_clear_error();
  const ok = b.crypto.BIO_lookup_ex(parts.host, parts.service, opts.server ? BIO_LOOKUP_SERVER : BIO_LOOKUP_CLIENT, family, opts.socktype, 0, res) === 1;
  const errorQueue = drainErrorQueue(b);
  const candidates: Candidate[] = [];
  if (ok) {
    for (let ai = res[0]; !b.isNull(ai); ai = b.crypto.BIO_ADDRINFO_next(ai)) {
      const addr = b.crypto.BIO_ADDRINFO_address(ai);
      candidates.push({ addr, ...describeAddr(b, addr) });
    }
  }
  return {
    ok,
    candidates,
    errorQueue,
    free: () => {
      if (ok && !b.isNull(res[0])) b.crypto.BIO_ADDRINFO_free(res[0]);
    },
  };
}

/** The default choice: the first candidate whose family matches the socket's. */
export function chooseCandidate(candidates: Candidate[], socketFamily: number, index?: number): number {
  if (index !== undefined) return index < candidates.length ? index : -1;
  const i = candidates.findIndex((c) => c.family === socketFamily);
  return i;
}

export function candidateList(candidates: Candidate[], used: number): AddressCandidate[] {
  return candidates.map((c, i) => ({ family: familyName(c.family), address: c.text, used: i === used }));
}
