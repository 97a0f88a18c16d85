// The hostile values each kind of request field must refuse, and the call templates they are planted
// in: the catalogue the request fuzzer draws from.
import { MAX_DATA_BYTES } from '../../shared/steps';
import type { Transport } from './fuzz-case';

export class Deep {
  constructor(readonly depth: number, readonly array: boolean) {}
  value(): unknown {
    let v: unknown = 0;
    for (let i = 0; i < this.depth; i++) v = this.array ? [v] : { a: v };
    return v;
  }
  json(): string {
    return this.array ? '['.repeat(this.depth) + '0' + ']'.repeat(this.depth) : '{"a":'.repeat(this.depth) + '0' + '}'.repeat(this.depth);
  }
}


export function deepObject(depth: number, array: boolean): Deep {
  return new Deep(depth, array);
}

type Wrong = { value: unknown; sub?: string; mentions?: string; prefix?: boolean };
const w = (value: unknown, extra: Omit<Wrong, 'value'> = {}): Wrong => ({ value, ...extra });

/** Values each kind of field must refuse. IPC (structured clone) carries values JSON cannot. */
export function wrongValues(kind: string, transport: Transport): Wrong[] {
  const nonJson = transport === 'ipc' ? [NaN, Infinity, -Infinity, 10n, new Date(0), new Map([[1, 2]]), new Uint8Array(4)] : [];
  const numberish = [1.5, 2 ** 53, -(2 ** 53), 1e308, -1e308, 'NaN', '1', null, true, {}, [], ...nonJson];
  const pools: Record<string, unknown[]> = {
    sock: [true, false, null, {}, [], [3], { fd: 3 }, 1.5, -2, 2 ** 31, 2 ** 53, 1e308, -1e308, '', '1abc', '-1', ' x', 'a b', 'a'.repeat(65), '../etc/passwd', '\u0000', ...nonJson],
    addr: [5, null, true, {}, [], '', 'noport', '127.0.0.1', '127.0.0.1:80:90', 'host:', 'a b:80', '[::1]', 'x'.repeat(301) + ':1', ...nonJson],
    addrIndex: [-1, 256, ...numberish],
    options: [-1, 2 ** 31, 1.5, 1e308, 'BIO_SOCK_NODELAY', 'NaN', {}, true, null, Array(33).fill('BIO_SOCK_NODELAY'), ...nonJson],
    optionsList: [['BIO_SOCK_FOO'], ['bio_sock_nodelay'], ['BIO_SOCK_NODELAY', 16], ['BIO_SOCK_NODELAY', 'BIO_SOCK_TFOO'], ['__proto__'], ['constructor']],
    timeoutMs: [-1, 3_600_001, ...numberish],
    name: [5, '', '1abc', 'a'.repeat(65), 'a b', 'é', null, {}, ...nonJson],
    data: [5, null, {}, [], true, ...nonJson],
    dataHex: ['zz', 'abc', 'ab cd e', 5, null, {}, ...nonJson],
    max: [0, -1, MAX_DATA_BYTES + 1, ...numberish],
    for: ['error', '', 'READABLE', 5, null, ...nonJson],
    backlog: [-1, 65536, ...numberish],
    how: ['SHUT_NONE', 'shut_wr', 0, 1, null],
    domain: ['AF_PACKET', 'af_inet', 'AF_INET ', '', 2, null],
    socktype: ['SOCK_RAW', 'SOCK_SEQPACKET', 1, null],
    protocol: ['IPPROTO_ICMP', 'tcp', 6, 1, -1, null],
    note: [5, 'n'.repeat(2001), {}, null],
    background: ['true', 1, null, 'yes'],
    text300: ['', 5, null, {}, 'h'.repeat(301)],
    lookupType: ['BIO_LOOKUP_BOTH', 0, null],
    family: ['AF_PACKET', 10, null],
    mode: ['BIO_BIND_FOO', 1, null],
    stepNo: [-1, 1.5, '0', null, 2 ** 53, ...nonJson],
    callId: [5, '', 'a'.repeat(65), 'a b', '../x', null, {}, ...nonJson],
    offset: [-1, ...numberish],
    limit: [0, 10_001, -1, ...numberish],
  };
  if (kind === 'options') return [...pools.options.map((v) => w(v)), ...pools.optionsList.map((v) => w(v, { prefix: true }))];
  if (kind === 'expect') {
    return [w(5), w('x'), w([]), w({ ret: 'x' }, { sub: 'ret' }), w({ errno: 'enoent' }, { sub: 'errno' }), w({ unknownKey: 1 }, { sub: 'unknownKey', mentions: 'unknownKey' }), w({ applied: { SO_REUSEADDR: 'yes' } }, { sub: 'applied.SO_REUSEADDR' }), w(deepObject(200, false), { sub: 'a', mentions: 'a' })];
  }
  return (pools[kind] ?? pools.sock).map((v) => w(v));
}

interface Template {
  call: string;
  /** Field name -> kind of value; required ones are listed in `required`. */
  fields: Record<string, string>;
  required: string[];
  base: (sock: string | number) => Record<string, unknown>;
  /** Only mutated forms are sent: a valid one would make a real call (a socket, a lookup). */
  mutateOnly?: boolean;
}

const common = { note: 'note', background: 'background', expect: 'expect' };
export const TEMPLATES: Template[] = [
  { call: 'BIO_socket', mutateOnly: true, fields: { as: 'name', domain: 'domain', socktype: 'socktype', protocol: 'protocol', options: 'options', ...common }, required: ['domain', 'socktype'], base: () => ({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }) },
  { call: 'BIO_bind', fields: { sock: 'sock', addr: 'addr', addrIndex: 'addrIndex', options: 'options', ...common }, required: ['sock', 'addr'], base: (sock) => ({ call: 'BIO_bind', sock, addr: '127.0.0.1:0' }) },
  { call: 'BIO_connect', fields: { sock: 'sock', addr: 'addr', addrIndex: 'addrIndex', options: 'options', timeoutMs: 'timeoutMs', ...common }, required: ['sock', 'addr'], base: (sock) => ({ call: 'BIO_connect', sock, addr: '127.0.0.1:1', timeoutMs: 100 }) },
  { call: 'BIO_listen', fields: { sock: 'sock', addr: 'addr', addrIndex: 'addrIndex', options: 'options', ...common }, required: ['sock', 'addr'], base: (sock) => ({ call: 'BIO_listen', sock, addr: '127.0.0.1:0', options: ['BIO_SOCK_REUSEADDR'] }) },
  { call: 'BIO_accept_ex', fields: { sock: 'sock', as: 'name', options: 'options', timeoutMs: 'timeoutMs', ...common }, required: ['sock'], base: (sock) => ({ call: 'BIO_accept_ex', sock, timeoutMs: 0 }) },
  { call: 'BIO_accept', fields: { sock: 'sock', as: 'name', timeoutMs: 'timeoutMs', ...common }, required: ['sock'], base: (sock) => ({ call: 'BIO_accept', sock, timeoutMs: 0 }) },
  { call: 'BIO_closesocket', fields: { sock: 'sock', ...common }, required: ['sock'], base: (sock) => ({ call: 'BIO_closesocket', sock }) },
  { call: 'BIO_sock_error', fields: { sock: 'sock', ...common }, required: ['sock'], base: (sock) => ({ call: 'BIO_sock_error', sock }) },
  { call: 'BIO_write', fields: { sock: 'sock', data: 'data', timeoutMs: 'timeoutMs', ...common }, required: ['sock'], base: (sock) => ({ call: 'BIO_write', sock, data: 'hello' }) },
  { call: 'BIO_write', fields: { sock: 'sock', dataHex: 'dataHex', timeoutMs: 'timeoutMs', ...common }, required: ['sock'], base: (sock) => ({ call: 'BIO_write', sock, dataHex: '68 69' }) },
  { call: 'BIO_read', fields: { sock: 'sock', max: 'max', timeoutMs: 'timeoutMs', ...common }, required: ['sock', 'max'], base: (sock) => ({ call: 'BIO_read', sock, max: 16, timeoutMs: 0 }) },
  { call: 'wait', fields: { sock: 'sock', for: 'for', timeoutMs: 'timeoutMs', ...common }, required: ['sock', 'for', 'timeoutMs'], base: (sock) => ({ call: 'wait', sock, for: 'readable', timeoutMs: 0 }) },
  { call: 'listen', fields: { sock: 'sock', backlog: 'backlog', ...common }, required: ['sock', 'backlog'], base: (sock) => ({ call: 'listen', sock, backlog: 0 }) },
  { call: 'shutdown', fields: { sock: 'sock', how: 'how', ...common }, required: ['sock', 'how'], base: (sock) => ({ call: 'shutdown', sock, how: 'SHUT_WR' }) },
  { call: 'BIO_lookup_ex', mutateOnly: true, fields: { addr: 'addr', lookupType: 'lookupType', family: 'family', socktype: 'socktype', ...common }, required: ['addr'], base: () => ({ call: 'BIO_lookup_ex', addr: '127.0.0.1:80' }) },
  { call: 'BIO_get_accept_socket', mutateOnly: true, fields: { hostPort: 'text300', mode: 'mode', as: 'name', ...common }, required: ['hostPort'], base: () => ({ call: 'BIO_get_accept_socket', hostPort: '127.0.0.1:0' }) },
  { call: 'BIO_get_port', mutateOnly: true, fields: { service: 'text300', ...common }, required: ['service'], base: () => ({ call: 'BIO_get_port', service: '80' }) },
  { call: 'BIO_get_host_ip', mutateOnly: true, fields: { host: 'text300', ...common }, required: ['host'], base: () => ({ call: 'BIO_get_host_ip', host: '127.0.0.1' }) },
  { call: 'BIO_gethostbyname', mutateOnly: true, fields: { host: 'text300', ...common }, required: ['host'], base: () => ({ call: 'BIO_gethostbyname', host: '127.0.0.1' }) },
  // Valid forms are refused by the engine: a scenario step, and the crash hook without its variable.
  { call: 'await', fields: { step: 'stepNo', note: 'note', expect: 'expect' }, required: ['step'], base: () => ({ call: 'await', step: 0 }) },
  { call: 'cancel', fields: { step: 'stepNo', note: 'note', expect: 'expect' }, required: ['step'], base: () => ({ call: 'cancel', step: 0 }) },
  { call: '__crash', fields: { note: 'note', background: 'background', expect: 'expect' }, required: [], base: () => ({ call: '__crash' }) },
];

export const UNKNOWN_CALLS = ['BIO_gethostname', 'BIO_nope', 'bio_socket', 'BIO_SOCKET', 'BIO_socket ', '', 'socket', 'close', 'system', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'BIO_free_all', 'BIO_sock_init', 'x'.repeat(10_000)];
export const UNKNOWN_METHODS = ['', 'Call', 'CALL', 'exec', 'spawnShell', 'eval', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'call ', 'info\n', '\u0000', 'x'.repeat(10_000), '../call'];
export const UNKNOWN_KEYS = ['flags', 'fd', 'unsafe', 'prototype', '__proto__', 'constructor', 'toString', 'callId ', 'CALL', 'Sock', 'nodeIntegration'];
/** Socket names no one gave; looked up in the engine's Map, never on an object's prototype. */
export const UNOWNED_NAMES = ['NaN', 'nobody', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'Infinity', 'undefined'];
