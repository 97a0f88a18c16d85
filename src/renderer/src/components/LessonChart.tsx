// The measured durations of a lesson's steps marked `measure`, as a figure a room can read: one
// horizontal bar per measured step on a millisecond axis, each with its own row (so labels never
// overlap), a line at 40 ms (Linux's delayed-ACK timer, what Nagle's stall waits for), and the
// same numbers in the figure's accessible text. Durations come from the records themselves.
import { useId } from 'react';
import { formatMs, measuredBars, type MeasuredBar } from '../../../shared/lesson-measures';
import type { CallRecord } from '../../../shared/record';
import type { Step } from '../../../shared/steps';

/** 950 µs, 41.2 ms: microseconds below a millisecond. */
export function formatDuration(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`;
}

/** The chart's accessible text: each bar's label and time in ms. */
export function chartText(bars: readonly MeasuredBar[]): string {
  return `Bars in milliseconds, a line at ${REFERENCE_MS} ms: ${bars.map((b) => `${b.label}: ${b.us === null ? 'not run yet' : formatMs(b.us)}`).join('; ')}`;
}

const REFERENCE_MS = 40;
/** Text is 18 units high (the stylesheet's font-size), capitals up to 12.5 wide: rows, margins and label widths follow it. */
const ROW = 34;
const BAR = 24;
const SERIES_GAP = 14;
const TOP = 32;
const PLOT = 380;
const VALUE = 100;
const AXIS = 46;
const CHAR = 12.5;
const TICK_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** The axis's end and tick step (ms): past the longest bar and the 40 ms line, at most 6 ticks. */
function axisOf(maxMs: number): { end: number; step: number } {
  const top = Math.max(maxMs, REFERENCE_MS * 1.25);
  const step = TICK_STEPS.find((s) => top / s <= 6) ?? TICK_STEPS[TICK_STEPS.length - 1];
  return { end: Math.ceil(top / step) * step, step };
}

export function LessonChart({ steps, records }: { steps: readonly Step[]; records: readonly (CallRecord | null)[] }) {
  const id = useId();
  const bars = measuredBars(steps, records);
  if (bars.length === 0) return null;
  const { end, step } = axisOf(Math.max(0, ...bars.map((b) => (b.us ?? 0) / 1000)));
  const labelWidth = Math.min(400, Math.max(120, 24 + CHAR * Math.max(...bars.map((b) => b.label.length))));
  const x = (ms: number) => labelWidth + (Math.min(ms, end) / end) * PLOT;
  const rows = bars.map((b, k) => ({ ...b, y: TOP + k * ROW + b.series * SERIES_GAP }));
  const plotBottom = rows[rows.length - 1].y + ROW;
  const width = labelWidth + PLOT + VALUE;
  const height = plotBottom + AXIS;
  const ticks = Array.from({ length: end / step + 1 }, (_, k) => k * step);
  return (
    <figure className="lesson-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>Measured: how long each marked step took, in milliseconds</figcaption>
      <svg role="img" aria-label={chartText(bars)} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        <g aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line className="lesson-chart-grid" x1={x(t)} x2={x(t)} y1={TOP - 4} y2={plotBottom} />
              <text x={x(t)} y={plotBottom + 20} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          <line className="lesson-chart-axis" x1={labelWidth} x2={labelWidth + PLOT} y1={plotBottom} y2={plotBottom} />
          <text x={labelWidth + PLOT / 2} y={plotBottom + 42} textAnchor="middle">
            milliseconds
          </text>
          <line className="lesson-chart-reference" x1={x(REFERENCE_MS)} x2={x(REFERENCE_MS)} y1={TOP - 8} y2={plotBottom} />
          <text className="lesson-chart-reference-label" x={x(REFERENCE_MS)} y={TOP - 14} textAnchor="middle">
            {REFERENCE_MS} ms: the delayed-ACK timer
          </text>
          {rows.map((b) => (
            <g key={b.step}>
              <text x={labelWidth - 8} y={b.y + BAR / 2 + 6} textAnchor="end">
                {b.label}
              </text>
              {b.us !== null ? <rect className={`lesson-bar-${b.series % 2}`} x={labelWidth} y={b.y} width={Math.max(2, x(b.us / 1000) - labelWidth)} height={BAR} /> : null}
              <text x={b.us === null ? labelWidth + 6 : x(b.us / 1000) + 6} y={b.y + BAR / 2 + 6}>
                {b.us === null ? 'not run yet' : formatMs(b.us)}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}
