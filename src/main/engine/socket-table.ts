// The sockets this engine made, by fd and by name. The engine acts only on its own sockets: a
// call asks the table for its socket and gets the entry, or a refusal written on its record.
import type { Pointer } from './bindings';
import { refuse, type Draft } from './records';
import type { KernelView, SocketKind } from './snapshot';
import type { AppliedOptions } from '../../shared/record';
import { refusals } from '../../shared/refusals';

export interface SocketEntry {
  fd: number;
  name: string | null;
  origin: 'socket' | 'accepted';
  connected: boolean;
  /** What the calls' BIO_SOCK_* options asked the kernel for, to show beside what it applied. */
  requested: AppliedOptions;
  /** The socket BIO that reads and writes go through, made on first use. */
  bio: Pointer | null;
  /** Calls in flight on this socket, so closing it can end them first. */
  inflight: Set<string>;
  /** Family and type, once known (from the call that made the socket, or read once). */
  kind: SocketKind | null;
  /** The kernel's view at the last read, so a later look reads again only what can have changed. */
  view: KernelView | null;
}

export class SocketTable {
  private readonly byFd = new Map<number, SocketEntry>();
  private readonly names = new Map<string, number>();
  /** Names whose BIO_socket (or accept) failed: a later step on them is refused, not guessed. */
  private readonly failedNames = new Map<string, string>();

  /** Names held by something else of the engine's (its BIOs, SSL objects and contexts share the names). */
  otherNames: (name: string) => boolean = () => false;

  constructor(readonly maxSockets: number) {}

  get size(): number {
    return this.byFd.size;
  }

  entries(): SocketEntry[] {
    return [...this.byFd.values()];
  }

  has(fd: number): boolean {
    return this.byFd.has(fd);
  }

  get(fd: number): SocketEntry | undefined {
    return this.byFd.get(fd);
  }

  /** The socket a step names (`as` name or fd number), or null with the refusal on the record. */
  resolve(rec: Draft, sock: string | number): SocketEntry | null {
    if (typeof sock === 'string') {
      const fd = this.names.get(sock);
      if (fd !== undefined) {
        rec.args.fd = fd; // the name resolved, as the record's args promise
        return this.byFd.get(fd)!;
      }
      refuse(rec, this.failedNames.get(sock) ?? refusals.noSuchName(sock));
      return null;
    }
    const entry = this.byFd.get(sock);
    if (entry) return entry;
    refuse(rec, refusals.notOurs(sock));
    return null;
  }

  /** Whether an open socket has this name (the BIOs and TLS objects share the names). */
  named(name: string): boolean {
    return this.names.has(name);
  }

  /** Whether a call may make a new socket named `as`: the name is free and the limit not reached. */
  mayAdd(rec: Draft, as: string | undefined): boolean {
    if (as !== undefined && this.names.has(as)) {
      refuse(rec, refusals.nameInUse(as, this.names.get(as)!));
      return false;
    }
    if (as !== undefined && this.otherNames(as)) {
      refuse(rec, `the name "${as}" is already in use by a BIO, SSL object or TLS context; free it first or pick another name`);
      return false;
    }
    if (this.byFd.size >= this.maxSockets) {
      refuse(rec, refusals.atLimit(this.byFd.size, this.maxSockets));
      return false;
    }
    return true;
  }

  adopt(fd: number, name: string | null, origin: SocketEntry['origin'], kind: SocketKind | null = null): SocketEntry {
    const entry: SocketEntry = { fd, name, origin, connected: false, requested: {}, bio: null, inflight: new Set(), kind, view: null };
    this.byFd.set(fd, entry);
    if (name) {
      this.names.set(name, fd);
      this.failedNames.delete(name);
    }
    return entry;
  }

  /** The call that was to make socket `name` failed: later steps naming it are refused with `why`. */
  nameFailed(name: string, why: string): void {
    this.failedNames.set(name, why);
  }

  forget(entry: SocketEntry): void {
    this.byFd.delete(entry.fd);
    if (entry.name) this.names.delete(entry.name);
  }

  clear(): void {
    this.byFd.clear();
    this.names.clear();
  }

  /** How records and events name the socket: its name, else its fd. */
  static label(entry: SocketEntry): string {
    return entry.name ?? String(entry.fd);
  }
}
