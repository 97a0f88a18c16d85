// Names a step uses for BIOs, TLS connections and contexts, checked before anything runs as socket
// names are: each must be given by an earlier "as" of the right kind.
import { madeKind, type ObjectKind } from './tls-facts';
import type { Step } from './steps';

const FIELDS: [field: 'bio' | 'ssl' | 'ctx', kind: ObjectKind, madeBy: string][] = [
  ['bio', 'bio', 'BIO_new_connect, BIO_new_accept or BIO_pop'],
  ['ssl', 'ssl', 'SSL_new'],
  ['ctx', 'ctx', 'SSL_CTX_new'],
];
const WHAT: Record<ObjectKind, string> = { socket: 'a socket', bio: 'a BIO', ssl: 'a TLS connection (SSL_new)', ctx: 'a TLS context (SSL_CTX_new)' };

/** The first field of `step` naming no earlier object of its kind, with why; null when all hold. `names` maps a name to the step that gave it. */
export function objectNameError(step: Step, names: ReadonlyMap<string, number>, steps: readonly (Step | null)[]): { field: string; message: string } | null {
  // A name whose step failed its own schema is known but of no checked kind: its error is reported there.
  const kindAt = (at: number): ObjectKind | null => (steps[at] ? madeKind(steps[at]!.call) : null);
  const s = step as Step & Partial<Record<'bio' | 'ssl' | 'ctx' | 'sock', unknown>>;
  for (const [field, kind, madeBy] of FIELDS) {
    const name = s[field];
    if (typeof name !== 'string') continue;
    const at = names.get(name);
    if (at === undefined) return { field, message: `no earlier step names ${WHAT[kind]} "${name}" (names come from "as" on ${madeBy})` };
    const made = kindAt(at);
    if (made !== null && made !== kind) return { field, message: `"${name}" is ${WHAT[made]} (step ${at + 1}), not ${WHAT[kind]}` };
  }
  // SSL_new's sock is a socket; BIO_read, BIO_write and wait take a socket or a BIO.
  if (typeof s.sock === 'string' && names.has(s.sock)) {
    const made = kindAt(names.get(s.sock)!);
    if (made === null) return null;
    const allowed = step.call === 'BIO_read' || step.call === 'BIO_write' || step.call === 'wait' ? ['socket', 'bio'] : ['socket'];
    if (!allowed.includes(made)) return { field: 'sock', message: `"${s.sock}" is ${WHAT[made]}, not ${allowed.map((k) => WHAT[k as ObjectKind]).join(' or ')}` };
  }
  return null;
}
