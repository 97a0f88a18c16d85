// The page's whole view of the main process, derived from the contract: request() for the
// contract's methods, on() for its events. Nothing else, and never ipcRenderer itself.
import type { ContractClient, ContractError, EventMap, EventName, InputOf, Method, OutputOf } from '../shared/contract';
import { BRIDGE_EVENTS, BRIDGE_METHODS, EVENT_CHANNEL, REQUEST_CHANNEL, type EventEnvelope, type RequestOutcome } from '../main/electron/channels';

const METHODS: readonly string[] = BRIDGE_METHODS;
const EVENTS: readonly string[] = BRIDGE_EVENTS;

/** The part of ipcRenderer the bridge uses (kept inside the preload, never exposed). */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Rejections are the contract's error as plain data ({code, field, message}): it survives contextBridge. */
export function createWorkbenchApi(ipc: BridgeIpc): ContractClient {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let subscribed = false;
  const subscribe = () => {
    if (subscribed) return;
    subscribed = true;
    ipc.on(EVENT_CHANNEL, (_event, envelope) => {
      const { event, payload } = envelope as EventEnvelope;
      for (const l of listeners.get(event) ?? []) {
        try {
          l(payload as never);
        } catch (e) {
          // One page listener's bug must not stop the others hearing the event.
          console.error(e);
        }
      }
    });
  };

  return {
    async request<M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
      if (!METHODS.includes(method)) {
        const error: ContractError = { code: 'unknown-method', field: 'method', message: `unknown method ${JSON.stringify(String(method))}; expected one of ${METHODS.join(', ')}` };
        throw error;
      }
      const outcome = (await ipc.invoke(REQUEST_CHANNEL, { method, input })) as RequestOutcome;
      if (!outcome.ok) throw outcome.error;
      return outcome.result as OutputOf<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      if (!EVENTS.includes(event)) throw new TypeError(`unknown event ${JSON.stringify(String(event))}; expected one of ${EVENTS.join(', ')}`);
      if (typeof listener !== 'function') throw new TypeError('expected a listener function');
      subscribe();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
  };
}
