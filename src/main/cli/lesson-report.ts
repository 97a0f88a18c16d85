// What `run` adds for a lesson or a scenario with step groups: where each group starts, each step's caption before its record, and after it the
// prediction's question, every choice, which held (the record is the truth) and the explanation; after the steps, the measured steps' bars.
import { formatMs, measuredBars } from '../../shared/lesson-measures';
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

/** The longest bar of the block, in `#` characters: wide enough to compare, narrow enough for any terminal. */
const BAR_WIDTH = 40;

/** A bar scaled to the longest; any time above zero shows at least one `#`, so no bar vanishes beside a long one. */
function textBar(us: number, longest: number): string {
  return us > 0 && longest > 0 ? '#'.repeat(Math.max(1, Math.round((us / longest) * BAR_WIDTH))) : '';
}

/** The window's chart as text after the steps: one line per measured step, its label, its time in ms and its bar. */
export function measuredLines(steps: readonly Step[] | undefined, records: readonly CallRecord[]): string[] {
  if (!steps) return [];
  const byStep: (CallRecord | undefined)[] = [];
  for (const r of records) byStep[r.index] = r;
  const bars = measuredBars(steps, byStep);
  if (bars.length === 0) return [];
  // Labels come from the file: escaped before they are measured, so the padding fits what is printed.
  const labels = bars.map((b) => terminalText(b.label));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const times = bars.map((b) => (b.us === null ? '' : formatMs(b.us)));
  const timeWidth = Math.max(...times.map((t) => t.length));
  const longest = Math.max(0, ...bars.map((b) => b.us ?? 0));
  const rows = bars.map((b, k) => {
    const value = b.us === null ? (byStep[b.step]?.refused ? 'refused: no time' : 'not run: no time') : `${times[k].padStart(timeWidth)}  ${textBar(b.us, longest)}`;
    return `  ${labels[k].padEnd(labelWidth)}  ${value}`.trimEnd();
  });
  return ['', "measured (the lesson's chart):", ...rows];
}
