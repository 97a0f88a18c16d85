// Messages between a host and its engine process (child process or Electron utilityProcess).
import type { ContractError, EventMap, EventName } from './contract';
import type { EngineInfo } from './record';

export type HostToEngine = { type: 'request'; id: number; method: string; input: unknown } | { type: 'shutdown' };

export type EngineToHost =
  | { type: 'ready'; info: EngineInfo }
  | { type: 'fatal'; message: string }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: ContractError }
  | { [E in EventName]: { type: 'event'; event: E; payload: EventMap[E] } }[EventName];
