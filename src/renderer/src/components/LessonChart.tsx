// The measured durations of a lesson's steps marked `measure`, drawn side by side: one group of
// bars per label (the Nagle lesson's "default (Nagle)" and "BIO_SOCK_NODELAY"), one bar per step
// that ran, from the records' own durations. The same numbers are given as a table for readers.
import type { CallRecord } from '../../../shared/record';
import type { Step } from '../../../shared/steps';

/** 950 µs, 41.2 ms: microseconds below a millisecond. */
export function formatDuration(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`;
}

interface Series {
  label: string;
  bars: { step: number; us: number }[];
}

export function measuredSeries(steps: readonly Step[], records: readonly (CallRecord | null)[]): Series[] {
  const series = new Map<string, Series>();
  steps.forEach((s, i) => {
    if (!s.measure) return;
    const group = series.get(s.measure) ?? { label: s.measure, bars: [] };
    series.set(s.measure, group);
    const r = records[i];
    if (r && !r.refused) group.bars.push({ step: i, us: r.durationUs });
  });
  return [...series.values()];
}

const WIDTH = 480;
const BAR_AREA = 120;
const BAR = 28;
const GAP = 8;
const GROUP_GAP = 36;

export function LessonChart({ steps, records }: { steps: readonly Step[]; records: readonly (CallRecord | null)[] }) {
  const series = measuredSeries(steps, records);
  if (series.length === 0) return null;
  const max = Math.max(1, ...series.flatMap((s) => s.bars.map((b) => b.us)));
  let x = 8;
  const groups = series.map((s, k) => {
    const start = x;
    const bars = s.bars.map((b) => {
      const h = Math.max(2, Math.round((b.us / max) * BAR_AREA));
      const bar = { ...b, x, h };
      x += BAR + GAP;
      return bar;
    });
    const width = Math.max(BAR, x - start - GAP);
    x = start + width + GROUP_GAP;
    return { ...s, k, start, width, bars };
  });
  const height = BAR_AREA + 56;
  return (
    <figure className="lesson-chart" aria-labelledby="lesson-chart-title">
      <figcaption id="lesson-chart-title">Measured: how long each marked step took</figcaption>
      <svg role="img" aria-labelledby="lesson-chart-svg-title" viewBox={`0 0 ${Math.max(WIDTH, x)} ${height}`} width={Math.max(WIDTH, x)} height={height}>
        <title id="lesson-chart-svg-title">
          {series.map((s) => `${s.label}: ${s.bars.length ? s.bars.map((b) => formatDuration(b.us)).join(', ') : 'not run yet'}`).join('; ')}
        </title>
        {groups.map((g) => (
          <g key={g.label}>
            {g.bars.map((b) => (
              <g key={b.step}>
                <rect className={`lesson-bar-${g.k % 2}`} x={b.x} y={BAR_AREA + 8 - b.h} width={BAR} height={b.h} />
                <text x={b.x + BAR / 2} y={BAR_AREA + 26} textAnchor="middle">
                  {formatDuration(b.us)}
                </text>
              </g>
            ))}
            <text x={g.start} y={BAR_AREA + 48}>
              {g.label}
            </text>
          </g>
        ))}
      </svg>
      <table aria-label="Measured durations">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Durations (step: time)</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              <td>{s.bars.length ? s.bars.map((b) => `step ${b.step}: ${formatDuration(b.us)}`).join(', ') : 'not run yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
