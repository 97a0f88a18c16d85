// A listener or connection as socat, ncat and openssl s_server / s_client command lines, with
// which BIO_SOCK_* flags each maps, which it cannot, and what the tool does that was not asked
// for. What each tool sets was read from its own system calls (strace): socat sets only what its
// address options name; ncat sets SO_REUSEADDR on every listener, IPV6_V6ONLY on an IPv6 one, and
// drives every socket non-blocking; s_server sets SO_REUSEADDR always and IPV6_V6ONLY on an IPv6
// listener; s_client sets TCP_NODELAY always and makes its connect blocking even with -nbio.
import type { FlagName } from '../flags';
import { shellTemplateWord, shellWordProblem } from '../escape/shell';
import type { Endpoint } from './endpoint-types';
import { tlsProblem, tlsWords } from './tls-words';

export type Tool = 'socat' | 'ncat' | 'openssl';

export interface ToolCommand {
  tool: Tool;
  /** The command line, or null when the tool has no equivalent (`notes` say why). */
  command: string | null;
  /** Flags the command line maps. */
  mapped: FlagName[];
  /** Plain words: what is not mapped, and what the tool does that was not asked for. */
  notes: string[];
}

/** One command line: each word through shellTemplateWord (the endpoint's `$NAME` variables spliced, all else single-quoted). */
const line = (words: string[]): string => words.map(shellTemplateWord).join(' ');

/** A value inside a socat address: its special characters (`:` `,` `!!` quotes, brackets) escaped with `\`, as socat allows. */
function socatValue(text: string): string {
  return text.replace(/[\\:,!()[\]{}'"]/g, '\\$&');
}

/** Why no command line can hold the endpoint's text (a control character in a field), or null. */
function unsayable(e: Endpoint): string | null {
  const unix = e.transport === 'unix-stream' || e.transport === 'unix-dgram';
  const fields: [string, string | null | undefined][] = [
    [unix ? 'unix path' : 'host', e.host],
    ['port', e.port],
    ['source host', e.source?.host],
    ['source port', e.source?.port],
  ];
  for (const [field, value] of fields) {
    const problem = value ? shellWordProblem(value) : null;
    if (problem) return `left out: its ${field} ${problem}`;
  }
  return null;
}

const has = (e: Endpoint, f: FlagName): boolean => e.flags.includes(f);

/** host:port, an IPv6 host in brackets (`v6`: say so when the host text is escaped). */
function hostPort(host: string, port: string, v6 = host.includes(':')): string {
  return v6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A host for a listener that BIO_listen binds: null is every address of the family. */
function listenHost(e: Endpoint): string | null {
  return e.host === null || ['', '*', '0.0.0.0', '::'].includes(e.host) ? null : e.host;
}

const TFO_TOOLS = 'TCP Fast Open (BIO_SOCK_TFO)';

function socat(e: Endpoint): ToolCommand {
  const mapped: FlagName[] = [];
  const notes: string[] = [];
  const opts: string[] = [];
  const map = (flag: FlagName, opt: string) => {
    if (has(e, flag)) {
      opts.push(opt);
      mapped.push(flag);
    }
  };
  const v = e.family === 'AF_INET6' ? '6' : '4';
  let address: string;
  if (e.transport === 'unix-stream' || e.transport === 'unix-dgram') {
    const kind = e.transport === 'unix-dgram' ? (e.kind === 'listen' ? 'UNIX-RECVFROM' : 'UNIX-SENDTO') : e.kind === 'listen' ? 'UNIX-LISTEN' : 'UNIX-CONNECT';
    address = `${kind}:${socatValue(e.host ?? '')}`;
  } else if (e.kind === 'listen') {
    address = `${e.transport === 'udp' ? 'UDP' : 'TCP'}${v}-LISTEN:${socatValue(e.port ?? '0')}`;
    const host = listenHost(e);
    if (host) opts.push(`bind=${e.family === 'AF_INET6' ? `[${socatValue(host)}]` : socatValue(host)}`);
    map('BIO_SOCK_REUSEADDR', 'reuseaddr');
    if (e.transport === 'tcp') {
      map('BIO_SOCK_KEEPALIVE', 'keepalive');
      map('BIO_SOCK_NODELAY', 'nodelay');
      if (has(e, 'BIO_SOCK_KEEPALIVE') || has(e, 'BIO_SOCK_NODELAY')) notes.push('socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit');
    }
    if (e.family === 'AF_INET6') {
      // BIO_listen sets IPV6_V6ONLY either way on an IPv6 listener: on with the flag, off without.
      opts.push(`ipv6only=${has(e, 'BIO_SOCK_V6_ONLY') ? 1 : 0}`);
      if (has(e, 'BIO_SOCK_V6_ONLY')) mapped.push('BIO_SOCK_V6_ONLY');
    }
    if (e.backlog !== null) opts.push(`backlog=${e.backlog}`);
  } else {
    address = `${e.transport === 'udp' ? 'UDP' : 'TCP'}${v}:${hostPort(socatValue(e.host ?? (v === '6' ? '::1' : '127.0.0.1')), socatValue(e.port ?? '0'), e.host?.includes(':') ?? v === '6')}`;
    if (e.source) opts.push(`bind=${e.family === 'AF_INET6' && e.source.host ? `[${socatValue(e.source.host)}]` : socatValue(e.source.host ?? '')}${e.source.port ? `:${socatValue(e.source.port)}` : ''}`);
    map('BIO_SOCK_REUSEADDR', 'reuseaddr');
    if (e.transport === 'tcp') {
      map('BIO_SOCK_KEEPALIVE', 'keepalive');
      map('BIO_SOCK_NODELAY', 'nodelay');
      map('BIO_SOCK_NONBLOCK', 'nonblock');
    }
  }
  if (has(e, 'BIO_SOCK_TFO')) notes.push(`socat has no option for ${TFO_TOOLS}`);
  notes.push(...datagramNotes(e));
  if (e.kind === 'listen' && has(e, 'BIO_SOCK_NONBLOCK')) notes.push(nonblockingListener);
  return { tool: 'socat', command: line(['socat', ...(e.kind === 'listen' ? [withOptions(address, opts), 'STDIO'] : ['STDIO', withOptions(address, opts)])]), mapped, notes };
}

const withOptions = (address: string, opts: string[]) => [address, ...opts].join(',');

/** TCP-only flags asked of a datagram socket: the call fails setting them, which no command does. */
function datagramNotes(e: Endpoint): string[] {
  if (e.transport !== 'udp' && e.transport !== 'unix-dgram') return [];
  return (['BIO_SOCK_NODELAY', 'BIO_SOCK_TFO'] as const)
    .filter((f) => has(e, f))
    .map((f) => `${f} is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces`);
}

const nonblockingListener =
  'BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do';

function ncat(e: Endpoint): ToolCommand {
  const notes: string[] = [];
  const mapped: FlagName[] = [];
  const words = ['ncat'];
  if (e.transport === 'udp' || e.transport === 'unix-dgram') words.push('-u');
  if (e.transport === 'unix-stream' || e.transport === 'unix-dgram') {
    words.push('-U');
    if (e.kind === 'listen') words.push('-l');
    words.push('--', e.host ?? ''); // `--`: a path is never read as an option
  } else {
    words.push(e.family === 'AF_INET6' ? '-6' : '-4');
    if (e.kind === 'listen') {
      words.push('-l');
      const host = listenHost(e);
      words.push('--'); // `--`: a host or port is never read as an option (--sh-exec=...)
      if (host) words.push(host);
      words.push(e.port ?? '0');
      if (e.transport === 'tcp') {
        if (has(e, 'BIO_SOCK_REUSEADDR')) mapped.push('BIO_SOCK_REUSEADDR');
        else notes.push('ncat sets SO_REUSEADDR on every listener (not asked for here)');
      }
      if (e.family === 'AF_INET6') {
        if (has(e, 'BIO_SOCK_V6_ONLY')) mapped.push('BIO_SOCK_V6_ONLY');
        else notes.push('ncat -6 sets IPV6_V6ONLY on its listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients');
      }
    } else {
      if (e.source?.host) words.push('-s', e.source.host);
      if (e.source?.port) words.push('-p', e.source.port);
      words.push('--', e.host ?? (e.family === 'AF_INET6' ? '::1' : '127.0.0.1'), e.port ?? '0');
      if (e.transport === 'tcp') {
        if (has(e, 'BIO_SOCK_NONBLOCK')) mapped.push('BIO_SOCK_NONBLOCK');
        else notes.push('ncat connects without blocking (O_NONBLOCK) whatever is asked');
      }
    }
  }
  for (const [flag, what] of [
    ['BIO_SOCK_KEEPALIVE', 'SO_KEEPALIVE'],
    ['BIO_SOCK_NODELAY', 'TCP_NODELAY'],
    ['BIO_SOCK_TFO', 'TCP_FASTOPEN'],
  ] as const) {
    if (has(e, flag) && (flag === 'BIO_SOCK_KEEPALIVE' || e.transport === 'tcp')) notes.push(`ncat has no option for ${what} (${flag})`);
  }
  notes.push(...datagramNotes(e));
  if (e.kind === 'listen' && e.transport !== 'tcp' && has(e, 'BIO_SOCK_REUSEADDR')) notes.push('ncat has no option for SO_REUSEADDR here (BIO_SOCK_REUSEADDR)');
  if (e.kind === 'connect' && has(e, 'BIO_SOCK_REUSEADDR')) notes.push('ncat has no option for SO_REUSEADDR on a connection (BIO_SOCK_REUSEADDR)');
  if (e.kind === 'listen' && has(e, 'BIO_SOCK_NONBLOCK')) notes.push(nonblockingListener);
  if (e.backlog !== null) notes.push(`ncat has no option for the listen backlog (${e.backlog})`);
  return { tool: 'ncat', command: line(words), mapped, notes };
}

const TLS_NOTE = 'openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries';

function openssl(e: Endpoint): ToolCommand {
  if (e.transport === 'udp' || e.transport === 'unix-dgram') {
    return { tool: 'openssl', command: null, mapped: [], notes: ['openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol'] };
  }
  const problem = e.tls ? tlsProblem(e.tls) : null;
  if (problem) return { tool: 'openssl', command: null, mapped: [], notes: [problem] };
  const tls = e.tls ? tlsWords(e.tls, e.kind) : null;
  // With TLS steps the scenario speaks TLS itself: the line carries its options instead of the note.
  const notes: string[] = tls ? [] : [TLS_NOTE];
  const mapped: FlagName[] = [];
  const words = ['openssl', e.kind === 'listen' ? 's_server' : 's_client'];
  const unix = e.transport === 'unix-stream';
  if (e.kind === 'listen') {
    const host = listenHost(e);
    if (unix) words.push('-unix', e.host ?? '');
    else words.push(e.family === 'AF_INET6' ? '-6' : '-4', '-accept', host ? hostPort(host, e.port ?? '0') : (e.port ?? '0'));
    if (!e.tls?.certFile) {
      words.push('-cert', 'cert.pem', '-key', 'key.pem');
      notes.push('s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem');
    }
    if (!unix) {
      if (has(e, 'BIO_SOCK_REUSEADDR')) mapped.push('BIO_SOCK_REUSEADDR');
      else notes.push('s_server sets SO_REUSEADDR on every listener (not asked for here)');
      if (e.family === 'AF_INET6') {
        if (has(e, 'BIO_SOCK_V6_ONLY')) mapped.push('BIO_SOCK_V6_ONLY');
        else notes.push('s_server sets IPV6_V6ONLY on an IPv6 listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients');
      }
    }
    if (has(e, 'BIO_SOCK_NONBLOCK')) notes.push(nonblockingListener);
    if (e.backlog !== null) notes.push(`s_server has no option for the listen backlog (${e.backlog})`);
  } else {
    if (unix) words.push('-unix', e.host ?? '');
    else {
      words.push(e.family === 'AF_INET6' ? '-6' : '-4', '-connect', hostPort(e.host ?? (e.family === 'AF_INET6' ? '::1' : '127.0.0.1'), e.port ?? '0'));
      if (e.source) words.push('-bind', e.source.host ? hostPort(e.source.host, e.source.port ?? '0') : `:${e.source.port ?? '0'}`);
      if (has(e, 'BIO_SOCK_NODELAY')) mapped.push('BIO_SOCK_NODELAY');
      else notes.push('s_client sets TCP_NODELAY on every TCP connection (not asked for here)');
      if (has(e, 'BIO_SOCK_NONBLOCK')) notes.push('s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect');
    }
  }
  if (has(e, 'BIO_SOCK_KEEPALIVE')) notes.push(`openssl ${words[1]} has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)`);
  if (e.kind === 'listen' && has(e, 'BIO_SOCK_NODELAY')) notes.push('s_server has no option for TCP_NODELAY (BIO_SOCK_NODELAY)');
  if (tls) {
    words.push(...tls.words);
    notes.push(...tls.notes);
  }
  if (has(e, 'BIO_SOCK_TFO')) {
    words.push('-tfo');
    mapped.push('BIO_SOCK_TFO');
    notes.push('-tfo needs the openssl command of OpenSSL 3.2 or later');
  }
  return { tool: 'openssl', command: line(words), mapped, notes };
}

/** The three tools' commands for one listener or connection. */
export function toolCommands(e: Endpoint): ToolCommand[] {
  const why = unsayable(e);
  if (why) return (['socat', 'ncat', 'openssl'] as const).map((tool) => ({ tool, command: null, mapped: [], notes: [why] }));
  return [socat(e), ncat(e), openssl(e)];
}
