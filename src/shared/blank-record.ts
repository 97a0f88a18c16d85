// A record for a step before anything happened: the engine fills it in as the call runs, the
// scenario runner uses it for steps that make no engine call (await, cancel, refusals).
import { cExpression } from './c-expression';
import type { CallRecord } from './record';
import type { Step } from './steps';

export function blankRecord(step: Step, index: number): CallRecord {
  const { expect: _e, background: _b, note: _n, ...args } = step as Step & { background?: boolean; note?: string };
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
  };
}
