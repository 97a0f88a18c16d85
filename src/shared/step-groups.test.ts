import { describe, expect, it } from 'vitest';
import { groupSpan, questionBefore, stepGroups } from './step-groups';
import type { Step } from './steps';

const write = (group?: string, prediction = false): Step => ({
  call: 'BIO_write',
  sock: 'c',
  data: 'x',
  ...(group ? { group } : {}),
  ...(prediction ? { prediction: { choices: [{ ret: 1 }, { ret: -1 }], explanation: 'e' } } : {}),
});

describe('step groups', () => {
  const steps = [write(), write('a'), write('a', true), write('a'), write('b'), write(), write('a')];

  it('a group is the run of consecutive steps sharing a name; the same name later is another run', () => {
    expect(groupSpan(steps, 2)).toEqual({ name: 'a', first: 1, last: 3 });
    expect(groupSpan(steps, 0)).toEqual({ name: null, first: 0, last: 0 });
    expect(groupSpan(steps, 6)).toEqual({ name: 'a', first: 6, last: 6 });
    expect(stepGroups(steps).map((g) => [g.name, g.first, g.last])).toEqual([
      ['a', 1, 3],
      ['b', 4, 4],
      ['a', 6, 6],
    ]);
  });

  it('the question asked before a group is its prediction, wherever in the group it sits', () => {
    expect(steps.map((_, i) => questionBefore(steps, i))).toEqual([null, 2, null, null, null, null, null]);
    expect(questionBefore([write(undefined, true)], 0)).toBe(0);
  });
});
