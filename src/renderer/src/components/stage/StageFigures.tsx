// Figures a step brings to the stage beside its result: the chart of measured durations beside
// the steps from the last measured one on (the step that asks the room to compare the bars).
import type { CallRecord } from '../../../../shared/record';
import type { Step } from '../../../../shared/steps';
import { LessonChart } from '../LessonChart';

export interface StageFiguresProps {
  index: number;
  steps: readonly Step[];
  records: readonly (CallRecord | null)[];
}

/** The index of the last step marked `measure`, or -1. */
export function lastMeasured(steps: readonly Step[]): number {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].measure) return i;
  return -1;
}

export function StageFigures({ index, steps, records }: StageFiguresProps) {
  const last = lastMeasured(steps);
  if (last < 0 || index < last || !records[last]) return null;
  return <LessonChart steps={steps} records={records} />;
}
