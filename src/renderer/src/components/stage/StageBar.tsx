// The stage's controls and where the lesson is, in one line a class can read: Back, the forward
// button named for what it does (show the next question, run the next step, or look forward again),
// Run all and Reset. Every key works whatever has focus (see useLessonKeys).
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../../store/context';
import { forwardAction, framedSteps, runOf, runsNext, shownFrame, type LessonPosition } from '../../store/lesson-position';

const FORWARD_LABEL = { view: 'Forward', ask: 'Show the next question', run: 'Run next step', none: 'Run next step' } as const;

/** "Step 5 of 6: the class answers its question" and the like, from the one position; a group's steps are named together. */
function positionText(p: LessonPosition, total: number, runningStep: number | null): string {
  const capital = (t: string) => t[0].toUpperCase() + t.slice(1);
  if (runningStep !== null) {
    const run = runOf(p, runningStep);
    return run && run.last > run.first ? `Running steps ${run.first + 1} to ${run.last + 1} of ${total} back to back…` : `Running step ${runningStep + 1} of ${total}…`;
  }
  const frame = shownFrame(p);
  const next = runsNext(p);
  const then = next === null ? `all ${total} steps ran` : `step ${next + 1} runs next`;
  if (p.back > 0) return frame.kind === 'start' ? `Looking back at the start; ${then}.` : `Looking back at ${framedSteps(frame)}’s ${frame.kind}; ${then}.`;
  if (frame.kind === 'start') return `${total} steps; step 1 runs next.`;
  if (frame.kind === 'question') {
    const run = runOf(p, frame.step);
    const group = run && run.last > run.first ? ` (steps ${run.first + 1} to ${run.last + 1} then run back to back)` : '';
    return `Step ${frame.step + 1} of ${total}: the class answers its question first${group}.`;
  }
  return `${capital(framedSteps(frame))} of ${total} ran; ${then}.`;
}

export function StageBar({ total }: { total: number }) {
  const { position, runningStep, running, resetting, lessonForward, lessonBack, runLessonAll, resetLesson } = useWorkbench(
    useShallow((s) => ({
      position: s.lessons.position,
      runningStep: s.lessons.runningStep,
      running: s.lessons.running,
      resetting: s.lessons.resetting,
      lessonForward: s.lessonForward,
      lessonBack: s.lessonBack,
      runLessonAll: s.runLessonAll,
      resetLesson: s.resetLesson,
    })),
  );
  const action = forwardAction(position);
  const busy = running || resetting;
  const canForward = action !== 'none' && !busy;
  const canBack = shownFrame(position).kind !== 'start' && !resetting;
  return (
    <div className="stage-bar">
      <div className="stage-controls" role="group" aria-label="Lesson controls">
        <button type="button" aria-disabled={!canBack} aria-keyshortcuts="ArrowLeft PageUp" onClick={() => canBack && lessonBack()}>
          Back
        </button>
        <button type="button" className="primary" aria-disabled={!canForward} aria-keyshortcuts="Space ArrowRight PageDown" onClick={() => canForward && void lessonForward()}>
          {FORWARD_LABEL[action]}
        </button>
        <button type="button" aria-disabled={busy || runsNext(position) === null} onClick={() => !busy && void runLessonAll()}>
          Run all
        </button>
        <button type="button" aria-disabled={resetting} onClick={() => !resetting && void resetLesson()}>
          Reset
        </button>
      </div>
      <p className="stage-position" role="status" aria-label="Lesson position">
        {positionText(position, total, runningStep)}
      </p>
    </div>
  );
}
