// What the engine reports about one call: the record `bio-workbench run --json` prints, one per step.
import type { PacketRecord } from './packets';

export interface ErrnoInfo {
  code: number;
  /** glibc's name (strerrorname_np): EAGAIN, not EWOULDBLOCK. */
  name: string;
  message: string;
}

export interface ErrorQueueEntry {
  code: number;
  /** Eight upper-case hex digits, e.g. 8000006F. */
  hex: string;
  library: string | null;
  reason: string | null;
  file: string | null;
  line: number;
  function: string | null;
  data: string | null;
  /** ERR_error_string_n's text. */
  text: string;
}

export type SocketRole = 'new' | 'bound' | 'listener' | 'client' | 'accepted' | 'datagram' | 'closed';

/** Kernel option names to their values: booleans, or numbers for TCP_FASTOPEN*. */
export type AppliedOptions = Record<string, boolean | number>;

export type { TcpInfo } from './tcp-info';
import type { TcpInfo } from './tcp-info';

export interface SocketSnapshot {
  fd: number;
  name: string | null;
  role: SocketRole;
  family: string;
  type: string;
  local: string | null;
  peer: string | null;
  /** The kernel's TCP state name (LISTEN, ESTABLISHED, CLOSE_WAIT...), or null when not TCP. */
  state: string | null;
  /** SO_ERROR, or "pending" when an error waits (reading it would clear it; BIO_sock_error reads it). */
  soError: number | 'pending';
  applied: AppliedOptions;
  requested: AppliedOptions;
  tcpInfo: TcpInfo | null;
  listener?: SocketSnapshot;
}

export interface AddressCandidate {
  family: string;
  address: string;
  used: boolean;
}

export interface ExpectMismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface ExpectResult {
  ok: boolean;
  mismatches: ExpectMismatch[];
}

/** Bytes a call moved, carried once, as lower-case hex; a page decodes them for text (see data-bytes.ts). */
export interface DataBytes {
  hex: string;
}

/**
 * What a BIO_write or BIO_read loop moved ("bytes", "until": "eof", or a "file" source), one
 * summary instead of a record per call. Byte fields are lower-case hex.
 */
export interface BulkSummary {
  direction: 'write' | 'read';
  /** Bytes that went (or came): for a cancelled or failed loop, exactly those. */
  bytes: number;
  /** What was asked: a byte count, or null for "until": "eof". */
  requested: number | null;
  /** Bytes asked of each call. */
  chunk: number;
  /** BIO_write or BIO_read calls made. */
  calls: number;
  /** Calls that moved fewer bytes than asked. */
  partial: number;
  /** Calls that returned -1 with EAGAIN, after which the loop waited for readiness (poll) and went on. */
  eagain: number;
  /** From the first call to the end of the last, on the thread that made them. */
  durationUs: number;
  /** SHA-256 of the bytes that went, hex. */
  sha256: string;
  /** The first (up to) 64 bytes, hex. */
  first: string;
  /** The last (up to) 64 bytes, hex; overlaps `first` when fewer than 128 bytes went. */
  last: string;
  /** A read loop met end of file (BIO_read returned 0). */
  eof: boolean;
}

/** How far a running loop has got: sent at most every ~100 ms while it runs. */
export interface BulkProgress {
  callId: string;
  direction: 'write' | 'read';
  bytes: number;
  requested: number | null;
  calls: number;
  /** How long no byte has moved, in whole seconds' worth of ms, once at least a second: the peer is not reading (write) or not sending (read). */
  stalledMs?: number;
}

/** A connect, accept or socket BIO as the engine holds it: its type, its fd once it has one, its chain. */
export interface BioSnapshot {
  name: string;
  /** BIO_s_connect, BIO_s_accept, BIO_s_socket... (by BIO_method_type). */
  type: string;
  /** BIO_get_fd's answer: -1 until the BIO has a socket. */
  fd: number;
  /** This BIO and the ones below it (BIO_next), by type: ["BIO_s_accept", "BIO_s_socket"]. */
  chain: string[];
  /** The SSL object that owns the BIO (SSL_set_bio), which frees it. */
  ownedBy: string | null;
  /** After a call that may ask to be retried: BIO_should_retry and what the BIO waits for. */
  retry?: { shouldRetry: boolean; read: boolean; write: boolean; ioSpecial: boolean; reason: string | null };
  freed?: boolean;
}

/** The BIO_ctrl call a BIO macro stands for (BIO_set_conn_hostname is BIO_ctrl(b, BIO_C_SET_CONNECT, 0, name)). */
export interface BioCtrl {
  cmd: number;
  name: string;
  larg: number;
  parg: string | number | null;
}

/** What libssl says of a TLS connection after a call. */
export interface TlsSnapshot {
  name: string;
  /** SSL_get_error(ssl, ret), read right after the call on its thread. */
  sslError: { code: number; name: string } | null;
  /** SSL_get_verify_result and its X509_verify_cert_error_string text. */
  verify: { code: number; text: string } | null;
  version: string | null;
  cipher: string | null;
  alpn: string | null;
  /** The key exchange group agreed (SSL_get_negotiated_group): builds differ here (seen: x25519 on 3.0, X25519MLKEM768 on 3.5, both ends at their defaults). */
  group?: string | null;
  peer: { subject: string | null; issuer: string | null } | null;
  /** SSL_state_string_long. */
  state: string | null;
  handshakeDone: boolean;
  freed?: boolean;
}

/** A TLS connection (SSL object) as a page lists it: what it runs over, its context, what libssl says of it. */
export interface SslObjectView {
  name: string;
  /** The socket (SSL_set_fd) or BIO (SSL_set_bio) it runs over, by name (a socket without one by its fd). */
  over: { kind: 'sock' | 'bio'; name: string } | null;
  ctx: string | null;
  tls: TlsSnapshot | null;
}

/** The BIOs, TLS connections and contexts an engine holds, beside its sockets. */
export interface SessionObjects {
  bios: BioSnapshot[];
  ssls: SslObjectView[];
  ctxs: { name: string; server: boolean }[];
}

export interface CallRecord {
  index: number;
  call: string;
  args: Record<string, unknown>;
  /** The call as a C expression, with names for sockets and flags. */
  c: string;
  ret: number | null;
  errno: ErrnoInfo | null;
  errorQueue: ErrorQueueEntry[];
  socket: SocketSnapshot | null;
  addresses: AddressCandidate[] | null;
  durationUs: number;
  blocked: boolean;
  cancelled: string | null;
  refused: string | null;
  warnings: string[];
  data: DataBytes | null;
  /** A BIO_write or BIO_read loop's summary (its `data` is null: the summary holds the first and last bytes). */
  bulk?: BulkSummary;
  /** Extra results some calls give (BIO_get_port's port, BIO_accept's "host:port" text...). */
  result?: Record<string, unknown>;
  expect: ExpectResult | null;
  deprecated?: boolean;
  /** The connect/accept BIO a call acted on or made. */
  bio?: BioSnapshot;
  /** The BIO_ctrl call behind a BIO macro. */
  ctrl?: BioCtrl;
  /** The TLS connection a libssl call acted on. */
  tls?: TlsSnapshot;
  startedAt: number;
  /** When the step started, microseconds since the epoch: packets are tied to steps by it. */
  startedAtUs?: number;
  /** When the C call itself began (after any wait for a thread or readiness), microseconds since the epoch. */
  calledAtUs?: number;
  /** The packets seen between this step's start and the next step's (a run with capture on). */
  packets?: PacketRecord[];
}

export interface LibcryptoInfo {
  path: string;
  resolvedPath: string | null;
  version: string;
  versionNumber: number;
  supports: { TFO: boolean };
}

export interface EngineInfo {
  libcrypto: LibcryptoInfo;
  pid: number;
  node: string;
  limits: { maxSockets: number; maxDataBytes: number; maxPoolThreads: number };
}

/** Which host wrote a session log: the desktop window, the web host, or the command line. */
export type SessionHost = 'window' | 'web' | 'cli';

/** An earlier session's log on disk (a host killed mid-session leaves its file behind). */
export interface SessionLogInfo {
  id: string;
  /** The host process that wrote it (from the file name), or null. */
  pid: number | null;
  /** The host that wrote it (from the file name), or null for logs written before hosts said so. */
  host: SessionHost | null;
  /** The first record's startedAt (ms since the epoch), or null when the log is empty. */
  startedAt: number | null;
  modifiedAt: number;
  entries: number;
  bytes: number;
  /** The last line was cut short (the host died mid-write); it is left out of `entries`. */
  torn: boolean;
}

/** One page of earlier sessions, newest first: only logs holding calls are listed. */
export interface SessionLogPage {
  sessions: SessionLogInfo[];
  /** The id to ask `before` for the next page, or null at the oldest. */
  next: string | null;
  /** Logs in this page's range that hold no calls: counted, not listed. */
  withoutCalls: number;
}

/** A scenario's run: what `bio-workbench run --json` prints, and each side of a comparison. */
export interface ScenarioResult {
  ok: boolean;
  title: string | null;
  libcrypto: LibcryptoInfo | null;
  steps: CallRecord[];
  /** Why the run failed, one entry per mismatch; empty when it passed. */
  failures: RunFailure[];
}

export interface RunFailure {
  step: number;
  field: string;
  message: string;
}
