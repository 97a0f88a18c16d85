// The Lessons panel's run controls and where the lesson is, kept in view while its steps scroll
// under them: Run next step, Run all, Reset, the keys, the progress and the step looked at again.
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../../store/context';
import { framedSteps, runOf, runsNext, shownFrame } from '../../store/lesson-position';
import { cExpression } from '../../../../shared/c-expression';
import type { CallRecord } from '../../../../shared/record';
import type { Step } from '../../../../shared/steps';
import { judgePrediction } from '../../../../shared/lesson-prediction';
import { lessonTally, tallyText } from '../../../../shared/lesson-run';

/** Predictions made and held, over the steps that ran. */
function predictionScore(steps: readonly Step[], records: readonly (CallRecord | null)[], choices: readonly (number | null)[]): string | null {
  let asked = 0;
  let answered = 0;
  let held = 0;
  steps.forEach((s, i) => {
    const r = records[i];
    if (!s.prediction || !r) return;
    asked++;
    const outcome = judgePrediction(s.prediction, r, choices[i] ?? null);
    if (outcome.held !== null) answered++;
    if (outcome.held) held++;
  });
  return asked ? `Predictions: ${held} of ${answered} held${asked > answered ? ` (${asked - answered} skipped)` : ''}.` : null;
}

export function LessonControls({ steps }: { steps: readonly Step[] }) {
  const { records, choices, position, runningStep, running, resetting, runLessonStep, runLessonAll, resetLesson } = useWorkbench(
    useShallow((s) => ({
      records: s.lessons.records,
      choices: s.lessons.choices,
      position: s.lessons.position,
      runningStep: s.lessons.runningStep,
      running: s.lessons.running,
      resetting: s.lessons.resetting,
      runLessonStep: s.runLessonStep,
      runLessonAll: s.runLessonAll,
      resetLesson: s.resetLesson,
    })),
  );
  const next = runsNext(position);
  const canRun = next !== null && !running && !resetting;
  const tally = lessonTally(records, steps.length);
  const frame = shownFrame(position);
  let progress: string;
  if (resetting) progress = 'Resetting: cancelling what still waits and closing the lesson’s own sockets…';
  else if (runningStep !== null) {
    const run = runOf(position, runningStep);
    progress =
      run && run.last > run.first
        ? `Running steps ${run.first + 1} to ${run.last + 1} of ${steps.length} back to back (group ${steps[run.first].group}): ${cExpression(steps[run.first])} …`
        : `Running step ${runningStep + 1} of ${steps.length}: ${cExpression(steps[runningStep])}`;
  }
  else if (position.ran === 0) progress = `${steps.length} steps, none run yet. Step 1 is next.`;
  else if (next === null) progress = `All done: ${tallyText(tally)}.`;
  else progress = `${tallyText({ ...tally, steps: steps.length })}. Step ${next + 1} is next.`;
  const score = predictionScore(steps, records, choices);
  return (
    <div className="lesson-bar">
      <div className="lesson-controls" role="group" aria-label="Lesson controls">
        <button type="button" className="primary" aria-disabled={!canRun} aria-keyshortcuts="Space ArrowRight" onClick={() => canRun && void runLessonStep()}>
          Run next step
        </button>
        <button type="button" aria-disabled={!canRun} onClick={() => canRun && void runLessonAll()}>
          Run all
        </button>
        <button type="button" aria-disabled={resetting} onClick={() => !resetting && void resetLesson()}>
          Reset
        </button>
        <span className="lesson-keys">Space or → runs the next step, ← looks back</span>
      </div>
      <p className="lesson-progress" role="status" aria-label="Lesson progress">
        {progress}
        {score ? ` ${score}` : ''}
      </p>
      {position.back > 0 ? (
        <p className="lesson-viewing" role="status" aria-label="Step shown">
          {frame.kind === 'start' ? 'Looking back at the start' : `Looking back at ${framedSteps(frame)}’s ${frame.kind}`} (going back never undoes a call).{' '}
          {next === null ? 'Every step ran.' : `Step ${next + 1} runs next.`}
        </p>
      ) : null}
    </div>
  );
}
