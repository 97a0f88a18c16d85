// The BIOs, SSL objects and TLS contexts this engine made, by name, beside the socket table. As
// with sockets, the engine acts only on objects it created, and a freed one is gone: a step
// naming it is refused before native code.
import type { Bindings, Pointer } from './bindings';
import { refuse, type Draft } from './records';
import type { SocketEntry } from './socket-table';
import { BIO_CTRL } from '../../shared/tls-facts';
import type { BioSnapshot } from '../../shared/record';

export interface BioEntry {
  kind: 'bio';
  name: string;
  ptr: Pointer;
  /** How it was made: BIO_new_connect, BIO_new_accept, or BIO_pop off an accept BIO. */
  origin: 'connect' | 'accept' | 'popped';
  /** Nonblocking as the BIO was told (BIO_set_nbio, BIO_set_nbio_accept, BIO_SOCK_NONBLOCK). */
  nbio: boolean;
  /** The SSL object SSL_set_bio gave it to: SSL_free frees it, so BIO_free is refused. */
  ownedBy: string | null;
  /** The BIO's socket as waits and snapshots see it: its fd is BIO_get_fd's answer, read when asked. */
  sock: SocketEntry;
}

export interface SslEntry {
  kind: 'ssl';
  name: string;
  ptr: Pointer;
  server: boolean;
  /** The context it was made from, by name. */
  ctx: string;
  /** The socket (SSL_set_fd) or BIO (SSL_set_bio) it runs over. */
  socket: SocketEntry | null;
  bio: BioEntry | null;
  inflight: Set<string>;
}

export interface CtxEntry {
  kind: 'ctx';
  name: string;
  ptr: Pointer;
  server: boolean;
}

type Entry = BioEntry | SslEntry | CtxEntry;
type KindOf<K extends Entry['kind']> = Extract<Entry, { kind: K }>;

const WHAT: Record<Entry['kind'], string> = { bio: 'BIO', ssl: 'TLS connection (SSL object)', ctx: 'TLS context (SSL_CTX)' };
const MADE_BY: Record<Entry['kind'], string> = { bio: 'BIO_new_connect, BIO_new_accept or BIO_pop', ssl: 'SSL_new', ctx: 'SSL_CTX_new' };

/** BIO_get_fd: the BIO's socket, -1 until it has one. */
export function bioFd(b: Bindings, bio: Pointer): number {
  return Number(b.crypto.BIO_ctrl(bio, BIO_CTRL.BIO_C_GET_FD, 0, null));
}

/** A socket-table-shaped view of a BIO's socket, never in the socket table: its fd is read live. */
function bioSocket(b: Bindings, name: string, ptr: Pointer, origin: BioEntry['origin']): SocketEntry {
  const entry: SocketEntry = {
    fd: -1,
    name,
    origin: origin === 'popped' ? 'accepted' : 'socket',
    connected: origin === 'connect',
    requested: {},
    bio: null,
    inflight: new Set(),
    kind: null,
    view: null,
  };
  Object.defineProperty(entry, 'fd', { get: () => bioFd(b, ptr), enumerable: true });
  return entry;
}

const METHOD_TYPES: Record<number, string> = { 0x0505: 'BIO_s_socket', 0x050c: 'BIO_s_connect', 0x050d: 'BIO_s_accept', 0x0207: 'BIO_f_ssl' };

export class TlsObjects {
  private readonly byName = new Map<string, Entry>();
  /** Names whose creating call failed or were freed: a later step on them is refused with why. */
  private readonly gone = new Map<string, string>();

  constructor(private readonly b: Bindings) {}

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entries(): Entry[] {
    return [...this.byName.values()];
  }

  /** The BIOs' sockets, as waits and snapshots see them (fd -1 until a BIO has one). */
  bioSockets(): SocketEntry[] {
    return this.entries().flatMap((e) => (e.kind === 'bio' ? [e.sock] : []));
  }

  /** The object a step names, of the kind the field takes, or null with the refusal on the record. */
  resolve<K extends Entry['kind']>(rec: Draft, name: string, kind: K): KindOf<K> | null {
    const entry = this.byName.get(name);
    if (entry?.kind === kind) return entry as KindOf<K>;
    if (entry) refuse(rec, `"${name}" is a ${WHAT[entry.kind]}, not a ${WHAT[kind]}`);
    else refuse(rec, this.gone.get(name) ?? `no ${WHAT[kind]} is named "${name}"; name one with "as" on ${MADE_BY[kind]}`);
    return null;
  }

  /** Whether a call may make an object named `as`: the name is free here and among the sockets. */
  mayAdd(rec: Draft, as: string, socketNamed: (name: string) => boolean): boolean {
    if (this.byName.has(as) || socketNamed(as)) {
      refuse(rec, `the name "${as}" is already in use; free that object (or close that socket) first, or pick another name`);
      return false;
    }
    return true;
  }

  addBio(name: string, ptr: Pointer, origin: BioEntry['origin']): BioEntry {
    const entry: BioEntry = { kind: 'bio', name, ptr, origin, nbio: false, ownedBy: null, sock: bioSocket(this.b, name, ptr, origin) };
    this.add(entry);
    return entry;
  }

  add(entry: Entry): void {
    this.byName.set(entry.name, entry);
    this.gone.delete(entry.name);
  }

  /** The object is freed (or was never made): later steps naming it are refused with `why`. */
  drop(name: string, why: string): void {
    this.byName.delete(name);
    this.gone.set(name, why);
  }

  /** A BIO as records show it: its type, fd and chain. */
  bioSnapshot(entry: BioEntry): BioSnapshot {
    const chain: string[] = [];
    for (let p: Pointer | null = entry.ptr, guard = 0; p !== null && guard < 16; p = this.b.crypto.BIO_next(p), guard++) chain.push(this.typeName(p));
    return { name: entry.name, type: chain[0], fd: bioFd(this.b, entry.ptr), chain, ownedBy: entry.ownedBy };
  }

  typeName(bio: Pointer): string {
    const t = this.b.crypto.BIO_method_type(bio);
    return METHOD_TYPES[t] ?? `type 0x${t.toString(16)}`;
  }

  /** Frees everything left, SSL objects first (they free the BIOs they own), at the session's end. */
  freeAll(): void {
    const order: Entry['kind'][] = ['ssl', 'bio', 'ctx'];
    for (const kind of order) {
      for (const e of this.entries().filter((x) => x.kind === kind)) {
        if (e.kind === 'ssl') this.b.ssl().SSL_free(e.ptr);
        else if (e.kind === 'bio' && e.ownedBy === null) this.b.crypto.BIO_free_all(e.ptr);
        else if (e.kind === 'ctx') this.b.ssl().SSL_CTX_free(e.ptr);
      }
    }
    this.byName.clear();
  }
}
