// Facts about the connect/accept BIO and TLS calls that need no schema (the engine, which trusts
// its host's validation, loads no schema library): names, the numbers in OpenSSL 3's headers.

/** The connect BIO's calls (BIO_s_connect(3)), in the order a person makes them. */
export const CONNECT_BIO_CALLS = [
  'BIO_new_connect',
  'BIO_set_conn_hostname',
  'BIO_set_conn_port',
  'BIO_set_conn_address',
  'BIO_set_conn_ip_family',
  'BIO_set_conn_mode',
  'BIO_set_nbio',
  'BIO_do_connect',
  'BIO_do_connect_retry',
  'BIO_get_fd',
  'BIO_free',
] as const;
/** The accept BIO's calls (BIO_s_accept(3)). */
export const ACCEPT_BIO_CALLS = ['BIO_new_accept', 'BIO_set_accept_name', 'BIO_set_accept_port', 'BIO_set_accept_ip_family', 'BIO_set_bind_mode', 'BIO_set_nbio_accept', 'BIO_do_accept', 'BIO_pop'] as const;

/** The calls of BIO_s_connect(3) and BIO_s_accept(3) a step can name. */
export const BIO_CALLS = [...CONNECT_BIO_CALLS, ...ACCEPT_BIO_CALLS] as const;

/** The libssl calls a step can name. */
export const TLS_CALLS = ['SSL_CTX_new', 'SSL_CTX_free', 'SSL_new', 'SSL_connect', 'SSL_accept', 'SSL_read', 'SSL_write', 'SSL_shutdown', 'SSL_free'] as const;

export type BioCallName = (typeof BIO_CALLS)[number];
export type TlsCallName = (typeof TLS_CALLS)[number];

/** What a step's name stands for: the socket table's sockets, or the BIOs, SSL objects and contexts beside them. */
export type ObjectKind = 'socket' | 'bio' | 'ssl' | 'ctx';

/** The kind of thing a call's `as` names. */
export function madeKind(call: string): ObjectKind {
  if (call === 'BIO_new_connect' || call === 'BIO_new_accept' || call === 'BIO_pop') return 'bio';
  if (call === 'SSL_new') return 'ssl';
  if (call === 'SSL_CTX_new') return 'ctx';
  return 'socket';
}

// Asked of every call's C expression: a set, not a walk of two lists.
const BIO_TLS_CALLS: ReadonlySet<string> = new Set([...BIO_CALLS, ...TLS_CALLS]);

export function isBioTlsCall(call: string): call is BioCallName | TlsCallName {
  return BIO_TLS_CALLS.has(call);
}

/** Why export-c leaves BIO_set_conn_address out, for now. */
export const BIO_TLS_NOT_IN_C = 'BIO_set_conn_address is not exported to C yet (the workbench runs it; this program does not make it)';

/** BIO_ctrl command codes (openssl/bio.h), by the name the header gives them. */
export const BIO_CTRL = {
  BIO_C_SET_CONNECT: 100,
  BIO_C_DO_STATE_MACHINE: 101,
  BIO_C_SET_NBIO: 102,
  BIO_C_GET_FD: 105,
  BIO_C_SET_ACCEPT: 118,
  BIO_C_SET_BIND_MODE: 131,
  BIO_C_SET_CONNECT_MODE: 155,
} as const;

export const BIO_FAMILY = { BIO_FAMILY_IPV4: 4, BIO_FAMILY_IPV6: 6, BIO_FAMILY_IPANY: 256 } as const;
/** BIO_BIND_REUSEADDR and BIO_BIND_REUSEADDR_IF_UNUSED are both BIO_SOCK_REUSEADDR in OpenSSL 3. */
export const BIO_BIND = { BIO_BIND_NORMAL: 0, BIO_BIND_REUSEADDR: 1, BIO_BIND_REUSEADDR_IF_UNUSED: 1 } as const;

export const TLS_VERSION = { TLS1_VERSION: 0x0301, TLS1_1_VERSION: 0x0302, TLS1_2_VERSION: 0x0303, TLS1_3_VERSION: 0x0304 } as const;
export const SSL_VERIFY = { SSL_VERIFY_NONE: 0, SSL_VERIFY_PEER: 1 } as const;

/** SSL_get_error's results (openssl/ssl.h), by number. */
export const SSL_ERROR_NAMES: Record<number, string> = {
  0: 'SSL_ERROR_NONE',
  1: 'SSL_ERROR_SSL',
  2: 'SSL_ERROR_WANT_READ',
  3: 'SSL_ERROR_WANT_WRITE',
  4: 'SSL_ERROR_WANT_X509_LOOKUP',
  5: 'SSL_ERROR_SYSCALL',
  6: 'SSL_ERROR_ZERO_RETURN',
  7: 'SSL_ERROR_WANT_CONNECT',
  8: 'SSL_ERROR_WANT_ACCEPT',
  9: 'SSL_ERROR_WANT_ASYNC',
  10: 'SSL_ERROR_WANT_ASYNC_JOB',
  11: 'SSL_ERROR_WANT_CLIENT_HELLO_CB',
  12: 'SSL_ERROR_WANT_RETRY_VERIFY',
};

/** A certificate, key or CA file of "demo" is the demonstration pair shipped in resources/tls. */
export const DEMO_FILE = 'demo';
