// Who may talk to the web host. Every request: the Host it serves (no DNS rebinding) and, from a
// browser, its own Origin (no cross-site page). The contract's WebSocket also needs the session
// token, which the page keeps to itself: no cookie carries it, since cookies ignore the port and
// would reach every other server on the same loopback address.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

export const newToken = (): string => randomBytes(32).toString('hex');

/** The subprotocol a page offers with its token, and the one the host answers with. */
export const WS_PROTOCOL = 'bio-workbench';
export const TOKEN_PROTOCOL_PREFIX = 'bio-workbench.token.';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = ['0.0.0.0', '::', '[::]'];

export function isLoopback(addr: string): boolean {
  return addr === 'localhost' || addr === '::1' || addr === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(addr);
}

/** An address as it appears in a Host header or URL: IPv6 in brackets. */
export function hostPart(addr: string): string {
  return addr.includes(':') && !addr.startsWith('[') ? `[${addr}]` : addr;
}

export interface AccessRules {
  token: string;
  /** `host:port` values a request's Host header may carry, lower-case. */
  hosts: Set<string>;
  /** Origins a browser page of ours sends. */
  origins: Set<string>;
}

/** The Host headers this host answers to: loopback names always, the bound address too. */
export function accessRules(token: string, boundAddr: string, port: number): AccessRules {
  const names = new Set(LOOPBACK_NAMES);
  if (!isLoopback(boundAddr)) names.add(hostPart(boundAddr));
  if (WILDCARDS.includes(boundAddr)) {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(hostPart(i.address));
  }
  const hosts = new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  return { token, hosts, origins };
}

export type Verdict = { ok: true; host: string } | { ok: false; status: 403 | 400; reason: string };

function sameSecret(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request comes to an address we serve, and (from a browser) from a page of ours. */
export function checkOrigin(req: IncomingMessage, rules: AccessRules): Verdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!rules.hosts.has(host)) return { ok: false, status: 403, reason: `Host ${JSON.stringify(host.slice(0, 200))} is not an address this workbench serves` };
  const origin = req.headers.origin;
  if (origin !== undefined && !rules.origins.has(origin.toLowerCase())) {
    return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin.slice(0, 200))} is not this workbench's own` };
  }
  return { ok: true, host };
}

/** The token a WebSocket upgrade presents: a page offers it as a subprotocol, other clients may use the query or a bearer header. */
export function presentedToken(req: IncomingMessage): string | null {
  for (const p of (req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const name = p.trim();
    if (name.startsWith(TOKEN_PROTOCOL_PREFIX)) return name.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1];
  try {
    return new URL(req.url ?? '/', 'http://h').searchParams.get('token');
  } catch {
    return null;
  }
}

/** Checks a WebSocket upgrade: Host, Origin, then the token. */
export function checkUpgrade(req: IncomingMessage, rules: AccessRules): Verdict {
  const verdict = checkOrigin(req, rules);
  if (!verdict.ok) return verdict;
  if (sameSecret(presentedToken(req), rules.token)) return verdict;
  return { ok: false, status: 403, reason: 'the session token is missing or wrong: open the URL the workbench printed' };
}
