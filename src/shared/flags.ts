// The BIO_SOCK_* option flags as data: the composer, validation, warnings and export-c all read
// this table. Meanings are the manual's FLAGS section (reference/BIO_connect.pod), one line each.

export type FlagName =
  | 'BIO_SOCK_REUSEADDR'
  | 'BIO_SOCK_V6_ONLY'
  | 'BIO_SOCK_KEEPALIVE'
  | 'BIO_SOCK_NONBLOCK'
  | 'BIO_SOCK_NODELAY'
  | 'BIO_SOCK_TFO';

/** The setup calls that take an `options` argument. */
export type OptionCall = 'BIO_socket' | 'BIO_bind' | 'BIO_connect' | 'BIO_listen' | 'BIO_accept_ex';

export interface FlagSpec {
  name: FlagName;
  bit: number;
  /** First OpenSSL release whose headers define the flag, as OPENSSL_VERSION_NUMBER. */
  sinceVersion: number;
  sinceText: string;
  /** Calls that honour the flag, per the manual's DESCRIPTION and FLAGS sections. */
  honouredBy: readonly OptionCall[];
  /** The kernel option the flag sets, as the socket snapshot's `applied` names it. */
  applies: string;
  meaning: string;
}

const V1_1_0 = 0x10100000;
const V3_2_0 = 0x30200000;

export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'BIO_SOCK_REUSEADDR',
    bit: 0x01,
    sinceVersion: V1_1_0,
    sinceText: '1.1.0',
    honouredBy: ['BIO_bind', 'BIO_listen'],
    applies: 'SO_REUSEADDR',
    meaning: 'Try to reuse the address and port combination for a recently closed port.',
  },
  {
    name: 'BIO_SOCK_V6_ONLY',
    bit: 0x02,
    sinceVersion: V1_1_0,
    sinceText: '1.1.0',
    honouredBy: ['BIO_listen'],
    applies: 'IPV6_V6ONLY',
    meaning: 'When creating an IPv6 socket, make it only listen for IPv6 addresses and not IPv4 addresses mapped to IPv6.',
  },
  {
    name: 'BIO_SOCK_KEEPALIVE',
    bit: 0x04,
    sinceVersion: V1_1_0,
    sinceText: '1.1.0',
    honouredBy: ['BIO_connect', 'BIO_listen'],
    applies: 'SO_KEEPALIVE',
    meaning: 'Enables regular sending of keep-alive messages.',
  },
  {
    name: 'BIO_SOCK_NONBLOCK',
    bit: 0x08,
    sinceVersion: V1_1_0,
    sinceText: '1.1.0',
    honouredBy: ['BIO_connect', 'BIO_listen', 'BIO_accept_ex'],
    applies: 'O_NONBLOCK',
    meaning: 'Sets the socket to nonblocking mode.',
  },
  {
    name: 'BIO_SOCK_NODELAY',
    bit: 0x10,
    sinceVersion: V1_1_0,
    sinceText: '1.1.0',
    honouredBy: ['BIO_connect', 'BIO_listen'],
    applies: 'TCP_NODELAY',
    meaning: 'Corresponds to TCP_NODELAY, and disables the Nagle algorithm: data is sent as soon as possible.',
  },
  {
    name: 'BIO_SOCK_TFO',
    bit: 0x20,
    sinceVersion: V3_2_0,
    sinceText: '3.2',
    honouredBy: ['BIO_connect', 'BIO_listen'],
    applies: 'TCP_FASTOPEN',
    meaning: 'Enables TCP Fast Open on the socket.',
  },
];

export const FLAG_NAMES = FLAGS.map((f) => f.name) as readonly FlagName[];
export const ALL_KNOWN_BITS = FLAGS.reduce((acc, f) => acc | f.bit, 0);
export const MAX_OPTIONS = 2 ** 31 - 1;

export function flagByName(name: string): FlagSpec | undefined {
  return FLAGS.find((f) => f.name === name);
}

/** Options as given (an integer, or a list of full C names) to the integer C receives. */
export function composeOptions(options: number | readonly string[] | undefined): number {
  if (options === undefined) return 0;
  if (typeof options === 'number') return options;
  let value = 0;
  for (const name of options) {
    const flag = flagByName(name);
    if (!flag) throw new Error(`unknown flag ${name}`);
    value |= flag.bit;
  }
  return value;
}

/** The C expression of an options integer: known bits by name, the rest as hex. */
export function optionsExpression(value: number): string {
  if (value === 0) return '0';
  const parts: string[] = FLAGS.filter((f) => (value & f.bit) !== 0).map((f) => f.name);
  const unknown = value & ~ALL_KNOWN_BITS;
  if (unknown !== 0) parts.push(`0x${unknown.toString(16)}`);
  return parts.join(' | ');
}

export interface FlagContext {
  call: OptionCall;
  /** OPENSSL_VERSION_NUMBER of the loaded libcrypto. */
  versionNumber: number;
  /** Socket family of the socket the call acts on, when known. */
  family?: 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
  socktype?: 'SOCK_STREAM' | 'SOCK_DGRAM';
}

/** Warnings for flags a call ignores, that the loaded libcrypto predates, or that are unknown. */
export function flagWarnings(value: number, ctx: FlagContext): string[] {
  const warnings: string[] = [];
  for (const flag of FLAGS) {
    if ((value & flag.bit) === 0) continue;
    if (ctx.versionNumber < flag.sinceVersion) {
      warnings.push(
        `${flag.name} (0x${flag.bit.toString(16).padStart(2, '0')}) means nothing to the loaded libcrypto: it was added in OpenSSL ${flag.sinceText}; the bit is passed through and ignored`,
      );
      continue;
    }
    if (!flag.honouredBy.includes(ctx.call)) {
      const by = flag.honouredBy.length ? flag.honouredBy.join(', ') : 'no call';
      warnings.push(`${ctx.call} ignores ${flag.name}; it is honoured by ${by}`);
      continue;
    }
    if (flag.name === 'BIO_SOCK_V6_ONLY' && ctx.family && ctx.family !== 'AF_INET6') {
      warnings.push(`BIO_SOCK_V6_ONLY applies only to IPv6 sockets; this one is ${ctx.family}`);
    }
    if ((flag.name === 'BIO_SOCK_NODELAY' || flag.name === 'BIO_SOCK_TFO') && (ctx.family === 'AF_UNIX' || ctx.socktype === 'SOCK_DGRAM')) {
      warnings.push(`${flag.name} is a TCP option; on this socket the setsockopt fails and ${ctx.call} returns an error`);
    }
  }
  const unknown = value & ~ALL_KNOWN_BITS;
  if (unknown !== 0) {
    warnings.push(`options bits 0x${unknown.toString(16)} are not BIO_SOCK_* flags; they are passed through as C would`);
  }
  return warnings;
}
