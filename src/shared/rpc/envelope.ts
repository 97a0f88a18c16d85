// The one envelope every link carries, whatever the transport: requests and their cancel from
// a client, responses and events from a server. Received values are checked, never trusted.
import type { ContractError } from './error';

export type RequestEnvelope = { type: 'request'; id: number; method: string; input: unknown };
export type CancelEnvelope = { type: 'cancel'; id: number };
export type ResponseEnvelope = { type: 'response'; id: number; ok: true; result: unknown } | { type: 'response'; id: number | null; ok: false; error: ContractError };
export type EventEnvelope = { type: 'event'; event: string; payload: unknown };

export type ClientEnvelope = RequestEnvelope | CancelEnvelope;
export type ServerEnvelope = ResponseEnvelope | EventEnvelope;
export type Envelope = ClientEnvelope | ServerEnvelope;

/** What a transport hands on when a message could not even be read (not JSON, binary, oversized). */
export class UnreadableMessage {
  constructor(readonly reason: string) {}
}

export type ClientMessageCheck = { ok: true; envelope: ClientEnvelope } | { ok: false; id: number | null; field: string; message: string };

const refuse = (id: number | null, field: string, message: string): ClientMessageCheck => ({ ok: false, id, field, message });

/** Checks a message a server received; the input inside is the contract's to validate. */
export function readClientMessage(value: unknown): ClientMessageCheck {
  if (value instanceof UnreadableMessage) return refuse(null, 'frame', value.reason);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse(null, 'frame', 'the frame is not an object: expected {type, id, method, input}');
  const m = value as Record<string, unknown>;
  const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) && m.id >= 0 ? m.id : null;
  if (id === null) return refuse(null, 'id', 'expected id, a non-negative integer');
  if (m.type === 'cancel') return { ok: true, envelope: { type: 'cancel', id } };
  if (m.type !== 'request') return refuse(id, 'type', 'expected type "request" or "cancel"');
  if (typeof m.method !== 'string') return refuse(id, 'method', 'expected method, a string');
  return { ok: true, envelope: { type: 'request', id, method: m.method, input: m.input } };
}

/** Checks a message a client received; anything else is dropped. */
export function readServerMessage(value: unknown): ServerEnvelope | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.type === 'event') return typeof m.event === 'string' ? (m as EventEnvelope) : null;
  if (m.type !== 'response' || (m.id !== null && typeof m.id !== 'number')) return null;
  return m as ResponseEnvelope;
}
