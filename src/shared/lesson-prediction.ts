// A lesson's prediction judged against what really happened: the record is the truth, the lesson
// only names the choices. A choice holds when its ret matches ("fd": any fd >= 0) and, where it
// names one, its errno too (null: errno not set).
import type { CallRecord } from './record';
import type { Prediction, PredictionChoice } from './steps';

export function choiceHeld(choice: PredictionChoice, record: Pick<CallRecord, 'ret' | 'errno' | 'refused'>): boolean {
  if (record.refused) return false;
  const retHeld = choice.ret === 'fd' ? record.ret !== null && record.ret >= 0 : choice.ret === record.ret;
  if (!retHeld) return false;
  if (choice.errno === undefined) return true;
  return choice.errno === (record.errno?.name ?? null);
}

/** A choice in words: its label, else "ret 0, errno ECONNREFUSED". */
export function choiceText(choice: PredictionChoice): string {
  if (choice.label) return choice.label;
  const ret = choice.ret === 'fd' ? 'an fd (≥ 0)' : String(choice.ret);
  const errno = choice.errno === undefined ? '' : choice.errno === null ? ', errno not set' : `, errno ${choice.errno}`;
  return `ret ${ret}${errno}`;
}

export interface PredictionOutcome {
  /** The choices that match what happened (none when the step was refused or did something no choice names). */
  truth: number[];
  /** The choice the person made, or null when they ran the step without choosing. */
  chosen: number | null;
  /** Whether the chosen choice matched; null when none was chosen. */
  held: boolean | null;
}

export function judgePrediction(prediction: Prediction, record: Pick<CallRecord, 'ret' | 'errno' | 'refused'>, chosen: number | null): PredictionOutcome {
  const truth = prediction.choices.flatMap((c, i) => (choiceHeld(c, record) ? [i] : []));
  return { truth, chosen, held: chosen === null ? null : truth.includes(chosen) };
}

/** Why two choices of one prediction could never be told apart, or null. */
export function overlappingChoices(prediction: Prediction): string | null {
  const key = (c: PredictionChoice) => `${c.ret}|${c.errno === undefined ? '*' : String(c.errno)}`;
  const seen = new Map<string, number>();
  for (const [i, c] of prediction.choices.entries()) {
    const k = key(c);
    if (seen.has(k)) return `choices ${seen.get(k)! + 1} and ${i + 1} (counted from 1) name the same ret and errno; each choice must be a different outcome`;
    seen.set(k, i);
  }
  return null;
}
