// One step's prediction in the lesson editor: the question, 2 to 5 choices (a label, and the outcome
// each names: a return value, and an errno name, "not set" or any), and the explanation shown once
// the step ran. What the call really returns decides which choice held, so no choice is marked right.
import { useId } from 'react';
import { addChoice, changeChoice, MAX_CHOICES, MIN_CHOICES, removeChoice, type DraftChoice, type DraftPrediction, type ErrnoKind, type RetKind } from '../store/lesson-draft';

export interface PredictionEditorProps {
  /** The step's number as the editor shows it (from 1). */
  stepNumber: number;
  prediction: DraftPrediction;
  onChange(prediction: DraftPrediction): void;
  onRemove(): void;
  /** The field the last check found wrong in this prediction ("question", "choices[1].errno"), or null. */
  invalidField: string | null;
}

export function PredictionEditor({ stepNumber, prediction, onChange, onRemove, invalidField }: PredictionEditorProps) {
  const id = useId();
  const invalid = (field: string) => (invalidField === field ? true : undefined);
  return (
    <fieldset className="prediction-editor">
      <legend>Step {stepNumber} prediction</legend>
      <label htmlFor={`${id}-q`}>Question</label>
      <input id={`${id}-q`} type="text" maxLength={500} placeholder="What will this call return?" value={prediction.question} aria-invalid={invalid('question')} onChange={(e) => onChange({ ...prediction, question: e.currentTarget.value })} />
      <ol className="choice-editors" aria-label={`Step ${stepNumber} choices`}>
        {prediction.choices.map((choice, k) => (
          <ChoiceEditor
            key={k}
            number={k + 1}
            choice={choice}
            invalidField={invalidField?.startsWith(`choices[${k}]`) ? invalidField.slice(`choices[${k}]`.length + 1) : null}
            canRemove={prediction.choices.length > MIN_CHOICES}
            onChange={(patch) => onChange(changeChoice(prediction, k, patch))}
            onRemove={() => onChange(removeChoice(prediction, k))}
          />
        ))}
      </ol>
      <button type="button" disabled={prediction.choices.length >= MAX_CHOICES} onClick={() => onChange(addChoice(prediction))}>
        Add choice
      </button>
      <label htmlFor={`${id}-x`}>Explanation</label>
      <textarea id={`${id}-x`} rows={2} maxLength={2000} value={prediction.explanation} aria-invalid={invalid('explanation')} onChange={(e) => onChange({ ...prediction, explanation: e.currentTarget.value })} />
      <button type="button" onClick={onRemove} aria-label={`Remove prediction from step ${stepNumber}`}>
        Remove prediction
      </button>
    </fieldset>
  );
}

const RET_KINDS: { kind: RetKind; text: string }[] = [
  { kind: 'number', text: 'a number' },
  { kind: 'null', text: 'null: no call was made' },
  { kind: 'fd', text: 'fd: any fd ≥ 0' },
];
const ERRNO_KINDS: { kind: ErrnoKind; text: string }[] = [
  { kind: 'name', text: 'a name' },
  { kind: 'null', text: 'null: not set' },
  { kind: 'any', text: 'any errno' },
];

interface ChoiceEditorProps {
  number: number;
  choice: DraftChoice;
  /** The field of this choice the check found wrong ("ret", "errno", "label"), or null. */
  invalidField: string | null;
  canRemove: boolean;
  onChange(patch: Partial<DraftChoice>): void;
  onRemove(): void;
}

function ChoiceEditor({ number, choice, invalidField, canRemove, onChange, onRemove }: ChoiceEditorProps) {
  const id = useId();
  const invalid = (field: string) => (invalidField === field ? true : undefined);
  return (
    <li className="choice-editor" aria-label={`Choice ${number}`}>
      <label htmlFor={`${id}-label`}>Label</label>
      <input id={`${id}-label`} type="text" maxLength={200} placeholder="in words (optional)" value={choice.label} aria-invalid={invalid('label')} onChange={(e) => onChange({ label: e.currentTarget.value })} />
      <label htmlFor={`${id}-ret`}>Return value</label>
      <select id={`${id}-ret`} value={choice.retKind} onChange={(e) => onChange({ retKind: e.currentTarget.value as RetKind })}>
        {RET_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.text}
          </option>
        ))}
      </select>
      {choice.retKind === 'number' ? (
        <input type="text" inputMode="numeric" aria-label="Return value number" className="choice-number" value={choice.retText} aria-invalid={invalid('ret')} onChange={(e) => onChange({ retText: e.currentTarget.value })} />
      ) : null}
      <label htmlFor={`${id}-errno`}>errno</label>
      <select id={`${id}-errno`} value={choice.errnoKind} onChange={(e) => onChange({ errnoKind: e.currentTarget.value as ErrnoKind })}>
        {ERRNO_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.text}
          </option>
        ))}
      </select>
      {choice.errnoKind === 'name' ? (
        <input type="text" aria-label="errno name" placeholder="ECONNREFUSED" spellCheck={false} value={choice.errnoText} aria-invalid={invalid('errno')} onChange={(e) => onChange({ errnoText: e.currentTarget.value.toUpperCase() })} />
      ) : null}
      <button type="button" disabled={!canRemove} aria-label={`Remove choice ${number}`} onClick={onRemove}>
        Remove
      </button>
    </li>
  );
}
