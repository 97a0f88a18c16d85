// The lesson editor, in the Lessons panel in place of the lesson's steps: the title and
// description, each step's caption and prediction, steps moved up or down or deleted; "Present"
// opens the draft as a lesson in presentation mode, "Save lesson" downloads it. Both first check
// it as the CLI does; what is wrong is named by step and field, and that field is focused.
import { useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { draftErrorText } from '../store/lesson-editor';
import { changeStep, deleteStep, moveStep, newPrediction, type DraftStep, type LessonDraft } from '../store/lesson-draft';
import { cExpression } from '../../../shared/c-expression';
import type { Scenario, Step } from '../../../shared/steps';
import { PredictionEditor } from './PredictionEditor';

/** "Edit lesson": opens the editor on a copy of the lesson given. */
export function EditLessonButton({ scenario, label = 'Edit lesson' }: { scenario: Scenario; label?: string }) {
  const editLesson = useWorkbench((s) => s.editLesson);
  return (
    <button type="button" onClick={() => editLesson(scenario)}>
      {label}
    </button>
  );
}

export function LessonEditor() {
  const { draft, error, saved, changeDraft, closeLessonEditor, saveDraft, presentDraft } = useWorkbench(
    useShallow((s) => ({
      draft: s.lessonEditor.draft,
      error: s.lessonEditor.error,
      saved: s.lessonEditor.saved,
      changeDraft: s.changeDraft,
      closeLessonEditor: s.closeLessonEditor,
      saveDraft: s.saveDraft,
      presentDraft: s.presentDraft,
    })),
  );
  const id = useId();
  const root = useRef<HTMLElement>(null);
  useEffect(() => root.current?.querySelector<HTMLElement>('h3')?.focus(), []);
  // A failed check moves focus to the field it names, when the editor has one for it.
  const focusInvalid = () => requestAnimationFrame(() => root.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  // Closed, focus goes back to the lesson shown (or the panel's heading), not to the page's start.
  const close = () => {
    closeLessonEditor();
    requestAnimationFrame(() => (document.getElementById('lesson-title') ?? document.getElementById('lessons-title'))?.focus());
  };
  if (!draft) return null;
  const change = (f: (d: LessonDraft) => LessonDraft) => changeDraft(f);
  const topInvalid = (field: string) => (error?.step === null && error.field === field ? true : undefined);
  return (
    <section className="lesson-editor" aria-labelledby={`${id}-h`} ref={root}>
      <h3 id={`${id}-h`} tabIndex={-1}>
        Lesson editor
      </h3>
      <label htmlFor={`${id}-title`}>Title</label>
      <input id={`${id}-title`} type="text" maxLength={300} value={draft.title} aria-invalid={topInvalid('title')} onChange={(e) => change((d) => ({ ...d, title: e.currentTarget.value }))} />
      <label htmlFor={`${id}-desc`}>Description</label>
      <textarea id={`${id}-desc`} rows={3} maxLength={10_000} value={draft.description} aria-invalid={topInvalid('description')} onChange={(e) => change((d) => ({ ...d, description: e.currentTarget.value }))} />
      <ol className="editor-steps" aria-label="Lesson steps">
        {draft.steps.map((step, i) => (
          <StepEditor key={step.key} index={i} count={draft.steps.length} step={step} invalidField={error?.step === i ? error.field : null} change={change} />
        ))}
      </ol>
      {/* Stays in view at the bottom while the steps scroll: what the check found, and the actions. */}
      <div className="editor-footer">
        {error ? (
          <p className="lesson-invalid" role="alert" aria-label="Lesson check">
            Not saved: {draftErrorText(error)}
          </p>
        ) : null}
        {saved ? (
          <p role="status" aria-label="Lesson saved">
            Saved as {saved}.
          </p>
        ) : null}
        <div className="editor-actions" role="group" aria-label="Lesson editor actions">
          <button type="button" onClick={() => void presentDraft().then((ok) => ok || focusInvalid())}>
            Present
          </button>
          <button type="button" className="primary" onClick={() => saveDraft() || focusInvalid()}>
            Save lesson
          </button>
          <button type="button" onClick={close}>
            Close editor
          </button>
        </div>
      </div>
    </section>
  );
}

interface StepEditorProps {
  index: number;
  count: number;
  step: DraftStep;
  /** The field of this step the last check found wrong, or null. */
  invalidField: string | null;
  change(f: (d: LessonDraft) => LessonDraft): void;
}

function StepEditor({ index, count, step, invalidField, change }: StepEditorProps) {
  const id = useId();
  const n = index + 1;
  const predictionField = invalidField?.startsWith('prediction.') ? invalidField.slice('prediction.'.length) : null;
  return (
    <li className="editor-step" aria-label={`Step ${n}`}>
      <div className="editor-step-head">
        <span className="editor-step-number">{n}.</span>
        <code className="c-expression">{cExpression(step.call as Step)}</code>
      </div>
      <label htmlFor={`${id}-caption`}>Caption</label>
      <textarea id={`${id}-caption`} rows={2} maxLength={1000} value={step.caption} aria-invalid={invalidField === 'caption' ? true : undefined} onChange={(e) => change((d) => changeStep(d, index, { caption: e.currentTarget.value }))} />
      {step.prediction ? (
        <PredictionEditor
          stepNumber={n}
          prediction={step.prediction}
          invalidField={predictionField}
          onChange={(prediction) => change((d) => changeStep(d, index, { prediction }))}
          onRemove={() => change((d) => changeStep(d, index, { prediction: null }))}
        />
      ) : (
        <button type="button" aria-label={`Add prediction to step ${n}`} onClick={() => change((d) => changeStep(d, index, { prediction: newPrediction(d.steps[index]) }))}>
          Add prediction
        </button>
      )}
      <div className="editor-step-moves" role="group" aria-label={`Step ${n} order`}>
        <button type="button" aria-label={`Move step ${n} up`} disabled={index === 0} onClick={() => change((d) => moveStep(d, index, -1))}>
          Up
        </button>
        <button type="button" aria-label={`Move step ${n} down`} disabled={index === count - 1} onClick={() => change((d) => moveStep(d, index, 1))}>
          Down
        </button>
        <button type="button" aria-label={`Delete step ${n}`} disabled={count === 1} onClick={() => change((d) => deleteStep(d, index))}>
          Delete
        </button>
      </div>
    </li>
  );
}
