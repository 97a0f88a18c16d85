// One lesson stepped through in front of a class: its title and description, the run controls
// (LessonControls) and its steps, each with its caption and C expression; where a step asks a
// prediction, the radio group "Prediction" before it runs and, after, the truth (LessonStepItem).
import { useEffect, useRef, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench, useWorkbenchStore } from '../store/context';
import { lessonSocketNames, type LessonReset } from '../store/lessons';
import { nextRun, runOf, runsNext, shownFrame, type LessonRun } from '../store/lesson-position';
import type { ShippedScenario } from '../../../shared/contract';
import type { Step } from '../../../shared/steps';
import { RefusalNote } from './Banners';
import { LessonChart } from './LessonChart';
import { LessonControls } from './lesson/LessonControls';
import { LessonStepItem } from './lesson/LessonStepItem';
import { useLessonKeys } from './lesson/useLessonKeys';

/** "closed c (fd 19)" or why nothing was closed: the person sees what Reset touched. */
function describeReset(r: LessonReset): string {
  const list = (xs: string[]) => xs.join(', ');
  let text: string;
  if (r.closed.length) text = `Reset "${r.title}": closed its ${list(r.closed.map((c) => `${c.name} (fd ${c.fd})`))}.`;
  else if (r.names.length) text = `Reset "${r.title}": none of its sockets (${list(r.names)}) was still open, nothing to close.`;
  else text = `Reset "${r.title}": it names no sockets, nothing to close.`;
  if (r.freed.length) text += ` Freed ${list(r.freed.map((f) => `${f.name} (${f.call})`))}.`;
  if (r.failed.length) text += ` Not closed: ${list(r.failed.map((f) => `${f.name} (${f.message})`))}.`;
  return text;
}

export function LessonSteps({ lesson, titleRef, choosing, onChooseAnother }: { lesson: ShippedScenario; titleRef: RefObject<HTMLHeadingElement | null>; choosing: boolean; onChooseAnother: () => void }) {
  const { lastReset, error, info } = useWorkbench(useShallow((s) => ({ lastReset: s.lessons.lastReset, error: s.lessons.selectedId !== null ? s.lessons.error : null, info: s.info })));
  useLessonKeys(useWorkbenchStore());
  const steps = lesson.scenario!.steps as Step[];
  const names = lessonSocketNames(lesson);
  const tfoMissing = lesson.scenario!.needs?.includes('TFO') && info !== null && !info.libcrypto.supports.TFO;
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <div className="lesson-heading">
        <h3 id="lesson-title" tabIndex={-1} ref={titleRef}>
          {lesson.title}
        </h3>
        {!choosing ? (
          <button type="button" onClick={onChooseAnother}>
            Choose another lesson
          </button>
        ) : null}
      </div>
      {lesson.description ? <p className="lesson-description">{lesson.description}</p> : null}
      {tfoMissing ? (
        <p className="lesson-gate" role="note">
          The loaded libcrypto ({info!.libcrypto.version}) predates BIO_SOCK_TFO, which arrived in OpenSSL 3.2: the steps run, but the flag means nothing here and TCP_FASTOPEN reads back 0. Run this lesson
          on OpenSSL 3.2 or later (or in Compare) to see Fast Open applied.
        </p>
      ) : null}
      {names.length ? <p className="muted">Its sockets ({names.join(', ')}) are its own: it never acts on a socket of yours, even one with the same name, and Reset closes only what it opened.</p> : null}
      <LessonControls steps={steps} />
      {lastReset ? (
        <p className="lesson-reset" role="status" aria-label="Reset result">
          {describeReset(lastReset)}
        </p>
      ) : null}
      {error ? <RefusalNote refusal={error} label="Lesson error" /> : null}
      <LessonStepList steps={steps} />
    </article>
  );
}

function LessonStepList({ steps }: { steps: Step[] }) {
  const { records, choices, position, runningStep, resetting } = useWorkbench(
    useShallow((s) => ({ records: s.lessons.records, choices: s.lessons.choices, position: s.lessons.position, runningStep: s.lessons.runningStep, resetting: s.lessons.resetting })),
  );
  const list = useRef<HTMLOListElement>(null);
  const next = runsNext(position);
  const frame = shownFrame(position);
  const viewing = position.back > 0 && frame.kind !== 'start' ? frame.step : null;
  // A step group runs as one: its steps are all next (their prediction asked before it), or all running.
  const nextGroup = runningStep !== null || resetting ? null : nextRun(position);
  const runningGroup = runningStep === null ? null : runOf(position, runningStep);
  const within = (run: LessonRun | null, i: number) => run !== null && i >= run.first && i <= run.last;
  // What the class looks at stays in view: the step looked at again, else the next step, a prediction
  // still to answer (it comes before Run), and last the latest result, which wins if all do not fit.
  useEffect(() => {
    const scroll = (selector: string) => list.current?.querySelector(selector)?.scrollIntoView?.({ block: 'nearest' });
    if (viewing !== null) return void scroll(`[data-step="${viewing}"]`);
    scroll(`[data-step="${runningStep ?? next}"]`);
    if (runningStep !== null) return;
    const asks = nextRun(position)?.asks;
    if (asks != null) scroll(`[data-step="${asks}"] .lesson-prediction`);
    if (position.ran > 0) scroll(`[data-step="${position.ran - 1}"] .lesson-result`);
  }, [viewing, runningStep, next, position, records]);
  return (
    <ol className="lesson-steps" aria-label="Steps" ref={list}>
      {steps.map((step, i) => (
        <LessonStepItem
          key={i}
          index={i}
          step={step}
          record={records[i] ?? null}
          choice={choices[i] ?? null}
          isNext={within(nextGroup, i)}
          isRunning={within(runningGroup, i)}
          isViewing={viewing !== null && (i === viewing || (frame.kind === 'result' && i >= frame.step && i <= frame.last))}
          ran={i < position.ran}
          figure={i === steps.length - 1 ? <LessonChart steps={steps} records={records} /> : null}
        />
      ))}
    </ol>
  );
}
