// A record for a step before anything happened: the engine fills it in as the call runs, the
// scenario runner uses it for steps that make no engine call (await, cancel, refusals).
import { cExpression } from './c-expression';
import type { CallRecord } from './record';
import { DESCRIPTIVE_FIELDS } from './call-facts';
import type { Step } from './steps';

/** A step without what describes it (expect, note, caption, ...): what the engine is asked to do. */
export function callArgs(step: Step): Record<string, unknown> {
  // Copied key by key: deleting keys from a copy turns it into a slow dictionary object.
  const args: Record<string, unknown> = {};
  for (const key in step) if (!DESCRIPTIVE.has(key)) args[key] = step[key as keyof Step];
  return args;
}

const DESCRIPTIVE: ReadonlySet<string> = new Set(DESCRIPTIVE_FIELDS);

// performance.timeOrigin is fixed for the process, and its getter costs more than now().
const TIME_ORIGIN = performance.timeOrigin;

/** Microseconds since the epoch, on the clock packet captures use. */
export function epochMicros(): number {
  return Math.round((TIME_ORIGIN + performance.now()) * 1000);
}

/** A record for a step before anything happened, without its expectation: what the engine fills in. */
export function draftRecordOf(step: Step, index: number): Omit<CallRecord, 'expect'> {
  const args = callArgs(step);
  return {
    index,
    call: step.call,
    args,
    c: cExpression(step),
    ret: null,
    errno: null,
    errorQueue: [],
    socket: null,
    addresses: null,
    durationUs: 0,
    blocked: false,
    cancelled: null,
    refused: null,
    warnings: [],
    data: null,
    startedAt: Date.now(),
    // The same clock as a capture's timestamps (the wall clock), to the microsecond.
    startedAtUs: epochMicros(),
  };
}

export function blankRecord(step: Step, index: number): CallRecord {
  return { ...draftRecordOf(step, index), expect: null };
}
