// Who may talk to the web host: the Host it serves (no DNS rebinding), its own Origin (no
// cross-site page), and the session token, from the printed URL or the cookie it was traded for.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

export const newToken = (): string => randomBytes(32).toString('hex');

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
  cookieName: string;
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
  // Cookies are shared by every port of a host: one name per port keeps two workbenches apart.
  return { token, hosts, origins, cookieName: `bio_workbench_${port}` };
}

export type Verdict = { ok: true; via: 'cookie' | 'token'; host: string } | { ok: false; status: 403 | 400; reason: string };

function sameSecret(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Checks one HTTP request or WebSocket upgrade, in the order a refusal is most useful. */
export function checkAccess(req: IncomingMessage, rules: AccessRules): Verdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!rules.hosts.has(host)) return { ok: false, status: 403, reason: `Host ${JSON.stringify(host)} is not an address this workbench serves` };
  const origin = req.headers.origin;
  if (origin !== undefined && !rules.origins.has(origin.toLowerCase())) {
    return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin)} is not this workbench's own` };
  }
  if (sameSecret(cookieValue(req.headers.cookie, rules.cookieName), rules.token)) return { ok: true, via: 'cookie', host };
  let query: string | null = null;
  try {
    query = new URL(req.url ?? '/', 'http://h').searchParams.get('token');
  } catch {
    return { ok: false, status: 400, reason: 'the request URL cannot be parsed' };
  }
  if (sameSecret(query, rules.token)) return { ok: true, via: 'token', host };
  return { ok: false, status: 403, reason: 'the session token is missing or wrong: open the URL the workbench printed' };
}

/** The cookie a first load trades its token for. */
export function sessionCookie(rules: AccessRules): string {
  return `${rules.cookieName}=${rules.token}; HttpOnly; SameSite=Strict; Path=/`;
}
