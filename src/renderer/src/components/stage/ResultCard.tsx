// The step just run, as the room reads it on the stage: its caption and C expression, what C
// returned, errno by name and message, every OpenSSL error-queue entry, the bytes it moved (text
// and hex), the class's prediction against the truth with the explanation, and any figure the step
// brings (StageFigures). Shown only after the step ran: the caption may give the answer away.
import type { ReactNode } from 'react';
import type { CallRecord, ErrorQueueEntry } from '../../../../shared/record';
import type { Prediction, Step } from '../../../../shared/steps';
import { cExpression } from '../../../../shared/c-expression';
import { choiceText, judgePrediction } from '../../../../shared/lesson-prediction';
import { progressOf, PROGRESS_TEXT } from '../../store/progress';
import { soErrorOf } from '../../store/log-index';
import { formatDuration } from '../LessonChart';
import { hexLength, printableText } from '../../../../shared/data-bytes';
import { BytesMoved } from './BytesMoved';

export interface ResultCardProps {
  index: number;
  total: number;
  step: Step;
  record: CallRecord | null;
  choice: number | null;
  /** The step's call is in flight. */
  running: boolean;
  /** Figures the step brings to the stage (a chart beside the step that asks to compare). */
  children?: ReactNode;
}

export function ResultCard({ index, total, step, record, choice, running, children }: ResultCardProps) {
  const caption = step.caption ?? step.note ?? null;
  return (
    <article className="stage-card result-card" aria-label={`Step ${index + 1} result`}>
      <p className="card-where">
        Step {index + 1} of {total}
      </p>
      {caption ? <p className="card-caption">{caption}</p> : null}
      <p className="card-c">
        <code>{cExpression(step)}</code>
      </p>
      {record ? <RecordFacts record={record} /> : <p className="card-waiting">{running ? 'Running…' : 'Waiting in the background: its result comes when it ends.'}</p>}
      {record && step.prediction ? <PredictionVerdict prediction={step.prediction} record={record} choice={choice} /> : null}
      {children}
    </article>
  );
}

function RecordFacts({ record }: { record: CallRecord }) {
  if (record.refused) return <p className="card-refused">Refused before the call was made (not run): {record.refused}</p>;
  const progress = progressOf({ call: record.call, ret: record.ret, errno: record.errno?.name ?? null, errorQueueLength: record.errorQueue.length });
  return (
    <>
      <ul className="card-facts" aria-label="What C returned">
        <li className="card-ret">
          ret <strong>{record.ret ?? 'null'}</strong>
          <SoError record={record} />
        </li>
        <li className="card-errno">
          errno{' '}
          {record.errno ? (
            <>
              <strong>{record.errno.name}</strong> ({record.errno.message})
            </>
          ) : (
            'not set'
          )}
        </li>
        {record.cancelled ? <li>cancelled: {record.cancelled}</li> : null}
        <TlsFacts record={record} />
      </ul>
      <BytesMoved record={record} />
      {record.errorQueue.length ? (
        <ol className="card-queue" aria-label="Error queue">
          {record.errorQueue.map((e, i) => (
            <li key={`${e.hex}-${i}`}>
              <QueueEntry entry={e} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="card-queue-empty">The error queue is empty.</p>
      )}
      {progress ? <p className="card-progress">{PROGRESS_TEXT[progress]}</p> : null}
      {record.expect && !record.expect.ok ? (
        <p className="card-expect-failed">
          ✗ Not what the lesson expected: {record.expect.mismatches.map((m) => `${m.field} was ${JSON.stringify(m.actual)}, expected ${JSON.stringify(m.expected)}`).join('; ')}
        </p>
      ) : null}
    </>
  );
}

/** A TLS step's SSL_get_error, and the verify result with its text once the peer's certificate was judged. */
function TlsFacts({ record }: { record: CallRecord }) {
  const { tls } = record;
  if (!tls) return null;
  return (
    <>
      {tls.sslError ? (
        <li className="card-ssl-error">
          SSL_get_error <strong>{tls.sslError.name}</strong>
        </li>
      ) : null}
      {tls.verify && (tls.verify.code !== 0 || tls.handshakeDone) ? (
        <li className="card-verify">
          verify result <strong>{tls.verify.code}</strong> ({tls.verify.text})
        </li>
      ) : null}
      {tls.handshakeDone && tls.version ? <li>{tls.version}{tls.cipher ? `, ${tls.cipher}` : ''}</li> : null}
    </>
  );
}

/** BIO_sock_error's ret is the socket's pending errno: named, as the panel names it. */
function SoError({ record }: { record: CallRecord }) {
  const e = soErrorOf(record);
  return e ? <> (SO_ERROR {e.name}: {e.message})</> : null;
}

export interface GroupResultCardProps {
  first: number;
  last: number;
  total: number;
  steps: readonly Step[];
  records: readonly (CallRecord | null)[];
  choices: readonly (number | null)[];
  /** The group's request is in flight. */
  running: boolean;
  children?: ReactNode;
}

/** A step group just run (its steps back to back in the engine, as one): the group's first caption, a line per step (its call and what it returned), then the group's prediction judged. */
export function GroupResultCard({ first, last, total, steps, records, choices, running, children }: GroupResultCardProps) {
  const indexes = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  const asked = indexes.find((i) => steps[i].prediction);
  const askedRecord = asked === undefined ? null : (records[asked] ?? null);
  const caption = steps[first].caption ?? steps[first].note ?? null;
  return (
    <article className="stage-card result-card" aria-label={`Steps ${first + 1} to ${last + 1} result`}>
      <p className="card-where">
        Steps {first + 1} to {last + 1} of {total}, run back to back as one (group {steps[first].group})
      </p>
      {caption ? <p className="card-caption">{caption}</p> : null}
      <ol className="card-group" aria-label="Steps run">
        {indexes.map((i) => (
          <li key={i} value={i + 1}>
            <code>{cExpression(steps[i])}</code> → {records[i] ? <GroupStepFacts record={records[i]!} /> : running ? 'running…' : 'no record yet'}
          </li>
        ))}
      </ol>
      {asked !== undefined && askedRecord ? <PredictionVerdict prediction={steps[asked].prediction!} record={askedRecord} choice={choices[asked] ?? null} /> : null}
      {children}
    </article>
  );
}

/** One step of a group in a line: ret, errno, any error-queue entries, the bytes moved and how long it took. */
function GroupStepFacts({ record }: { record: CallRecord }) {
  if (record.refused) return <span className="card-refused">refused before the call was made (not run): {record.refused}</span>;
  const queue = record.errorQueue.length;
  const n = record.data ? hexLength(record.data.hex) : 0;
  const text = n ? printableText(record.data!.hex.replace(/\s+/g, '')) : null;
  const moved = n === 0 ? '' : text !== null && n <= 48 ? `, “${text}”` : `, ${n} ${n === 1 ? 'byte' : 'bytes'}`;
  return (
    <span className="card-group-facts">
      ret <strong>{record.ret ?? 'null'}</strong>
      <SoError record={record} />, errno {record.errno ? <strong>{record.errno.name}</strong> : 'not set'}
      {queue ? `, ${queue} error-queue ${queue === 1 ? 'entry' : 'entries'}` : ''}
      {moved}, {formatDuration(record.durationUs)}
      {record.expect && !record.expect.ok ? ', ✗ not what the lesson expected' : ''}
    </span>
  );
}

function QueueEntry({ entry }: { entry: ErrorQueueEntry }) {
  const where = [entry.function, entry.data ? `“${entry.data}”` : null].filter(Boolean).join(', ');
  return (
    <>
      <code>{entry.text}</code>
      {where ? <span className="card-queue-where"> ({where})</span> : null}
    </>
  );
}

function PredictionVerdict({ prediction, record, choice }: { prediction: Prediction; record: CallRecord; choice: number | null }) {
  const outcome = judgePrediction(prediction, record, choice);
  const truth = outcome.truth.map((k) => `“${choiceText(prediction.choices[k])}”`).join(' and ') || 'none of the choices';
  let verdict: string;
  if (outcome.held === null) verdict = `No prediction was chosen. The truth: ${truth}.`;
  else if (outcome.held) verdict = `✓ The prediction held: “${choiceText(prediction.choices[choice!])}”.`;
  else verdict = `✗ Predicted “${choiceText(prediction.choices[choice!])}”; the truth: ${truth}.`;
  return (
    <div className="card-prediction" role="group" aria-label={`Step ${record.index + 1} prediction on the stage`}>
      <p className={`card-verdict${outcome.held === false ? ' missed' : ''}`}>{verdict}</p>
      <p className="card-explanation">{prediction.explanation}</p>
    </div>
  );
}
