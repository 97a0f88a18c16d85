// A call log rebuilt as a lesson (a scenario file): each record's args become a step again, its
// C expression the step's note, and what happened then (ret, errno) its expectation. Sockets get
// names (fd numbers differ from run to run), ports the kernel picked become {name.port}, and the
// session's own directory becomes {tmp}, so the lesson replays anywhere. It runs in the page,
// which loads no schema library (zod tries eval, which the page's policy forbids): the args were
// checked against the contract when the calls were made, and each change here keeps them valid.
import { printableText } from './data-bytes';
import type { CallRecord } from './record';
import type { Scenario, Step } from './steps';

const CREATES_SOCKET: ReadonlySet<string> = new Set(['BIO_socket', 'BIO_accept_ex', 'BIO_accept', 'BIO_get_accept_socket']);
const BINDS_PORT: ReadonlySet<string> = new Set(['BIO_bind', 'BIO_listen', 'BIO_get_accept_socket']);
/** What the engine and the runner add to a step's args: not part of a step. */
const ADDED_ARGS = ['fd', 'addrResolved', 'background'];
const MAX_STEPS = 100_000;
const MAX_NAME = 64;

export interface LeftOut {
  position: number;
  c: string;
  why: string;
}

export interface Lesson {
  /** null when no record could be rebuilt (a scenario has at least one step). */
  scenario: Scenario | null;
  leftOut: LeftOut[];
}

export interface LessonOptions {
  title?: string;
  /** The session's {tmp} directory: unix paths under it become {tmp}/... */
  tmpDir?: string | null;
}

function portOf(addr: string | null | undefined): string | null {
  const m = addr?.match(/^(?!unix:).*:(\d+)$/);
  return m && m[1] !== '0' ? m[1] : null;
}

class Names {
  private readonly used = new Set<string>();
  /** A name the session used, to the lesson's name for the socket holding it now. */
  readonly byName = new Map<string, string>();
  readonly byFd = new Map<number, string>();
  /** A port a socket of the lesson is (or was last) bound to, to that socket's name. */
  readonly ports = new Map<string, string>();

  fresh(wanted: string): string {
    let name = wanted.slice(0, MAX_NAME);
    for (let n = 2; this.used.has(name); n++) name = `${wanted.slice(0, MAX_NAME - String(n).length - 1)}_${n}`;
    this.used.add(name);
    return name;
  }

  resolve(sock: unknown): string | null {
    if (typeof sock === 'number') return this.byFd.get(sock) ?? null;
    if (typeof sock === 'string') return this.byName.get(sock) ?? null;
    return null;
  }

  /** A closed socket's name no longer resolves; its port still reads as {name.port} (a refused connect to it, say) until another socket binds that port. */
  forget(lessonName: string): void {
    for (const map of [this.byName, this.byFd] as Map<unknown, string>[]) {
      for (const [k, v] of map) if (v === lessonName) map.delete(k);
    }
  }
}

/** A record's args are the step the contract checked when it was called, plus what was added above. */
function isStepShaped(args: Record<string, unknown>): args is Step & Record<string, unknown> {
  return typeof args.call === 'string' && (!('sock' in args) || typeof args.sock === 'string');
}

function whyLeftOut(r: CallRecord): string | null {
  if (r.call === 'await' || r.call === 'cancel') return 'scenario control: the background step it waited for is in the log itself';
  if (r.call === '__crash') return 'a test-only crash hook';
  if (r.index < 0) return r.cancelled ?? 'the engine that would have made it was gone';
  if (r.refused) return `refused before the call (${r.refused}): nothing reached libcrypto`;
  if (r.cancelled) return `cancelled (${r.cancelled}): replayed, it would wait with nobody to end it`;
  return null;
}

/** Rebuilds one record as a step, or says why it cannot be. */
function rebuild(r: CallRecord, names: Names, tmpDir: string | null): { step: Step; socket: string | null } | { why: string } {
  const args: Record<string, unknown> = { ...r.args };
  for (const key of ADDED_ARGS) delete args[key];
  // One BIO_write's bytes are carried once, in the record's data (as hex), not in its args: text a
  // person could type goes back into the lesson as text, anything else as hex.
  if (r.call === 'BIO_write' && r.data && !('data' in args) && !('dataHex' in args)) {
    const text = printableText(r.data.hex);
    if (text !== null) args.data = text;
    else args.dataHex = r.data.hex;
  }
  const resolvedAddr = typeof r.args.addrResolved === 'string' ? r.args.addrResolved : typeof r.args.addr === 'string' ? r.args.addr : null;
  if (resolvedAddr !== null) {
    let addr = resolvedAddr;
    if (tmpDir && addr.startsWith(`unix:${tmpDir}/`)) addr = `unix:{tmp}${addr.slice(5 + tmpDir.length)}`;
    const port = portOf(addr);
    const owner = port ? names.ports.get(port) : undefined;
    if (port && owner) addr = `${addr.slice(0, -port.length)}{${owner}.port}`;
    args.addr = addr;
  }
  let socket: string | null = null;
  if ('sock' in args) {
    socket = names.resolve(args.sock);
    if (!socket) return { why: `acts on socket ${JSON.stringify(args.sock)}, which no earlier call in this log made (or it was closed)` };
    args.sock = socket;
  }
  if (CREATES_SOCKET.has(r.call)) {
    delete args.as;
    if (r.ret !== null && r.ret >= 0) {
      const was = r.socket?.name ?? (typeof r.args.as === 'string' ? r.args.as : null);
      const name = names.fresh(was ?? `fd${r.ret}`);
      args.as = name;
      if (was) names.byName.set(was, name);
      names.byFd.set(r.ret, name);
    }
  }
  const fdCall = CREATES_SOCKET.has(r.call);
  args.note = r.c;
  args.expect = { ret: fdCall && r.ret !== null && r.ret >= 0 ? 'fd' : r.ret, errno: r.errno?.name ?? null };
  if (!isStepShaped(args)) return { why: 'its record names no call' };
  return { step: args, socket };
}

/** What the record changed about the lesson's sockets: a port now bound, a socket closed. */
function afterStep(r: CallRecord, step: Step, socket: string | null, names: Names): void {
  const own = socket ?? ('as' in step && step.as ? step.as : null);
  if (!own) return;
  if (r.call === 'BIO_closesocket' && r.ret === 1) {
    names.forget(own);
    return;
  }
  const port = BINDS_PORT.has(r.call) && r.ret !== null && r.ret >= 0 ? portOf(r.socket?.local) : null;
  // The newest socket bound to a port names it from then on.
  if (port) names.ports.set(port, own);
}

export function lessonFromRecords(records: readonly CallRecord[], opts: LessonOptions = {}): Lesson {
  const names = new Names();
  const steps: Step[] = [];
  const leftOut: LeftOut[] = [];
  records.forEach((r, position) => {
    const skip = whyLeftOut(r) ?? (steps.length >= MAX_STEPS ? `a lesson holds at most ${MAX_STEPS} steps` : null);
    if (skip) {
      leftOut.push({ position, c: r.c, why: skip });
      return;
    }
    const built = rebuild(r, names, opts.tmpDir ?? null);
    if ('why' in built) {
      leftOut.push({ position, c: r.c, why: built.why });
      return;
    }
    steps.push(built.step);
    afterStep(r, built.step, built.socket, names);
  });
  const described = leftOut.slice(0, 20).map((l) => `#${l.position} ${l.c}: ${l.why}`);
  const more = leftOut.length > described.length ? [`and ${leftOut.length - described.length} more`] : [];
  const description = [
    `Rebuilt from ${records.length} call log ${records.length === 1 ? 'entry' : 'entries'}: each step's note is the C call as it was made, and its expectation what happened then (ret, errno).`,
    leftOut.length ? `Left out: ${[...described, ...more].join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ')
    .slice(0, 10_000);
  if (steps.length === 0) return { scenario: null, leftOut };
  return { scenario: { title: (opts.title ?? 'A lesson rebuilt from the call log').slice(0, 300), description, steps }, leftOut };
}
