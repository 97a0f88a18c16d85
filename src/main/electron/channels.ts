// The IPC channels between the window and the main process, and the envelopes they carry.
// Pure declarations (no electron, no node) so the sandboxed preload can bundle them too.
import type { ContractError, EventMap, EventName, Method } from '../../shared/contract';

/** Every contract request: `{method, input}` in, a `RequestOutcome` back. */
export const REQUEST_CHANNEL = 'workbench:request';
/** Every session event, main to window: an `EventEnvelope`. */
export const EVENT_CHANNEL = 'workbench:event';
export const OUR_CHANNELS: readonly string[] = [REQUEST_CHANNEL, EVENT_CHANNEL];

export interface RequestEnvelope {
  method: string;
  input: unknown;
}

/** Errors cross IPC as data: a thrown Error would lose its code and field on the way. */
export type RequestOutcome = { ok: true; result: unknown } | { ok: false; error: ContractError };

export type EventEnvelope = { [E in EventName]: { event: E; payload: EventMap[E] } }[EventName];

// The sandboxed preload may require nothing but electron, and the contract's runtime pulls in
// zod: so the preload gets the names alone, checked against the contract's types both ways.
export const BRIDGE_METHODS = ['info', 'call', 'cancel', 'sockets', 'closeAll', 'log', 'session', 'sessions', 'openLog', 'demos'] as const satisfies readonly Method[];
export const BRIDGE_EVENTS = ['callStarted', 'callFinished', 'socket', 'socketClosed', 'engine', 'log'] as const satisfies readonly EventName[];
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
export const BRIDGE_NAMES_COMPLETE: [Exhaustive<Method, (typeof BRIDGE_METHODS)[number]>, Exhaustive<EventName, (typeof BRIDGE_EVENTS)[number]>] = [true, true];
