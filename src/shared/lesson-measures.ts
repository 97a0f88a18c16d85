// Which of a lesson's steps are measured (`measure`) and how long each took: the bars of the
// window's chart and of the command line's block after a run, computed once for both.
import type { CallRecord } from './record';
import type { Step } from './steps';

/** Always in milliseconds, as the chart's axis reads: 0.42 ms, 41.2 ms. */
export function formatMs(us: number): string {
  const ms = us / 1000;
  return `${ms < 1 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}

export interface MeasuredBar {
  /** "default (Nagle) #2": the step's measure label and which of that label's steps it is. */
  label: string;
  series: number;
  step: number;
  /** Null until the step ran (or when it was refused). */
  us: number | null;
}

/** Every measured step in order, labelled by its series and its place in it. */
export function measuredBars(steps: readonly Step[], records: readonly (CallRecord | null | undefined)[]): MeasuredBar[] {
  const series: string[] = [];
  const counts = new Map<string, number>();
  return steps.flatMap((s, i) => {
    if (!s.measure) return [];
    if (!series.includes(s.measure)) series.push(s.measure);
    const n = (counts.get(s.measure) ?? 0) + 1;
    counts.set(s.measure, n);
    const r = records[i];
    return [{ label: `${s.measure} #${n}`, series: series.indexOf(s.measure), step: i, us: r && !r.refused ? r.durationUs : null }];
  });
}
