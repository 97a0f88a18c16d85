// The connect and accept BIOs and the TLS steps of a scenario, as export-commands sees them: a
// connect BIO is a connection, an accept BIO a listener, and SSL_new over either (or over a socket
// a listener accepted) puts that context's TLS on the listener or connection.
import { cExpression } from '../c-expression';
import type { FlagName } from '../flags';
import type { StepOf } from '../steps';
import type { BioTlsStep } from '../tls-step-kind';
import type { Endpoint, NoEquivalent } from './endpoint-types';
import { honoured } from './honoured';
import { TLS_DIR_VARIABLE, TLS_DIR_WHAT, tlsSide, usesDemo } from './tls-side';

export interface BioTlsWalk {
  endpoints: Endpoint[];
  noEquivalent: NoEquivalent[];
  /** An accepted socket's or popped BIO's name, and the listener (socket or accept BIO) that gave it. */
  accepted: Map<string, string>;
  contexts: Map<string, { step: StepOf<'SSL_CTX_new'>; i: number; used: boolean }>;
}

/** A `{name.port}`-filled address split into host and port, variables noted. */
type Split = (addr: string, name: string, variables: Record<string, string>) => { host: string | null; port: string | null };

const WHY: Partial<Record<BioTlsStep['call'], string>> = {
  BIO_set_conn_hostname: 'changes the address after BIO_new_connect: the commands use the address BIO_new_connect was given',
  BIO_set_conn_port: 'changes the port after BIO_new_connect: the commands use the address BIO_new_connect was given',
  BIO_set_conn_address: 'changes the address after BIO_new_connect: the commands use the address BIO_new_connect was given',
  BIO_set_accept_name: 'changes the address after BIO_new_accept: the commands use the address BIO_new_accept was given',
  BIO_set_accept_port: 'changes the port after BIO_new_accept: the commands use the address BIO_new_accept was given',
  BIO_set_conn_ip_family: 'the commands pick the family from the address (-4 or -6)',
  BIO_set_accept_ip_family: 'the commands pick the family from the address (-4 or -6)',
  BIO_get_fd: 'the commands have no BIO to ask for its fd',
  BIO_free: 'the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)',
  BIO_pop: 'socat, ncat and openssl s_server accept the connection themselves, as part of listening',
  SSL_connect: 's_client makes the handshake itself as soon as it is connected',
  SSL_accept: 's_server makes the handshake itself with each connection it accepts',
  SSL_read: 'no option reads: s_client and s_server print what they receive',
  SSL_write: 'no option sends data: type it into s_client or s_server (their standard input)',
  SSL_shutdown: 's_client and s_server send their close_notify when they end (Ctrl-D, or Q on a line of its own)',
  SSL_free: 'the commands free their TLS objects when they exit',
  SSL_CTX_free: 'the commands free their TLS objects when they exit',
};

/** The listener or connection a socket or BIO name stands for (an accepted one's listener), latest first. */
function endpointOf(w: BioTlsWalk, name: string): Endpoint | undefined {
  const owner = w.accepted.get(name) ?? name;
  return [...w.endpoints].reverse().find((e) => e.socket === owner && (owner === name || e.kind === 'listen'));
}

function addSteps(e: Endpoint, ...steps: number[]): void {
  e.steps = [...new Set([...e.steps, ...steps])].sort((a, b) => a - b);
}

function addFlags(e: Endpoint, flags: FlagName[]): void {
  e.flags = [...new Set([...e.flags, ...flags])];
}

/** BIO_new_connect or BIO_new_accept: a connection or a listener of its own, named by the BIO. */
function newBio(w: BioTlsWalk, step: StepOf<'BIO_new_connect' | 'BIO_new_accept'>, i: number, split: Split): void {
  const variables: Record<string, string> = {};
  const { host, port } = split(step.addr, step.as, variables);
  const listen = step.call === 'BIO_new_accept';
  w.endpoints.push({
    kind: listen ? 'listen' : 'connect',
    socket: step.as,
    transport: 'tcp',
    family: host?.includes(':') ? 'AF_INET6' : 'AF_INET',
    host: listen && host === '*' ? null : host,
    port,
    source: null,
    flags: [],
    backlog: null,
    steps: [i],
    variables,
    caveats: [],
    tls: null,
  });
}

/** SSL_new over a listener's or connection's socket or BIO: the context's TLS goes on that endpoint. */
function sslNew(w: BioTlsWalk, step: StepOf<'SSL_new'>, i: number): void {
  const on = step.bio ?? String(step.sock);
  const e = endpointOf(w, on);
  const ctx = w.contexts.get(step.ctx);
  if (!e || !ctx) {
    w.noEquivalent.push({ step: i, c: cExpression(step), why: `${on} is no listener's or connection's socket in this scenario` });
    return;
  }
  ctx.used = true;
  addSteps(e, ctx.i, i);
  if (e.tls && e.tls.ctx !== step.ctx) {
    e.caveats.push(`its connections use the contexts ${e.tls.ctx} and ${step.ctx}: the openssl command asks what ${e.tls.ctx} asks`);
    return;
  }
  if (e.tls) return;
  e.tls = tlsSide(ctx.step, ctx.i, step, i);
  if (usesDemo(e.tls)) e.variables[TLS_DIR_VARIABLE] = TLS_DIR_WHAT;
}

/** What a BIO setting asks of its endpoint, as BIO_SOCK_* flags. */
function bioFlags(step: BioTlsStep): FlagName[] | null {
  switch (step.call) {
    case 'BIO_set_conn_mode':
      return honoured('BIO_connect', step.options);
    case 'BIO_set_bind_mode':
      return step.mode === 'BIO_BIND_NORMAL' ? [] : ['BIO_SOCK_REUSEADDR'];
    case 'BIO_set_nbio':
    case 'BIO_set_nbio_accept':
      return step.on ? ['BIO_SOCK_NONBLOCK'] : [];
    case 'BIO_do_connect':
    case 'BIO_do_connect_retry':
    case 'BIO_do_accept':
      return [];
    default:
      return null;
  }
}

/** One connect/accept BIO or TLS step: an endpoint made, configured, or a step with no command. */
export function bioTlsStep(w: BioTlsWalk, step: BioTlsStep, i: number, split: Split): void {
  if (step.call === 'BIO_new_connect' || step.call === 'BIO_new_accept') return newBio(w, step, i, split);
  if (step.call === 'SSL_CTX_new') return void w.contexts.set(step.as, { step, i, used: false });
  if (step.call === 'SSL_new') return sslNew(w, step, i);
  if (step.call === 'BIO_pop') w.accepted.set(step.as, step.bio);
  const flags = bioFlags(step);
  const e = 'bio' in step ? endpointOf(w, step.bio) : undefined;
  if (flags && e) {
    addSteps(e, i);
    return addFlags(e, flags);
  }
  w.noEquivalent.push({ step: i, c: cExpression(step), why: WHY[step.call] ?? `${step.call} acts on a BIO no BIO_new_connect or BIO_new_accept in this scenario made` });
}
