// What the composer's fields mean as a Step: pure functions, so the live C preview, the option
// value and the Run button all read the same thing.
import { composeOptions, flagWarnings, FLAGS, type FlagName, type FlagSpec, type OptionCall } from '../../../shared/flags';
import { cExpression } from '../../../shared/c-expression';
import type { CallName, Step } from '../../../shared/steps';
import type { AddressCandidate, EngineInfo, SocketSnapshot } from '../../../shared/record';
import { bioTlsFieldsOf, buildBioTlsStep, DEFAULT_BIO_TLS_FIELDS, isBioTlsComposerCall, OBJECT_NAME_PREFIX, type BioTlsComposerCall, type BioTlsFields } from './composer-bio-tls';

/** The calls the composer offers, in the manual's order; deprecated ones follow. */
export const COMPOSER_CALLS = [
  'BIO_socket',
  'BIO_bind',
  'BIO_connect',
  'BIO_listen',
  'BIO_accept_ex',
  'BIO_closesocket',
  'BIO_sock_error',
  'BIO_write',
  'BIO_read',
  'BIO_lookup_ex',
] as const satisfies readonly CallName[];
export const DEPRECATED_COMPOSER_CALLS = ['BIO_get_accept_socket', 'BIO_accept', 'BIO_get_port', 'BIO_get_host_ip', 'BIO_gethostbyname'] as const satisfies readonly CallName[];
export type ComposerCall = (typeof COMPOSER_CALLS)[number] | (typeof DEPRECATED_COMPOSER_CALLS)[number] | BioTlsComposerCall;

const OPTION_CALLS: readonly OptionCall[] = ['BIO_socket', 'BIO_bind', 'BIO_connect', 'BIO_listen', 'BIO_accept_ex'];

export interface ComposerFields extends BioTlsFields {
  call: ComposerCall;
  /** Name for the socket a call creates (BIO_socket, BIO_accept_ex...). */
  as: string;
  domain: 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
  socktype: 'SOCK_STREAM' | 'SOCK_DGRAM';
  protocol: '0' | 'IPPROTO_TCP' | 'IPPROTO_UDP';
  sock: string;
  addr: string;
  /** The lookup candidate picked by hand; null lets the engine pick the first of the socket's family. */
  addrIndex: number | null;
  flags: FlagName[];
  timeoutMs: string;
  data: string;
  max: string;
  lookupType: 'BIO_LOOKUP_CLIENT' | 'BIO_LOOKUP_SERVER';
  family: 'AF_UNSPEC' | 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
  hostPort: string;
  mode: 'BIO_BIND_NORMAL' | 'BIO_BIND_REUSEADDR';
  service: string;
  host: string;
}

export const DEFAULT_FIELDS: ComposerFields = {
  ...DEFAULT_BIO_TLS_FIELDS,
  call: 'BIO_socket',
  as: '',
  domain: 'AF_INET',
  socktype: 'SOCK_STREAM',
  protocol: '0',
  sock: '',
  // Empty until a call needs one: bind and listen start at 127.0.0.1:0, connect at the last listener.
  addr: '',
  addrIndex: null,
  flags: [],
  timeoutMs: '',
  data: '',
  max: '4096',
  lookupType: 'BIO_LOOKUP_CLIENT',
  family: 'AF_UNSPEC',
  hostPort: '127.0.0.1:0',
  mode: 'BIO_BIND_NORMAL',
  service: 'https',
  host: 'localhost',
};

export function isOptionCall(call: string): call is OptionCall {
  return (OPTION_CALLS as readonly string[]).includes(call);
}

/** The call whose flags a composer call takes: BIO_set_conn_mode's mode is what BIO_do_connect passes to BIO_connect. */
export function flagCallOf(call: string): OptionCall | null {
  if (call === 'BIO_set_conn_mode') return 'BIO_connect';
  return isOptionCall(call) ? call : null;
}

/** Which fields the chosen call takes, so the form shows only those. */
export function fieldsOf(call: ComposerCall, over: ComposerFields['over'] = 'sock'): ReadonlySet<keyof ComposerFields> {
  if (isBioTlsComposerCall(call)) return bioTlsFieldsOf(call, over);
  switch (call) {
    case 'BIO_socket':
      return new Set(['as', 'domain', 'socktype', 'protocol', 'flags']);
    case 'BIO_bind':
    case 'BIO_listen':
      return new Set(['sock', 'addr', 'flags']);
    case 'BIO_connect':
      return new Set(['sock', 'addr', 'flags', 'timeoutMs']);
    case 'BIO_accept_ex':
      return new Set(['sock', 'as', 'flags', 'timeoutMs']);
    case 'BIO_closesocket':
    case 'BIO_sock_error':
      return new Set(['sock']);
    case 'BIO_write':
      return new Set(['sock', 'data', 'timeoutMs']);
    case 'BIO_read':
      return new Set(['sock', 'max', 'timeoutMs']);
    case 'BIO_lookup_ex':
      return new Set(['addr', 'lookupType', 'family', 'socktype']);
    case 'BIO_get_accept_socket':
      return new Set(['hostPort', 'mode', 'as']);
    case 'BIO_accept':
      return new Set(['sock', 'as', 'timeoutMs']);
    case 'BIO_get_port':
      return new Set(['service']);
    case 'BIO_get_host_ip':
    case 'BIO_gethostbyname':
      return new Set(['host']);
  }
}

/** A socket field as the contract takes it: a name, or an fd typed as digits. */
export function sockRef(text: string): string | number {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

function optionalInt(text: string): number | undefined {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
}

function optionalName(text: string): string | undefined {
  const t = text.trim();
  return t === '' ? undefined : t;
}

/**
 * The step the fields describe. Not validated here: the host validates every request and its
 * refusal, naming the field, is what the person should see.
 */
export function buildStep(f: ComposerFields): Step {
  const options = f.flags.length ? [...f.flags] : undefined;
  const addrIndex = f.addrIndex ?? undefined;
  if (isBioTlsComposerCall(f.call)) return buildBioTlsStep(f.call, f, { ...f, sock: sockRef(f.sock), options });
  switch (f.call) {
    case 'BIO_socket':
      return { call: 'BIO_socket', as: optionalName(f.as), domain: f.domain, socktype: f.socktype, protocol: f.protocol, options };
    case 'BIO_bind':
    case 'BIO_listen':
      return { call: f.call, sock: sockRef(f.sock), addr: f.addr, addrIndex, options };
    case 'BIO_connect':
      return { call: 'BIO_connect', sock: sockRef(f.sock), addr: f.addr, addrIndex, options, timeoutMs: optionalInt(f.timeoutMs) };
    case 'BIO_accept_ex':
      return { call: 'BIO_accept_ex', sock: sockRef(f.sock), as: optionalName(f.as), options, timeoutMs: optionalInt(f.timeoutMs) };
    case 'BIO_closesocket':
    case 'BIO_sock_error':
      return { call: f.call, sock: sockRef(f.sock) };
    case 'BIO_write':
      return { call: 'BIO_write', sock: sockRef(f.sock), data: f.data, timeoutMs: optionalInt(f.timeoutMs) };
    case 'BIO_read':
      return { call: 'BIO_read', sock: sockRef(f.sock), max: Number(f.max), timeoutMs: optionalInt(f.timeoutMs) };
    case 'BIO_lookup_ex':
      return { call: 'BIO_lookup_ex', addr: f.addr, lookupType: f.lookupType, family: f.family, socktype: f.socktype };
    case 'BIO_get_accept_socket':
      return { call: 'BIO_get_accept_socket', hostPort: f.hostPort, mode: f.mode, as: optionalName(f.as) };
    case 'BIO_accept':
      return { call: 'BIO_accept', sock: sockRef(f.sock), as: optionalName(f.as), timeoutMs: optionalInt(f.timeoutMs) };
    case 'BIO_get_port':
      return { call: 'BIO_get_port', service: f.service };
    case 'BIO_get_host_ip':
      return { call: 'BIO_get_host_ip', host: f.host };
    case 'BIO_gethostbyname':
      return { call: 'BIO_gethostbyname', host: f.host };
  }
}

/** Drops keys whose value is undefined, so the request carries only what the person set. */
export function compactStep(step: Step): Step {
  return Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)) as Step;
}

export function previewC(f: ComposerFields): string {
  try {
    return cExpression(buildStep(f));
  } catch {
    return `${f.call}(…)`;
  }
}

export function optionsValue(f: ComposerFields): number {
  return composeOptions(f.flags);
}

export function findSocket(sockets: readonly SocketSnapshot[], ref: string): SocketSnapshot | undefined {
  const r = sockRef(ref);
  return sockets.find((s) => (typeof r === 'number' ? s.fd === r : s.name === r));
}

export function socketLabel(s: Pick<SocketSnapshot, 'name' | 'fd'>): string {
  return s.name ?? String(s.fd);
}

type Family = 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
function asFamily(f: string | undefined): Family | undefined {
  return f === 'AF_INET' || f === 'AF_INET6' || f === 'AF_UNIX' ? f : undefined;
}

/** Warnings for the flags ticked, as the engine would give them, shown before Run. */
export function composerWarnings(f: ComposerFields, info: EngineInfo | null, sockets: readonly SocketSnapshot[]): string[] {
  const flagCall = flagCallOf(f.call);
  if (!flagCall || !info) return [];
  if (flagCall !== f.call) return flagWarnings(optionsValue(f), { call: flagCall, versionNumber: info.libcrypto.versionNumber }).map((w) => w.replace(`${flagCall} ignores`, `${f.call} ignores`));
  const sock = f.call === 'BIO_socket' ? undefined : findSocket(sockets, f.sock);
  const family = f.call === 'BIO_socket' ? f.domain : asFamily(sock?.family);
  const socktype = f.call === 'BIO_socket' ? f.socktype : sock?.type === 'SOCK_DGRAM' ? 'SOCK_DGRAM' : sock ? 'SOCK_STREAM' : undefined;
  return flagWarnings(optionsValue(f), { call: flagCall, versionNumber: info.libcrypto.versionNumber, family, socktype });
}

export interface FlagView {
  flag: FlagSpec;
  honoured: boolean;
  /** Why the checkbox is disabled, or null when it can be ticked. */
  disabledReason: string | null;
}

/** Per flag: does the chosen call honour it (the manual's table), and can it be ticked at all. */
export function flagViews(call: ComposerCall, info: EngineInfo | null): FlagView[] {
  return FLAGS.map((flag) => {
    const flagCall = flagCallOf(call);
    const honoured = flagCall !== null && flag.honouredBy.includes(flagCall);
    let disabledReason: string | null = null;
    if (flag.name === 'BIO_SOCK_TFO' && info && !info.libcrypto.supports.TFO) {
      disabledReason = `BIO_SOCK_TFO needs OpenSSL ${flag.sinceText} or later; the loaded libcrypto is ${info.libcrypto.version}, which does not know the bit`;
    }
    return { flag, honoured, disabledReason };
  });
}

/** The candidate the engine will use: the one picked, else the first of the socket's family. */
export function candidateInUse(candidates: readonly AddressCandidate[], addrIndex: number | null, family: string | undefined): number {
  if (addrIndex !== null) return addrIndex < candidates.length ? addrIndex : -1;
  if (!family) return candidates.length ? 0 : -1;
  return candidates.findIndex((c) => c.family === family);
}

const NAME_PREFIX: Partial<Record<ComposerCall, string>> = { BIO_socket: 's', BIO_accept_ex: 'a', BIO_accept: 'a', BIO_get_accept_socket: 'l', ...OBJECT_NAME_PREFIX };

/** A free name for the socket or object a call creates (s1, a1, cb1, tls1...), so later calls can name it; `others` are names taken besides the sockets'. */
export function nextSocketName(call: ComposerCall, sockets: readonly SocketSnapshot[], others: Iterable<string> = []): string | null {
  const prefix = NAME_PREFIX[call];
  if (!prefix) return null;
  const taken = new Set<string | null>([...sockets.map((s) => s.name), ...others]);
  for (let i = 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}
