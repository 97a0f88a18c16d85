// What a scenario or a live socket amounts to outside the workbench: listeners and connections
// (their address, family, transport and the BIO_SOCK_* flags asked for), and the steps no
// command-line tool can stand in for, each with why.
import { cExpression } from '../c-expression';
import { FLAGS, type FlagName } from '../flags';
import { honoured } from './honoured';
import { parseAddress } from '../address';
import type { SocketSnapshot } from '../record';
import type { Scenario, Step, StepOf } from '../steps';
import { isBioTlsStep } from '../tls-step-kind';
import { bioTlsStep, type BioTlsWalk } from './bio-tls-walk';
import { literal } from './tls-side';
import type { Endpoint, NoEquivalent, Transport } from './endpoint-types';

export type { Endpoint, NoEquivalent } from './endpoint-types';

export interface Endpoints {
  endpoints: Endpoint[];
  noEquivalent: NoEquivalent[];
}

interface SocketInfo {
  name: string;
  family: Endpoint['family'];
  socktype: 'SOCK_STREAM' | 'SOCK_DGRAM';
  steps: number[];
  /** `anyPort`: bound to port 0, the kernel's pick; `variables`: what its port stands for, when a listener needs it named. */
  bound: { host: string | null; port: string | null; flags: FlagName[]; anyPort: boolean; variables: Record<string, string> } | null;
  /** A literal port the socket is bound to ({name.port} resolves to it); null when the kernel picks. */
  fixedPort: string | null;
}

function transportOf(family: Endpoint['family'], socktype: SocketInfo['socktype']): Transport {
  if (family === 'AF_UNIX') return socktype === 'SOCK_STREAM' ? 'unix-stream' : 'unix-dgram';
  return socktype === 'SOCK_STREAM' ? 'tcp' : 'udp';
}

export function portVariable(name: string): string {
  return `PORT_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

const TMP_VARIABLE = 'TMP_DIR';

/** Why each step that makes no listener or connection has no command of its own. */
function noEquivalentWhy(step: Step): string | null {
  if (isBioTlsStep(step)) return null;
  switch (step.call) {
    case 'BIO_socket':
    case 'BIO_bind':
    case 'BIO_listen':
    case 'BIO_connect':
    case 'listen':
    case 'BIO_get_accept_socket':
      return null;
    case 'BIO_accept_ex':
    case 'BIO_accept':
      return 'socat, ncat and openssl s_server accept the connection themselves, as part of listening';
    case 'BIO_write':
      return 'no option sends data: type it into the command (its standard input)';
    case 'BIO_read':
      return 'no option reads: the command prints what it receives';
    case 'wait':
      return 'the commands wait for data on their own; there is no separate poll(2) to ask for';
    case 'BIO_sock_error':
      return 'no command reads SO_ERROR on request; they report a failed connect themselves';
    case 'BIO_closesocket':
      return 'the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)';
    case 'shutdown':
      return 'no option shuts a socket down; ending the input of socat or ncat (Ctrl-D) shuts down their sending side';
    case 'BIO_lookup_ex':
    case 'BIO_get_port':
    case 'BIO_get_host_ip':
    case 'BIO_gethostbyname':
      return 'a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers';
    case 'await':
    case 'cancel':
      return 'scenario control: each command runs one listener or connection in the foreground';
    case '__crash':
      return 'a test-only hook of the workbench';
  }
}

/** Fills {name.port} and {tmp}: a literal port where the scenario fixes one, else a shell variable. */
export function fillPlaceholders(addr: string, sockets: Map<string, SocketInfo>, variables: Record<string, string>): string {
  return literal(addr).replace(/\{(?:tmp|([A-Za-z_][A-Za-z0-9_-]*)\.port)\}/g, (_whole, name: string | undefined) => {
    if (name === undefined) {
      variables[TMP_VARIABLE] = "a directory for the socket file ({tmp} in the scenario), whose path holds none of socat's `:` `,` or `!!` (they are not escaped in a variable)";
      return `$${TMP_VARIABLE}`;
    }
    const fixed = sockets.get(name)?.fixedPort;
    if (fixed) return fixed;
    variables[portVariable(name)] = `the port socket ${name} is bound to (the kernel picks it: port 0 in the scenario)`;
    return `$${portVariable(name)}`;
  });
}

export function splitAddress(addr: string, socketName: string, variables: Record<string, string>): { host: string | null; port: string | null } {
  const parts = parseAddress(addr);
  if (parts.unix) return { host: parts.host, port: null };
  if (parts.service === '0') {
    variables[portVariable(socketName)] = `a port for ${socketName} (port 0 in the scenario lets the kernel pick one; a command needs one named)`;
    return { host: parts.host, port: `$${portVariable(socketName)}` };
  }
  return { host: parts.host, port: parts.service };
}

/** What walking a scenario's steps has found so far. */
interface Walk extends BioTlsWalk {
  sockets: Map<string, SocketInfo>;
}

/** BIO_get_accept_socket's host:port, with BIO_BIND_REUSEADDR as the one option its mode carries. */
function acceptSocketListener(step: StepOf<'BIO_get_accept_socket'>, i: number): Endpoint {
  const name = step.as ?? `step${i}`;
  const variables: Record<string, string> = {};
  const { host, port } = splitAddress(literal(step.hostPort.includes(':') ? step.hostPort : `*:${step.hostPort}`), name, variables);
  const info: SocketInfo = { name, family: host?.includes(':') ? 'AF_INET6' : 'AF_INET', socktype: 'SOCK_STREAM', steps: [i], bound: null, fixedPort: null };
  return listenerOf(info, host === '*' ? null : host, port, step.mode === 'BIO_BIND_REUSEADDR' ? ['BIO_SOCK_REUSEADDR'] : [], null, variables);
}

/** A bind, a listen (BIO_listen or listen(2)) or a connect on a socket an earlier BIO_socket made. */
function addressStep(w: Walk, step: StepOf<'BIO_bind' | 'BIO_listen' | 'BIO_connect' | 'listen'>, i: number): void {
  const info = w.sockets.get(String(step.sock));
  if (!info) {
    w.noEquivalent.push({ step: i, c: cExpression(step), why: `acts on socket ${String(step.sock)}, which no earlier BIO_socket in this scenario made` });
    return;
  }
  info.steps.push(i);
  if (step.call === 'listen') {
    if (info.bound) w.endpoints.push(listenerOf(info, info.bound.host, info.bound.port, info.bound.flags, step.backlog, { ...info.bound.variables }));
    else w.noEquivalent.push({ step: i, c: cExpression(step), why: `listen(2) on ${info.name}, which was never bound: the kernel would pick a port nobody can name` });
    return;
  }
  const variables: Record<string, string> = {};
  const { host, port } = splitAddress(fillPlaceholders(step.addr, w.sockets, variables), info.name, variables);
  if (step.call !== 'BIO_connect' && port && /^\d+$/.test(port)) info.fixedPort = port;
  if (step.call === 'BIO_bind') {
    info.bound = { host, port, flags: honoured('BIO_bind', step.options), anyPort: parseAddress(step.addr).service === '0', variables };
    // A bound datagram socket receives: it stands for a listener of its own.
    if (info.socktype === 'SOCK_DGRAM') w.endpoints.push(listenerOf(info, host, port, info.bound.flags, null, variables));
    return;
  }
  const flags = [...new Set([...(info.bound?.flags ?? []), ...honoured(step.call, step.options)])];
  if (step.call === 'BIO_listen') return void w.endpoints.push(listenerOf(info, host, port, flags, null, variables));
  // A connection bound to port 0 leaves its source port to the kernel, as a command does when it names none.
  const sourcePort = info.bound?.anyPort ? null : (info.bound?.port ?? null);
  const source = info.bound && (info.bound.host !== null || sourcePort !== null) ? { host: info.bound.host, port: sourcePort } : null;
  if (sourcePort !== null) Object.assign(variables, info.bound?.variables);
  w.endpoints.push({ ...listenerOf(info, host, port, flags, null, variables), kind: 'connect', source });
}

/** The listeners and connections a scenario makes, and its steps that have no command equivalent. */
export function scenarioEndpoints(scenario: Scenario): Endpoints {
  const w: Walk = { sockets: new Map(), endpoints: [], noEquivalent: [], accepted: new Map(), contexts: new Map() };
  (scenario.steps as Step[]).forEach((step, i) => {
    const why = noEquivalentWhy(step);
    if (why) w.noEquivalent.push({ step: i, c: cExpression(step), why });
    if (step.call === 'BIO_accept_ex' && step.as) w.accepted.set(step.as, String(step.sock));
    if (isBioTlsStep(step)) bioTlsStep(w, step, i, (addr, name, variables) => splitAddress(fillPlaceholders(addr, w.sockets, variables), name, variables));
    else if (step.call === 'BIO_socket') {
      const name = step.as ?? `step${i}`;
      w.sockets.set(name, { name, family: step.domain, socktype: step.socktype, steps: [i], bound: null, fixedPort: null });
    } else if (step.call === 'BIO_get_accept_socket') w.endpoints.push(acceptSocketListener(step, i));
    else if (step.call === 'BIO_bind' || step.call === 'BIO_listen' || step.call === 'BIO_connect' || step.call === 'listen') addressStep(w, step, i);
  });
  for (const [name, c] of w.contexts) if (!c.used) w.noEquivalent.push({ step: c.i, c: cExpression(c.step), why: `no SSL_new in this scenario puts context ${name} on a listener's or connection's socket` });
  w.noEquivalent.sort((a, b) => a.step - b.step);
  return { endpoints: w.endpoints, noEquivalent: w.noEquivalent };
}

function listenerOf(info: SocketInfo, host: string | null, port: string | null, flags: FlagName[], backlog: number | null, variables: Record<string, string>): Endpoint {
  return {
    kind: 'listen',
    socket: info.name,
    transport: transportOf(info.family, info.socktype),
    family: info.family,
    host,
    port,
    source: null,
    flags,
    backlog,
    steps: [...info.steps],
    variables,
    caveats: [],
    tls: null,
  };
}

/** The flags a live socket's requested kernel options stand for. */
function flagsRequested(s: Pick<SocketSnapshot, 'requested'>): FlagName[] {
  return FLAGS.filter((f) => {
    const v = s.requested[f.applies];
    return v !== undefined && v !== false && v !== 0;
  }).map((f) => f.name);
}

function addressParts(addr: string): { host: string | null; port: string | null } {
  const parts = parseAddress(literal(addr));
  return parts.unix ? { host: parts.host, port: null } : { host: parts.host === '0.0.0.0' || parts.host === '::' ? null : parts.host, port: parts.service };
}

/** A live socket as a listener or connection, or why it is neither yet. */
export function socketEndpoint(s: SocketSnapshot): { endpoint: Endpoint } | { why: string } {
  const family = s.family as Endpoint['family'];
  if (family !== 'AF_INET' && family !== 'AF_INET6' && family !== 'AF_UNIX') return { why: `a ${s.family} socket has no command equivalent` };
  const socktype = s.type === 'SOCK_DGRAM' ? 'SOCK_DGRAM' : 'SOCK_STREAM';
  const name = s.name ?? `fd${s.fd}`;
  const base = { socket: name, transport: transportOf(family, socktype), family, source: null, backlog: null, steps: [], variables: {}, caveats: [] as string[], tls: null };
  const flags = flagsRequested(s);
  if (s.role === 'listener' && s.local) return { endpoint: { ...base, kind: 'listen', ...addressParts(s.local), flags } };
  if (s.role === 'accepted' && s.local) {
    return {
      endpoint: {
        ...base,
        kind: 'listen',
        ...addressParts(s.local),
        flags: flags.filter((f) => f !== 'BIO_SOCK_NONBLOCK'),
        caveats: [`${name} was accepted by a listener on ${s.local}: these commands listen there and accept one connection, as that listener did`],
      },
    };
  }
  if ((s.role === 'client' || s.role === 'datagram') && s.peer) return { endpoint: { ...base, kind: 'connect', ...addressParts(s.peer), flags } };
  if (s.role === 'datagram' && s.local) return { endpoint: { ...base, kind: 'listen', ...addressParts(s.local), flags } };
  if (s.role === 'closed') return { why: `${name} is closed` };
  return { why: `${name} neither listens nor is connected yet: a command only listens or connects` };
}
