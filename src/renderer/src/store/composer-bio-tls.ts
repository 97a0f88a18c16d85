// The composer's connect/accept BIO and TLS calls: which fields each takes and the step they make,
// beside the socket calls of composer-model.ts (which hands these calls here).
import { ACCEPT_BIO_CALLS, BIO_BIND, BIO_FAMILY, CONNECT_BIO_CALLS, TLS_VERSION } from '../../../shared/tls-facts';
import type { Step } from '../../../shared/steps';
import type { TlsCallName } from '../../../shared/tls-facts';

export const TLS_COMPOSER_CALLS = ['SSL_CTX_new', 'SSL_new', 'SSL_connect', 'SSL_accept', 'SSL_read', 'SSL_write', 'SSL_shutdown', 'SSL_free', 'SSL_CTX_free'] as const satisfies readonly TlsCallName[];

export type BioTlsComposerCall = (typeof CONNECT_BIO_CALLS)[number] | (typeof ACCEPT_BIO_CALLS)[number] | (typeof TLS_COMPOSER_CALLS)[number];

const ALL: readonly string[] = [...CONNECT_BIO_CALLS, ...ACCEPT_BIO_CALLS, ...TLS_COMPOSER_CALLS];
export function isBioTlsComposerCall(call: string): call is BioTlsComposerCall {
  return ALL.includes(call);
}

export type IpFamily = keyof typeof BIO_FAMILY;
export type BindMode = keyof typeof BIO_BIND;
export type TlsVersionName = keyof typeof TLS_VERSION;
export const IP_FAMILIES = Object.keys(BIO_FAMILY) as IpFamily[];
export const BIND_MODES = Object.keys(BIO_BIND) as BindMode[];
/** '' leaves the library's default. */
export const TLS_VERSIONS = ['', ...Object.keys(TLS_VERSION)] as ('' | TlsVersionName)[];

/** The fields of the BIO and TLS calls, beside the socket calls' own. */
export interface BioTlsFields {
  bio: string;
  ssl: string;
  ctx: string;
  /** BIO_set_conn_hostname's or BIO_set_accept_name's name. */
  bioName: string;
  port: string;
  ipFamily: IpFamily;
  bindMode: BindMode;
  /** BIO_set_nbio / BIO_set_nbio_accept: true is nonblocking. */
  on: boolean;
  /** BIO_do_connect_retry's timeout, in seconds. */
  retryTimeout: string;
  napMs: string;
  method: 'TLS_client_method' | 'TLS_server_method';
  verify: '' | 'SSL_VERIFY_NONE' | 'SSL_VERIFY_PEER';
  caFile: string;
  certFile: string;
  keyFile: string;
  minVersion: '' | TlsVersionName;
  maxVersion: '' | TlsVersionName;
  /** ALPN protocol names, comma-separated. */
  alpn: string;
  /** What SSL_new runs over: a workbench socket (SSL_set_fd) or a BIO (SSL_set_bio). */
  over: 'sock' | 'bio';
}

export const DEFAULT_BIO_TLS_FIELDS: BioTlsFields = {
  bio: '',
  ssl: '',
  ctx: '',
  bioName: '',
  port: '',
  ipFamily: 'BIO_FAMILY_IPV4',
  bindMode: 'BIO_BIND_REUSEADDR',
  on: true,
  retryTimeout: '5',
  napMs: '',
  method: 'TLS_client_method',
  verify: 'SSL_VERIFY_PEER',
  caFile: '',
  certFile: '',
  keyFile: '',
  minVersion: '',
  maxVersion: '',
  alpn: '',
  over: 'sock',
};

/** What a field of either kind is called in ComposerFields (the socket calls' names included). */
type FieldName = keyof BioTlsFields | 'as' | 'addr' | 'flags' | 'timeoutMs' | 'data' | 'max' | 'sock' | 'host';

/** Which fields a BIO or TLS call takes, so the form shows only those. */
export function bioTlsFieldsOf(call: BioTlsComposerCall, over: BioTlsFields['over'] = 'sock'): ReadonlySet<FieldName> {
  switch (call) {
    case 'BIO_new_connect':
    case 'BIO_new_accept':
      return new Set(['as', 'addr']);
    case 'BIO_set_conn_hostname':
    case 'BIO_set_accept_name':
      return new Set(['bio', 'bioName']);
    case 'BIO_set_conn_port':
    case 'BIO_set_accept_port':
      return new Set(['bio', 'port']);
    case 'BIO_set_conn_address':
      return new Set(['bio', 'addr']);
    case 'BIO_set_conn_ip_family':
    case 'BIO_set_accept_ip_family':
      return new Set(['bio', 'ipFamily']);
    case 'BIO_set_conn_mode':
      return new Set(['bio', 'flags']);
    case 'BIO_set_nbio':
    case 'BIO_set_nbio_accept':
      return new Set(['bio', 'on']);
    case 'BIO_do_connect':
    case 'BIO_get_fd':
    case 'BIO_free':
      return new Set(['bio']);
    case 'BIO_do_connect_retry':
      return new Set(['bio', 'retryTimeout', 'napMs']);
    case 'BIO_set_bind_mode':
      return new Set(['bio', 'bindMode']);
    case 'BIO_do_accept':
      return new Set(['bio', 'timeoutMs']);
    case 'BIO_pop':
      return new Set(['bio', 'as']);
    case 'SSL_CTX_new':
      return new Set(['as', 'method', 'verify', 'caFile', 'certFile', 'keyFile', 'minVersion', 'maxVersion', 'alpn']);
    case 'SSL_new':
      return new Set(['as', 'ctx', 'over', over === 'bio' ? 'bio' : 'sock', 'host']);
    case 'SSL_connect':
    case 'SSL_accept':
    case 'SSL_shutdown':
    case 'SSL_free':
      return new Set(['ssl']);
    case 'SSL_read':
      return new Set(['ssl', 'max']);
    case 'SSL_write':
      return new Set(['ssl', 'data']);
    case 'SSL_CTX_free':
      return new Set(['ctx']);
  }
}

const trimmed = (t: string): string | undefined => (t.trim() === '' ? undefined : t.trim());
const optionalInt = (t: string): number | undefined => (t.trim() === '' ? undefined : Number(t.trim()));

function contextStep(f: BioTlsFields & { as: string }): Step {
  const alpn = f.alpn
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return {
    call: 'SSL_CTX_new',
    as: f.as,
    method: f.method,
    verify: f.verify || undefined,
    caFile: trimmed(f.caFile),
    certFile: trimmed(f.certFile),
    keyFile: trimmed(f.keyFile),
    minVersion: f.minVersion || undefined,
    maxVersion: f.maxVersion || undefined,
    alpn: alpn.length ? alpn : undefined,
  };
}

/** The fields of the socket calls a BIO or TLS step also reads. */
export interface SharedFields {
  as: string;
  addr: string;
  addrIndex: number | null;
  sock: string | number;
  options: string[] | undefined;
  timeoutMs: string;
  data: string;
  max: string;
  host: string;
}

/** The step a BIO or TLS call's fields describe; the host validates it, naming any field it refuses. */
export function buildBioTlsStep(call: BioTlsComposerCall, f: BioTlsFields, s: SharedFields): Step {
  const bio = f.bio.trim();
  switch (call) {
    case 'BIO_new_connect':
    case 'BIO_new_accept':
      return { call, as: s.as, addr: s.addr };
    case 'BIO_set_conn_hostname':
    case 'BIO_set_accept_name':
      return { call, bio, name: f.bioName };
    case 'BIO_set_conn_port':
    case 'BIO_set_accept_port':
      return { call, bio, port: f.port };
    case 'BIO_set_conn_address':
      return { call, bio, addr: s.addr, addrIndex: s.addrIndex ?? undefined };
    case 'BIO_set_conn_ip_family':
    case 'BIO_set_accept_ip_family':
      return { call, bio, family: f.ipFamily };
    case 'BIO_set_conn_mode':
      return { call, bio, options: s.options ?? 0 };
    case 'BIO_set_nbio':
    case 'BIO_set_nbio_accept':
      return { call, bio, on: f.on };
    case 'BIO_do_connect':
    case 'BIO_get_fd':
    case 'BIO_free':
      return { call, bio };
    case 'BIO_do_connect_retry':
      return { call, bio, timeout: Number(f.retryTimeout.trim()), napMs: optionalInt(f.napMs) };
    case 'BIO_set_bind_mode':
      return { call, bio, mode: f.bindMode };
    case 'BIO_do_accept':
      return { call, bio, timeoutMs: optionalInt(s.timeoutMs) };
    case 'BIO_pop':
      return { call, bio, as: s.as };
    default:
      return buildTlsStep(call, f, s);
  }
}

function buildTlsStep(call: (typeof TLS_COMPOSER_CALLS)[number], f: BioTlsFields, s: SharedFields): Step {
  const ssl = f.ssl.trim();
  switch (call) {
    case 'SSL_CTX_new':
      return contextStep({ ...f, as: s.as });
    case 'SSL_new':
      return { call, as: s.as, ctx: f.ctx.trim(), ...(f.over === 'bio' ? { bio: f.bio.trim() } : { sock: s.sock }), host: trimmed(s.host) };
    case 'SSL_connect':
    case 'SSL_accept':
    case 'SSL_shutdown':
    case 'SSL_free':
      return { call, ssl };
    case 'SSL_read':
      return { call, ssl, max: Number(s.max) };
    case 'SSL_write':
      return { call, ssl, data: s.data };
    case 'SSL_CTX_free':
      return { call, ctx: f.ctx.trim() };
  }
}

/** The object a BIO or TLS call's `as` makes, and the composer field later calls name it by. */
export function madeObjectField(call: string): 'bio' | 'ssl' | 'ctx' | null {
  if (call === 'BIO_new_connect' || call === 'BIO_new_accept' || call === 'BIO_pop') return 'bio';
  if (call === 'SSL_new') return 'ssl';
  if (call === 'SSL_CTX_new') return 'ctx';
  return null;
}

/** Names the composer gives what a call makes when none is typed: cb1, ab1, pb1, ctx1, tls1. */
export const OBJECT_NAME_PREFIX: Partial<Record<BioTlsComposerCall, string>> = { BIO_new_connect: 'cb', BIO_new_accept: 'ab', BIO_pop: 'pb', SSL_CTX_new: 'ctx', SSL_new: 'tls' };

/** A server context needs a certificate and key: the demo pair fills them when none is typed. */
export function withMethod(f: Pick<BioTlsFields, 'certFile' | 'keyFile'>, method: BioTlsFields['method']): Partial<BioTlsFields> {
  // A server rarely asks its clients for a certificate; a client verifies its server.
  if (method !== 'TLS_server_method') return { method, verify: 'SSL_VERIFY_PEER' };
  return { method, verify: '', certFile: f.certFile.trim() || 'demo', keyFile: f.keyFile.trim() || 'demo' };
}
