// What `run` adds for a lesson or a scenario with step groups: where each group starts, each step's caption before its record, and after it the
// prediction's question, every choice, which held (the record is the truth) and the explanation.
import { choiceText, judgePrediction } from '../../shared/lesson-prediction';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { groupSpan } from '../../shared/step-groups';
import { terminalText } from '../../shared/escape/terminal';

/** Above a step group's first step: which steps ran back to back (counted from 1). */
export function groupLines(steps: readonly Step[] | undefined, index: number): string[] {
  if (!steps) return [];
  const span = groupSpan(steps, index);
  return span.name !== null && span.first === index ? [`-- group ${span.name}: steps ${span.first + 1} to ${span.last + 1} ran back to back in the engine --`] : [];
}

/** The caption a class reads while the step runs, above its block; nothing when it has none. */
export function captionLines(step: Step | undefined): string[] {
  return step?.caption ? [`  ${terminalText(step.caption)}`] : [];
}

/** The prediction below the step's block: its choices numbered from 1, the ones that held marked. */
export function predictionLines(step: Step | undefined, r: CallRecord): string[] {
  const prediction = step?.prediction;
  if (!prediction) return [];
  const { truth } = judgePrediction(prediction, r, null);
  const lines = [`      prediction: ${terminalText(prediction.question ?? 'What will this call return?')}`];
  prediction.choices.forEach((c, k) => lines.push(`        ${k + 1}. ${terminalText(choiceText(c))}${truth.includes(k) ? '   <- held' : ''}`));
  if (truth.length === 0) lines.push(`        no choice held${r.refused ? ': the step was refused' : ''}`);
  lines.push(`      explanation: ${terminalText(prediction.explanation)}`);
  return lines;
}
