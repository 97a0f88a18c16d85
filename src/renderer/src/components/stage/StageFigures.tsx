// Figures a step brings to the stage beside its result (a chart beside the step that asks to
// compare): the result card renders whatever this returns under the step's facts. None yet.
import type { CallRecord } from '../../../../shared/record';
import type { Step } from '../../../../shared/steps';

export interface StageFiguresProps {
  index: number;
  steps: readonly Step[];
  records: readonly (CallRecord | null)[];
}

export function StageFigures(_props: StageFiguresProps) {
  return null;
}
