// Searching the call log: a query is words and quoted phrases, each of which must match. A plain
// word matches anywhere in a record's text (call, C expression, errno, error queue, addresses,
// refusals, warnings, data); `call:`, `errno:`, `fd:` and `addr:` match that one thing only.
import { closestName } from './closest-name';
import { dataText } from './data-bytes';
import { ERRNO_NAMES } from './errno-names';
import type { CallRecord } from './record';

export type SearchTerm =
  | { kind: 'text'; text: string }
  | { kind: 'call'; text: string }
  | { kind: 'errno'; text: string }
  | { kind: 'fd'; fd: number }
  | { kind: 'addr'; text: string };

export const SEARCH_SYNTAX = 'words or "quoted phrases" (each must match), call:NAME, errno:NAME, fd:N or addr:TEXT';

/** The terms of a query, or what is wrong with it. */
export function parseQuery(query: string): { terms: SearchTerm[] } | { error: string } {
  const terms: SearchTerm[] = [];
  for (const m of query.matchAll(/(\w+:)?(?:"([^"]*)"|(\S+))/g)) {
    const prefix = m[1]?.slice(0, -1).toLowerCase();
    const value = (m[2] ?? m[3] ?? '').trim();
    if (!value) continue;
    if (prefix === 'fd') {
      if (!/^\d+$/.test(value)) return { error: `fd:${value}: expected an fd number, such as fd:5` };
      terms.push({ kind: 'fd', fd: Number(value) });
    } else if (prefix === 'call' || prefix === 'errno' || prefix === 'addr') terms.push({ kind: prefix, text: value.toLowerCase() });
    else terms.push({ kind: 'text', text: ((m[1] ?? '') + value).toLowerCase() });
  }
  if (!terms.length) return { error: `expected something to search for: ${SEARCH_SYNTAX}` };
  return { terms };
}

export interface QueryHint {
  /** Why the term can match nothing, and the likeliest one meant. */
  text: string;
  /** The query with the term corrected. */
  query: string;
}

/** Terms no record can match because no errno (or call) has that name, with the name likely meant. */
export function queryHints(query: string, calls: readonly string[]): QueryHint[] {
  const hints: QueryHint[] = [];
  for (const m of query.matchAll(/(errno|call):(?:"([^"]*)"|(\S+))/gi)) {
    const kind = m[1].toLowerCase();
    const value = (m[2] ?? m[3] ?? '').trim();
    if (!value || (kind === 'errno' && /^\d+$/.test(value))) continue;
    const known = kind === 'errno' ? ERRNO_NAMES : calls;
    if (known.some((n) => n.toLowerCase() === value.toLowerCase())) continue;
    const guess = closestName(value, known);
    const what = kind === 'errno' ? `No errno is named ${value}` : `No call is named ${value}`;
    hints.push({
      text: guess ? `${what}: did you mean ${kind}:${guess}?` : `${what}${kind === 'errno' ? ' (errno names are glibc’s, such as ECONNREFUSED, or a number)' : ''}.`,
      query: guess ? query.replace(m[0], `${kind}:${guess}`) : query,
    });
  }
  return hints;
}

function addressesOf(r: CallRecord): string[] {
  const out: string[] = [];
  for (const key of ['addr', 'addrResolved', 'hostPort', 'host']) if (typeof r.args[key] === 'string') out.push(r.args[key] as string);
  for (const s of [r.socket, r.socket?.listener]) {
    if (s?.local) out.push(s.local);
    if (s?.peer) out.push(s.peer);
  }
  for (const a of r.addresses ?? []) out.push(a.address);
  for (const v of Object.values(r.result ?? {})) if (typeof v === 'string') out.push(v);
  return out.map((a) => a.toLowerCase());
}

function fdsOf(r: CallRecord): number[] {
  const out: number[] = [];
  for (const key of ['sock', 'fd']) if (typeof r.args[key] === 'number') out.push(r.args[key] as number);
  for (const s of [r.socket, r.socket?.listener]) if (s) out.push(s.fd);
  return out;
}

/** Everything a plain word may match, lower-cased, one string. */
function textOf(r: CallRecord): string {
  const parts = [r.call, r.c, r.errno?.name, r.errno?.message, r.errno ? String(r.errno.code) : null, r.refused, r.cancelled, dataText(r.data), r.bulk?.sha256, ...r.warnings, ...addressesOf(r)];
  for (const e of r.errorQueue) parts.push(e.hex, e.text, e.reason, e.function, e.data, e.library);
  if (r.socket) parts.push(r.socket.name, r.socket.role, r.socket.state, `fd ${r.socket.fd}`);
  if (r.ret !== null) parts.push(`= ${r.ret}`);
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n').toLowerCase();
}

export function recordMatches(terms: readonly SearchTerm[], r: CallRecord): boolean {
  let text: string | null = null;
  return terms.every((t) => {
    switch (t.kind) {
      case 'call':
        return r.call.toLowerCase() === t.text;
      case 'errno':
        return r.errno !== null && (r.errno.name.toLowerCase() === t.text || String(r.errno.code) === t.text);
      case 'fd':
        return fdsOf(r).includes(t.fd);
      case 'addr':
        return addressesOf(r).some((a) => a.includes(t.text));
      case 'text':
        return (text ??= textOf(r)).includes(t.text);
    }
  });
}
