// The block `run` prints after a lesson's steps: the measured steps as text bars, one per line.
import { describe, expect, it } from 'vitest';
import { blankRecord } from '../../shared/blank-record';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { measuredLines } from './lesson-report';

const wait = (measure?: string): Step => ({ call: 'wait', sock: 's', for: 'readable', timeoutMs: 1000, ...(measure ? { measure } : {}) });
const ran = (steps: Step[], index: number, durationUs: number, patch: Partial<CallRecord> = {}): CallRecord => ({ ...blankRecord(steps[index], index), ret: 1, durationUs, ...patch });

describe('measuredLines', () => {
  it('pads every label to the longest, right-aligns the times and scales the bars to the longest at 40 #', () => {
    const steps = [wait(), wait('default (Nagle)'), wait('NODELAY'), wait('default (Nagle)')];
    const records = [ran(steps, 0, 1), ran(steps, 1, 43_300), ran(steps, 2, 380), ran(steps, 3, 21_650)];
    expect(measuredLines(steps, records)).toEqual([
      '',
      "measured (the lesson's chart):",
      `  default (Nagle) #1  43.3 ms  ${'#'.repeat(40)}`,
      '  NODELAY #1          0.38 ms  #',
      `  default (Nagle) #2  21.6 ms  ${'#'.repeat(20)}`,
    ]);
  });

  it('says a refused step and one that did not run have no time, and draws the others against what ran', () => {
    const steps = [wait('a'), wait('a'), wait('a')];
    const records = [ran(steps, 0, 2000, { refused: 'no socket named "s"' }), ran(steps, 1, 1000)];
    expect(measuredLines(steps, records).slice(2)).toEqual(['  a #1  refused: no time', `  a #2  1.0 ms  ${'#'.repeat(40)}`, '  a #3  not run: no time']);
  });

  it('keeps a label from the file on its line: ESC and a newline are shown escaped, the padding counts what is printed', () => {
    const steps = [wait('\u001b[2Jx\ny'), wait('ok')];
    const lines = measuredLines(steps, [ran(steps, 0, 1000), ran(steps, 1, 500)]);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(`  \\x1b[2Jx\\x0ay #1   1.0 ms  ${'#'.repeat(40)}`);
    expect(lines[3]).toBe(`  ok #1             0.50 ms  ${'#'.repeat(20)}`);
  });

  it('prints nothing for a scenario without measured steps or without its steps', () => {
    const steps = [wait()];
    expect(measuredLines(steps, [ran(steps, 0, 10)])).toEqual([]);
    expect(measuredLines(undefined, [ran(steps, 0, 10)])).toEqual([]);
  });
});
