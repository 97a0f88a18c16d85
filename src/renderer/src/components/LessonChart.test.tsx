// @vitest-environment jsdom
// The chart of measured durations: one row per measured step (labels never share a line), the
// axis past the longest bar and the 40 ms line, and its accessible text in milliseconds.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { blankRecord } from '../../../shared/blank-record';
import type { CallRecord } from '../../../shared/record';
import type { Step } from '../../../shared/steps';
import { formatMs, measuredBars } from '../../../shared/lesson-measures';
import { LessonChart } from './LessonChart';
import { StageFigures } from './stage/StageFigures';

afterEach(cleanup);

const wait = (measure: string): Step => ({ call: 'wait', sock: 's', for: 'readable', timeoutMs: 1000, measure, caption: 'x' });
const close: Step = { call: 'BIO_closesocket', sock: 's', caption: 'Compare the bars.' };
const steps: Step[] = [wait('default (Nagle)'), wait('default (Nagle)'), wait('BIO_SOCK_NODELAY'), close];
const ran = (step: Step, index: number, durationUs: number): CallRecord => ({ ...blankRecord(step, index), ret: 1, durationUs });
const records = [ran(steps[0], 0, 420), ran(steps[1], 1, 43_300), ran(steps[2], 2, 380), null];

describe('LessonChart', () => {
  it('names each bar by its label and place, with its time in ms', () => {
    expect(measuredBars(steps, records).map((b) => b.label)).toEqual(['default (Nagle) #1', 'default (Nagle) #2', 'BIO_SOCK_NODELAY #1']);
    expect([formatMs(420), formatMs(43_300), formatMs(120_000)]).toEqual(['0.42 ms', '43.3 ms', '120.0 ms']);
    render(<LessonChart steps={steps} records={records} />);
    const img = screen.getByRole('figure', { name: /in milliseconds$/ }).querySelector('svg')!;
    expect(img.getAttribute('aria-label')).toBe('Bars in milliseconds, a line at 40 ms: default (Nagle) #1: 0.42 ms; default (Nagle) #2: 43.3 ms; BIO_SOCK_NODELAY #1: 0.38 ms');
  });

  it('gives every label a row of its own and stretches the axis past the longest bar', () => {
    const long = [ran(steps[0], 0, 420), ran(steps[1], 1, 130_000), ran(steps[2], 2, 380), null];
    render(<LessonChart steps={steps} records={long} />);
    const texts = [...document.querySelectorAll('svg text')];
    const labels = texts.filter((t) => /#\d$/.test(t.textContent ?? ''));
    const ys = labels.map((t) => Number(t.getAttribute('y')));
    expect(new Set(ys).size).toBe(3);
    for (let k = 1; k < ys.length; k++) expect(ys[k] - ys[k - 1]).toBeGreaterThanOrEqual(20);
    const ticks = texts.map((t) => t.textContent).filter((t) => /^\d+$/.test(t ?? '')).map(Number);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(130);
    expect(ticks).toContain(0);
  });
});

describe('StageFigures', () => {
  it('brings the chart to the stage from the last measured step on, once it ran', () => {
    const { rerender } = render(<StageFigures index={1} steps={steps} records={records} />);
    expect(screen.queryByRole('figure')).toBeNull();
    rerender(<StageFigures index={3} steps={steps} records={records} />);
    expect(screen.getByRole('figure')).toBeTruthy();
    rerender(<StageFigures index={3} steps={steps} records={[records[0], null, null, null]} />);
    expect(screen.queryByRole('figure')).toBeNull();
  });
});
