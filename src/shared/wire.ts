// Frames between a page and a host (WebSocket text frames of JSON; Electron IPC carries the
// same shapes). Requests are validated against the contract before anything else sees them.
import type { ContractError, EventMap, EventName } from './contract';

export type ClientFrame = { type: 'request'; id: number; method: string; input: unknown };

export type HostFrame =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number | null; ok: false; error: ContractError }
  | { [E in EventName]: { type: 'event'; event: E; payload: EventMap[E] } }[EventName];

/** Largest frame a host accepts; a BIO_write of MAX_DATA_BYTES as hex fits. */
export const MAX_FRAME_BYTES = 40 * 1024 * 1024;
