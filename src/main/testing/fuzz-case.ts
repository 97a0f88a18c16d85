// What a fuzz case promises (a schema error naming its field, a refusal record, a socket, a normal
// answer or a closed connection) and the verdict on a host's answer against that promise.

export type Outcome =
  /** A schema error whose `field` is exactly `field` (or starts with it when `prefix`); the message names it, and `mentions` too. */
  | { kind: 'field'; field: string; prefix?: boolean; mentions?: string }
  /** A valid call the engine refuses before native code: a record with `refused` and `ret: null`. */
  | { kind: 'refused' }
  /** A valid call that makes a socket (ret >= 0). */
  | { kind: 'created' }
  /** A valid request answered normally. */
  | { kind: 'ok' }
  /** The connection is closed with this WebSocket code (oversized frame). */
  | { kind: 'close'; code: number };

export type Transport = 'ws' | 'ipc';

export interface FuzzCase {
  n: number;
  category: string;
  /** One line for failure reports (never the huge value itself). */
  label: string;
  outcome: Outcome;
  /** WebSocket: the frame to send (text or binary); `id` is the id its response carries (null for envelope errors). */
  frame?: { text?: string; binary?: Buffer; id: number | null };
  /** IPC: the message the page sends (an envelope, or worse), the id its response carries (null for envelope errors), and whether it comes from a subframe. */
  payload?: unknown;
  id?: number | null;
  subframe?: boolean;
}


export interface Answer {
  ok: boolean;
  result?: unknown;
  error?: { code: string; field: string | null; message: string };
}

/** Why an answer breaks the case's promise, or null when it keeps it. */
export function checkAnswer(c: FuzzCase, a: Answer): string | null {
  const o = c.outcome;
  if (o.kind === 'field') {
    if (a.ok) return `expected an error naming ${o.field}, got ok`;
    const e = a.error;
    if (!e || typeof e.field !== 'string' || !e.field) return `expected an error naming ${o.field}, got field ${JSON.stringify(e?.field)} (${e?.code}: ${e?.message?.slice(0, 160)})`;
    const fieldOk = o.prefix ? e.field === o.field || e.field.startsWith(o.field + '[') || e.field.startsWith(o.field + '.') : e.field === o.field;
    if (!fieldOk) return `expected field ${o.field}, got ${e.field} (${e.message.slice(0, 160)})`;
    if (!e.message.includes(e.field) && !(e.field === 'method' && /method/.test(e.message))) return `message does not name its field ${e.field}: ${e.message.slice(0, 160)}`;
    if (o.mentions && !e.message.includes(o.mentions)) return `message does not mention ${o.mentions}: ${e.message.slice(0, 160)}`;
    return null;
  }
  if (o.kind === 'refused' || o.kind === 'created') {
    if (!a.ok) return `expected a record, got error ${a.error?.field}: ${a.error?.message?.slice(0, 160)}`;
    const rec = a.result as { ret: unknown; refused: unknown };
    if (o.kind === 'refused') return rec.ret === null && typeof rec.refused === 'string' && rec.refused.length > 0 ? null : `expected refused with ret null, got ret ${JSON.stringify(rec.ret)} refused ${JSON.stringify(rec.refused)}`;
    return typeof rec.ret === 'number' && rec.ret >= 0 && rec.refused === null ? null : `expected a socket, got ret ${JSON.stringify(rec.ret)} refused ${JSON.stringify(rec.refused)}`;
  }
  if (o.kind === 'ok') return a.ok ? null : `expected ok, got ${a.error?.field}: ${a.error?.message?.slice(0, 160)}`;
  return null;
}
