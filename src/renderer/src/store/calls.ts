// This page's own calls: each runs under a page call id; the reply only tells which record was
// ours (the record itself reaches the log, the sockets and the error stack by the `log` event).
// Calls any page started that still wait are listed, with Cancel.
import type { StateCreator } from 'zustand/vanilla';
import type { CallStarted } from '../../../shared/contract';
import type { CallRecord } from '../../../shared/record';
import type { Step } from '../../../shared/steps';
import type { WorkbenchClient } from '../client';
import type { Apply } from './event-batch';
import type { SessionEvents } from './session-events';
import { compactStep } from './composer-model';
import type { RefusalSlice } from './refusal';

export interface CallsSlice {
  /** Calls of any page that have not finished, as the session announced them. */
  waiting: CallStarted[];
  /** Calls this page made that have not answered yet. */
  ownPending: number;
  /** The record of this page's latest answered call. */
  lastOwnRecord: CallRecord | null;
  /** Runs one step as this page's call; null when the host refused the request. */
  runStep(step: Step): Promise<CallRecord | null>;
  cancel(callId: string): Promise<void>;
  /** The calls the session says wait now (on (re)joining it). */
  takeWaiting(waiting: CallStarted[]): void;
}

export function withWaiting(waiting: CallStarted[], started: CallStarted): CallStarted[] {
  if (waiting.some((w) => w.callId === started.callId)) return waiting.map((w) => (w.callId === started.callId ? started : w));
  return [...waiting, started];
}

export function withoutWaiting(waiting: CallStarted[], callId: string): CallStarted[] {
  return waiting.filter((w) => w.callId !== callId);
}

/**
 * `apply` queues the answer behind the session's events: the answer follows the `socket` event
 * of its call, and the window must not show the result beside the socket as it was before.
 */
export function createCallsSlice(client: WorkbenchClient, pageId: string, apply: Apply<CallsSlice & RefusalSlice>, events: SessionEvents): StateCreator<CallsSlice & RefusalSlice, [], [], CallsSlice> {
  let callSeq = 0;
  events.on('callStarted', (p) => apply((d) => ({ waiting: withWaiting(d.waiting, p) })));
  events.on('callFinished', (p) => apply((d) => ({ waiting: withoutWaiting(d.waiting, p.callId) })));
  // A crashed engine's calls will not finish.
  events.on('engine', (p) => p.state === 'crashed' && apply(() => ({ waiting: [] })));
  return (set, get) => ({
    waiting: [],
    ownPending: 0,
    lastOwnRecord: null,

    async runStep(step) {
      const callId = `page-${pageId}-${++callSeq}`;
      set((s) => ({ ownPending: s.ownPending + 1 }));
      try {
        const record = await client.request('call', { step: compactStep(step), callId });
        // The request may answer before its callFinished event arrives (IPC keeps no order between them).
        apply((s) => ({ refusal: null, lastOwnRecord: record, waiting: withoutWaiting(s.waiting, callId) }));
        return record;
      } catch (e) {
        set((s) => ({ waiting: withoutWaiting(s.waiting, callId) }));
        get().refuse(step.call, e);
        return null;
      } finally {
        set((s) => ({ ownPending: s.ownPending - 1 }));
      }
    },

    takeWaiting(waiting) {
      apply(() => ({ waiting }));
    },

    async cancel(callId) {
      try {
        await client.request('cancel', { callId });
      } catch (e) {
        get().refuse('cancel', e);
      }
    },
  });
}
