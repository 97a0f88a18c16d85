// A record for a step before anything happened: the engine fills it in as the call runs, the
// scenario runner uses it for steps that make no engine call (await, cancel, refusals).
import { cExpression } from './c-expression';
import type { CallRecord } from './record';
import { DESCRIPTIVE_FIELDS } from './call-facts';
import type { Step } from './steps';

/** A step without what describes it (expect, note, caption, ...): what the engine is asked to do. */
export function callArgs(step: Step): Record<string, unknown> {
  const args: Record<string, unknown> = { ...step };
  for (const key of DESCRIPTIVE_FIELDS) delete args[key];
  return args;
}

export function blankRecord(step: Step, index: number): CallRecord {
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
    expect: null,
    startedAt: Date.now(),
    // The same clock as a capture's timestamps (the wall clock), to the microsecond.
    startedAtUs: Math.round((performance.timeOrigin + performance.now()) * 1000),
  };
}
