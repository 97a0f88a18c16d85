// Events are applied in batches: a scenario can append thousands of records a second, and the
// page renders once per batch instead of once per event.

/** Queues a change; it reads the state as the changes queued before it left it. */
export type Apply<S> = (change: (draft: S) => Partial<S> | void) => void;

export interface EventBatch<S> {
  apply: Apply<S>;
  /** Drops what is queued (the page stopped listening). */
  cancel(): void;
}

/** Changes queued within `flushMs` land in one update; 0 applies each at once. */
export function createEventBatch<S extends object>(get: () => S, set: (state: S) => void, flushMs: number): EventBatch<S> {
  let pending: ((draft: S) => Partial<S> | void)[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    let draft = get();
    for (const change of batch) draft = { ...draft, ...(change(draft) ?? {}) };
    set(draft);
  };
  return {
    apply(change) {
      pending.push(change);
      if (flushMs <= 0) flush();
      else if (!timer) timer = setTimeout(flush, flushMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
