// One lesson stepped through in front of a class: each step's caption and C expression; where it
// has a prediction, a radio group "Prediction" before it runs (skipping allowed) and, after, what
// really happened with the explanation and whether the prediction held; the score at the end.
// Space or Right runs the next step, Left shows the previous step's record (never undoes).
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { lessonSocketNames, type LessonReset } from '../store/lessons';
import { soErrorOf } from '../store/log-index';
import { cExpression } from '../../../shared/c-expression';
import type { ShippedScenario } from '../../../shared/contract';
import type { CallRecord } from '../../../shared/record';
import type { Prediction, Step } from '../../../shared/steps';
import { choiceText, judgePrediction } from '../../../shared/lesson-prediction';
import { lessonTally, tallyText } from '../../../shared/lesson-run';
import { groupSpan, type GroupSpan } from '../../../shared/step-groups';
import { RefusalNote } from './Banners';
import { formatDuration, LessonChart } from './LessonChart';
import { TlsStepResult } from './RecordTlsFields';

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** "closed c (fd 19)" or why nothing was closed: the person sees what Reset touched. */
function describeReset(r: LessonReset): string {
  const list = (xs: string[]) => xs.join(', ');
  let text: string;
  if (r.closed.length) text = `Reset "${r.title}": closed its ${list(r.closed.map((c) => `${c.name} (fd ${c.fd})`))}.`;
  else if (r.names.length) text = `Reset "${r.title}": none of its sockets (${list(r.names)}) was still open, nothing to close.`;
  else text = `Reset "${r.title}": it names no sockets, nothing to close.`;
  if (r.failed.length) text += ` Not closed: ${list(r.failed.map((f) => `${f.name} (${f.message})`))}.`;
  return text;
}

/** Predictions made and held, over the steps that ran. */
function predictionScore(steps: readonly Step[], records: readonly (CallRecord | null)[], choices: readonly (number | null)[]): { asked: number; answered: number; held: number } {
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
  return { asked, answered, held };
}

/** A key press that is the person's typing or a control's own (Space on a button, arrows in a radio group), not a lesson shortcut. */
function isControlKey(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || e.altKey || e.ctrlKey || e.metaKey) return true;
  if (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) return true;
  return e.key === ' ' && ['BUTTON', 'A', 'SUMMARY'].includes(t.tagName);
}

export function LessonSteps({ lesson, titleRef, choosing, onChooseAnother }: { lesson: ShippedScenario; titleRef: RefObject<HTMLHeadingElement | null>; choosing: boolean; onChooseAnother: () => void }) {
  // Entering or leaving presentation mode lays the steps out anew: what is in view is found again.
  const presenting = useWorkbench((s) => s.presenting);
  const { records, choices, next, runningStep, viewing, running, resetting, lastReset, error, info, runLessonStep, runLessonAll, resetLesson, viewPreviousStep } = useWorkbench(
    useShallow((s) => ({
      records: s.lessons.records,
      choices: s.lessons.choices,
      next: s.lessons.next,
      runningStep: s.lessons.runningStep,
      viewing: s.lessons.viewing,
      running: s.lessons.running,
      resetting: s.lessons.resetting,
      lastReset: s.lessons.lastReset,
      error: s.lessons.selectedId !== null ? s.lessons.error : null,
      info: s.info,
      runLessonStep: s.runLessonStep,
      runLessonAll: s.runLessonAll,
      resetLesson: s.resetLesson,
      viewPreviousStep: s.viewPreviousStep,
    })),
  );
  const steps = lesson.scenario!.steps as Step[];
  const done = next >= steps.length;
  // A step group runs as one: its steps are all next (their prediction asked before it), or all running.
  const nextGroup = done || runningStep !== null || resetting ? null : groupSpan(steps, next);
  const runningGroup = runningStep === null ? null : groupSpan(steps, runningStep);
  const within = (span: GroupSpan | null, i: number) => span !== null && i >= span.first && i <= span.last;
  const canRun = !done && !running && !resetting;
  const tally = lessonTally(records, steps.length);
  const score = predictionScore(steps, records, choices);
  const names = lessonSocketNames(lesson);
  const stepList = useRef<HTMLOListElement>(null);
  const tfoMissing = lesson.scenario!.needs?.includes('TFO') && info !== null && !info.libcrypto.supports.TFO;

  const keys = useRef({ canRun, runLessonStep, viewPreviousStep });
  keys.current = { canRun, runLessonStep, viewPreviousStep };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isControlKey(e)) return;
      if (e.key === ' ' || e.key === 'ArrowRight') {
        e.preventDefault();
        if (keys.current.canRun) void keys.current.runLessonStep();
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        keys.current.viewPreviousStep();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // What the class looks at stays in view: the step shown by Left, else the next step, a prediction
  // still to answer (it comes before Run), and last the latest result, which wins if all do not fit.
  useEffect(() => {
    const scroll = (selector: string) => stepList.current?.querySelector(selector)?.scrollIntoView?.({ block: 'nearest' });
    if (viewing !== null) return void scroll(`[data-step="${viewing}"]`);
    scroll(`[data-step="${runningStep ?? next}"]`);
    if (runningStep !== null) return;
    scroll(`[data-step="${next}"] .lesson-prediction`);
    if (next > 0) scroll(`[data-step="${next - 1}"] .lesson-result`);
  }, [viewing, runningStep, next, records, presenting]);

  let progress: string;
  if (resetting) progress = 'Resetting: cancelling what still waits and closing the lesson’s own sockets…';
  else if (runningStep !== null) progress = `Running step ${runningStep} of ${steps.length - 1}: ${cExpression(steps[runningStep])}`;
  else if (next === 0) progress = `${steps.length} steps, none run yet. Step 0 is next.`;
  else if (done) progress = `All done: ${tallyText(tally)}.`;
  else progress = `${tallyText({ ...tally, steps: steps.length })}. Step ${next} is next.`;
  const scoreText = score.asked ? `Predictions: ${score.held} of ${score.answered} held${score.asked > score.answered ? ` (${score.asked - score.answered} skipped)` : ''}.` : null;

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
      {/* Stays in view while the steps scroll under it: the run control and the latest progress. */}
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
        <span className="lesson-keys">Space or → runs the next step, ← shows the step before</span>
      </div>
      <p className="lesson-progress" role="status" aria-label="Lesson progress">
        {progress}
        {scoreText ? ` ${scoreText}` : ''}
      </p>
      {viewing !== null ? (
        <p className="lesson-viewing" role="status" aria-label="Step shown">
          Showing step {viewing}’s record (going back never undoes a call). → runs step {next}.
        </p>
      ) : null}
      </div>
      {lastReset ? (
        <p className="lesson-reset" role="status" aria-label="Reset result">
          {describeReset(lastReset)}
        </p>
      ) : null}
      {error ? <RefusalNote refusal={error} label="Lesson error" /> : null}
      <ol className="lesson-steps" start={0} aria-label="Steps" ref={stepList}>
        {steps.map((step, i) => (
          <LessonStep
            key={i}
            index={i}
            step={step}
            record={records[i] ?? null}
            choice={choices[i] ?? null}
            isNext={within(nextGroup, i)}
            isRunning={within(runningGroup, i)}
            isViewing={i === viewing}
            ran={i < next}
            figure={i === steps.length - 1 ? <LessonChart steps={steps} records={records} /> : null}
          />
        ))}
      </ol>
    </article>
  );
}

function LessonStep({ index, step, record, choice, isNext, isRunning, isViewing, ran, figure }: { index: number; step: Step; record: CallRecord | null; choice: number | null; isNext: boolean; isRunning: boolean; isViewing: boolean; ran: boolean; figure: ReactNode }) {
  const addr = 'addr' in step ? step.addr : null;
  const resolved = typeof record?.args.addrResolved === 'string' ? record.args.addrResolved : null;
  const background = 'background' in step && step.background === true;
  const state = isRunning ? ' running' : isViewing ? ' viewing' : isNext ? ' next' : record ? ' ran' : '';
  return (
    <li className={`lesson-step${state}`} aria-label={`Step ${index}`} aria-current={isNext ? 'step' : isViewing ? 'true' : undefined} data-step={index}>
      {step.caption ? <p className="lesson-caption">{step.caption}</p> : null}
      <div className="lesson-step-head">
        <code className="c-expression">{cExpression(step)}</code>
        {isNext ? <span className="lesson-marker">next</span> : null}
        {isRunning ? <span className="lesson-marker">running…</span> : null}
        {background ? <span className="lesson-marker">in the background</span> : null}
        {step.group ? <span className="lesson-marker" title="The steps of a group run back to back in the engine, as one">group {step.group}</span> : null}
      </div>
      {addr !== null ? (
        <div className="lesson-addr">
          addr <code>{resolved ?? addr}</code>
          {resolved && resolved !== addr ? <span className="muted"> (from {addr})</span> : null}
        </div>
      ) : null}
      {step.note ? <p className="lesson-note">{step.note}</p> : null}
      {step.prediction && !ran && (isNext || isRunning) ? <PredictionChoices index={index} prediction={step.prediction} choice={choice} disabled={isRunning} /> : null}
      {record ? <StepResult record={record} /> : ran && !isRunning ? <p className="muted">{background ? 'Waiting in the background…' : 'No record: the host refused the step.'}</p> : null}
      {step.prediction && record ? <PredictionTruth prediction={step.prediction} record={record} choice={choice} /> : null}
      {/* The chart stands beside the last step, the one that asks to compare its bars. */}
      {figure}
    </li>
  );
}

function PredictionChoices({ index, prediction, choice, disabled }: { index: number; prediction: Prediction; choice: number | null; disabled: boolean }) {
  const choose = useWorkbench((s) => s.choosePrediction);
  const questionId = `lesson-question-${index}`;
  return (
    <div className="lesson-prediction">
      <p id={questionId}>{prediction.question ?? 'What will this call return?'} Choose, then run the step (or run it without choosing).</p>
      <div className="lesson-prediction-choices" role="radiogroup" aria-label="Prediction" aria-describedby={questionId}>
        {prediction.choices.map((c, k) => (
          <label key={k}>
            <input type="radio" name={`lesson-prediction-${index}`} checked={choice === k} disabled={disabled} onChange={() => choose(index, k)} />
            {choiceText(c)}
          </label>
        ))}
      </div>
    </div>
  );
}

function PredictionTruth({ prediction, record, choice }: { prediction: Prediction; record: CallRecord; choice: number | null }) {
  const outcome = judgePrediction(prediction, record, choice);
  const what = record.refused ? 'the step was refused, so nothing happened to judge' : `ret ${record.ret ?? 'null'}${record.errno ? `, errno ${record.errno.name}` : ', errno not set'}`;
  const matching = outcome.truth.map((k) => `“${choiceText(prediction.choices[k])}”`).join(' and ');
  let verdict: string;
  if (outcome.held === null) verdict = 'You ran it without predicting.';
  else if (outcome.held) verdict = `✓ Your prediction held: “${choiceText(prediction.choices[choice!])}”.`;
  else verdict = `✗ Your prediction did not hold: you chose “${choiceText(prediction.choices[choice!])}”.`;
  return (
    <div className="lesson-truth" role="group" aria-label={`Step ${record.index} prediction`}>
      <p>
        What happened: <strong>{what}</strong>
        {matching ? <> — {matching}.</> : record.refused ? null : ' — none of the choices.'}
      </p>
      <p>{verdict}</p>
      <p>{prediction.explanation}</p>
    </div>
  );
}

function StepResult({ record }: { record: CallRecord }) {
  const expect = record.expect;
  return (
    <div className="lesson-result">
      {record.refused ? (
        <p className="lesson-refused">Refused before the call was made (not run): {record.refused}</p>
      ) : (
        <p>
          ret <strong>{record.ret ?? 'null'}</strong>
          {soErrorOf(record) ? ` (SO_ERROR ${soErrorOf(record)!.name}: ${soErrorOf(record)!.message})` : ''}
          {record.errno ? (
            <>
              , errno <strong>{record.errno.name}</strong>
            </>
          ) : (
            ', errno not set'
          )}
          {record.errorQueue.length ? `, ${record.errorQueue.length} error-queue ${record.errorQueue.length === 1 ? 'entry' : 'entries'}` : ''}
          {record.cancelled ? <>, cancelled: {record.cancelled}</> : null}
          {`, ${formatDuration(record.durationUs)}`}
        </p>
      )}
      <TlsStepResult record={record} />
      {expect?.ok ? <p className="expect-held">✓ Expectation held</p> : null}
      {expect && !expect.ok ? (
        <div className="expect-failed">
          <p>✗ Expectation failed</p>
          <ul aria-label={`Step ${record.index} mismatches`}>
            {expect.mismatches.map((m) => (
              <li key={m.field}>
                <code>{m.field}</code>: expected <code>{shown(m.expected)}</code>, actual <code>{shown(m.actual)}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
