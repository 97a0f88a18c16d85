// The bars of a lesson's measured steps: which steps, their labels, their time or none.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import type { CallRecord } from './record';
import type { Step } from './steps';
import { formatMs, measuredBars } from './lesson-measures';

const wait = (measure?: string): Step => ({ call: 'wait', sock: 's', for: 'readable', timeoutMs: 1000, ...(measure ? { measure } : {}) });
const ran = (step: Step, index: number, durationUs: number, patch: Partial<CallRecord> = {}): CallRecord => ({ ...blankRecord(step, index), ret: 1, durationUs, ...patch });

describe('measuredBars', () => {
  it('takes only measured steps, counts each series from 1 and numbers the series in order of first use', () => {
    const steps = [wait(), wait('Nagle'), wait('NODELAY'), wait(), wait('Nagle'), wait('Nagle')];
    const records = steps.map((s, i) => ran(s, i, 100 * (i + 1)));
    expect(measuredBars(steps, records)).toEqual([
      { label: 'Nagle #1', series: 0, step: 1, us: 200 },
      { label: 'NODELAY #1', series: 1, step: 2, us: 300 },
      { label: 'Nagle #2', series: 0, step: 4, us: 500 },
      { label: 'Nagle #3', series: 0, step: 5, us: 600 },
    ]);
  });

  it('has no time for a refused step or one without a record', () => {
    const steps = [wait('a'), wait('a'), wait('a')];
    const records = [ran(steps[0], 0, 5, { refused: 'no such socket' }), null];
    expect(measuredBars(steps, records).map((b) => b.us)).toEqual([null, null, null]);
  });

  it('writes milliseconds with two decimals below one, one above', () => {
    expect([formatMs(420), formatMs(999), formatMs(1000), formatMs(43_260)]).toEqual(['0.42 ms', '1.00 ms', '1.0 ms', '43.3 ms']);
  });
});
