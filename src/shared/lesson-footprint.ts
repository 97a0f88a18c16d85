// What a lesson file will touch when it runs: the network addresses it binds, listens on,
// connects to or looks up, the unix socket paths it creates or connects to, and the files it
// sends. A lesson someone else wrote is untrusted: the window shows this and asks before opening
// it, naming anything beyond loopback and beyond the session's own {tmp} directory.
import { parseAddress } from './address';
import type { Scenario, Step } from './steps';

export interface LessonTouch {
  /** The step's number as a person reads it (from 1). */
  step: number;
  call: Step['call'];
  /** The address, path or file as the lesson writes it. */
  value: string;
  /** Why it reaches beyond loopback or {tmp}, or null when it does not. */
  beyond: string | null;
}

export interface LessonFootprint {
  addresses: LessonTouch[];
  unixPaths: LessonTouch[];
  files: LessonTouch[];
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback', '::1']);

/** A host a socket call on it never leaves this machine's loopback for. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return LOOPBACK_NAMES.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^0*:(0*:){0,6}0*1$/.test(h);
}

/** Why a network host is beyond loopback (the wildcard: every interface), or null for loopback. */
function beyondLoopback(host: string | null): string | null {
  if (host === null || host === '0.0.0.0' || /^[0:]+$/.test(host)) return 'every interface, not loopback only';
  return isLoopbackHost(host) ? null : 'outside loopback';
}

/** A unix path stays in the session's own directory only as `{tmp}/name`, with no way back up. */
function beyondTmp(path: string): string | null {
  const inside = path.startsWith('{tmp}/') && !path.split('/').some((part) => part === '..') && path.length > '{tmp}/'.length;
  return inside ? null : 'outside {tmp}, the session\'s own directory';
}

/**
 * The host of `host:port`, `[v6]:port`, `*:port` or a colon-less name, as OpenSSL's
 * BIO_parse_hostserv reads it: a colon-less name is the host to a connect BIO (`hostFirst`), the
 * port to an accept BIO and BIO_get_accept_socket (which then listen on every interface).
 */
function hostOfHostPort(hostPort: string, hostFirst = false): string | null {
  if (!hostPort.includes(':')) return hostFirst ? hostPort : null;
  const host = hostPort.startsWith('[') ? hostPort.slice(1, hostPort.indexOf(']')) : hostPort.slice(0, hostPort.lastIndexOf(':'));
  return host === '' || host === '*' ? null : host;
}

/** The address-like value a step uses, if any: the one it binds, connects to, or looks up. */
function addressOf(step: Step): { value: string; host: string | null; unix: boolean } | null {
  switch (step.call) {
    case 'BIO_bind':
    case 'BIO_connect':
    case 'BIO_set_conn_address':
    case 'BIO_listen':
    case 'BIO_lookup_ex': {
      const parts = parseAddress(step.addr);
      return { value: step.addr, host: parts.host, unix: parts.unix };
    }
    case 'BIO_get_accept_socket':
      return { value: step.hostPort, host: hostOfHostPort(step.hostPort), unix: false };
    // A connect or accept BIO hands its text to OpenSSL, which reads no `unix:`.
    case 'BIO_new_connect':
    case 'BIO_new_accept':
      return { value: step.addr, host: hostOfHostPort(step.addr, step.call === 'BIO_new_connect'), unix: false };
    case 'BIO_set_conn_hostname':
    case 'BIO_set_accept_name':
      return { value: step.name, host: hostOfHostPort(step.name, step.call === 'BIO_set_conn_hostname'), unix: false };
    case 'BIO_get_host_ip':
    case 'BIO_gethostbyname':
      return { value: step.host, host: step.host, unix: false };
    default:
      return null;
  }
}

/** Every address, unix path and file a lesson's steps use, in step order, each marked when it reaches beyond loopback or {tmp}. */
export function lessonFootprint(scenario: Scenario): LessonFootprint {
  const footprint: LessonFootprint = { addresses: [], unixPaths: [], files: [] };
  (scenario.steps as Step[]).forEach((step, i) => {
    const at = { step: i + 1, call: step.call };
    if (step.call === 'BIO_write' && step.file !== undefined) footprint.files.push({ ...at, value: step.file, beyond: 'a file on this machine' });
    const addr = addressOf(step);
    if (!addr) return;
    if (addr.unix) footprint.unixPaths.push({ ...at, value: addr.value, beyond: beyondTmp(addr.host ?? '') });
    else footprint.addresses.push({ ...at, value: addr.value, beyond: beyondLoopback(addr.host) });
  });
  return footprint;
}

/** The touches that reach beyond loopback or {tmp}: what the question names. */
export function beyondTouches(footprint: LessonFootprint): LessonTouch[] {
  return [...footprint.addresses, ...footprint.unixPaths, ...footprint.files].filter((t) => t.beyond !== null).sort((a, b) => a.step - b.step);
}
