// One step of a lesson in the Lessons panel's list (numbered from 1, as a person counts): its
// caption and C expression; before it runs, where it asks one, the radio group "Prediction";
// after, its result and the prediction judged against it.
import type { ReactNode } from 'react';
import { useWorkbench } from '../../store/context';
import { retNote } from '../../store/log-index';
import { cExpression } from '../../../../shared/c-expression';
import type { CallRecord } from '../../../../shared/record';
import type { Prediction, Step } from '../../../../shared/steps';
import { choiceText, judgePrediction } from '../../../../shared/lesson-prediction';
import { formatDuration } from '../LessonChart';
import { TlsStepResult } from '../RecordTlsFields';

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

interface LessonStepItemProps {
  index: number;
  step: Step;
  record: CallRecord | null;
  choice: number | null;
  isNext: boolean;
  isRunning: boolean;
  isViewing: boolean;
  ran: boolean;
  /** A figure beside the step (the chart beside the last step, the one that asks to compare its bars). */
  figure?: ReactNode;
}

export function LessonStepItem({ index, step, record, choice, isNext, isRunning, isViewing, ran, figure = null }: LessonStepItemProps) {
  const addr = 'addr' in step ? step.addr : null;
  const resolved = typeof record?.args.addrResolved === 'string' ? record.args.addrResolved : null;
  const background = 'background' in step && step.background === true;
  const state = isRunning ? ' running' : isViewing ? ' viewing' : isNext ? ' next' : record ? ' ran' : '';
  return (
    <li className={`lesson-step${state}`} aria-label={`Step ${index + 1}`} aria-current={isNext ? 'step' : isViewing ? 'true' : undefined} data-step={index}>
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
      {figure}
    </li>
  );
}

/** The radio group "Prediction" for a step not yet run; the stage shows the same choices large. */
export function PredictionChoices({ index, prediction, choice, disabled, keys = false }: { index: number; prediction: Prediction; choice: number | null; disabled: boolean; keys?: boolean }) {
  const choose = useWorkbench((s) => s.choosePrediction);
  const questionId = `lesson-question-${index}${keys ? '-stage' : ''}`;
  return (
    <div className="lesson-prediction">
      <p id={questionId}>
        {prediction.question ?? 'What will this call return?'}
        {keys ? null : ' Choose, then run the step (or run it without choosing).'}
      </p>
      <div className="lesson-prediction-choices" role="radiogroup" aria-label="Prediction" aria-describedby={questionId}>
        {prediction.choices.map((c, k) => (
          <label key={k}>
            <input type="radio" name={`lesson-prediction-${index}${keys ? '-stage' : ''}`} checked={choice === k} disabled={disabled} aria-keyshortcuts={keys ? String(k + 1) : undefined} onChange={() => choose(index, k)} />
            {keys ? <kbd aria-hidden="true">{k + 1}</kbd> : null}
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
    <div className="lesson-truth" role="group" aria-label={`Step ${record.index + 1} prediction`}>
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
          {retNote(record)}
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
          <ul aria-label={`Step ${record.index + 1} mismatches`}>
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
