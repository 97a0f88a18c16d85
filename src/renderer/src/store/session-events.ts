// The session's events, each handled by the slice whose state it changes: a slice says which
// events it takes when it is made, and the connection subscribes them all while the page listens.
import type { EventMap } from '../../../shared/contract';
import type { WorkbenchClient } from '../client';

type Handler<E extends keyof EventMap> = (payload: EventMap[E]) => void;

export class SessionEvents {
  private readonly handlers: { event: keyof EventMap; handler: Handler<never> }[] = [];

  /** `handler` hears `event` while the page listens; handlers of one event run in the order given. */
  on<E extends keyof EventMap>(event: E, handler: Handler<E>): void {
    this.handlers.push({ event, handler: handler as Handler<never> });
  }

  /** Subscribes every handler to the client; returns how to stop. */
  listen(client: WorkbenchClient): () => void {
    const offs = this.handlers.map(({ event, handler }) => client.on(event, handler as Handler<typeof event>));
    return () => {
      for (const off of offs) off();
    };
  }
}
