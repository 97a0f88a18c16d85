// A lesson recorded as a person works: the calls this page made, rebuilt as steps (see lesson.ts:
// names for sockets, {name.port} for ports the kernel picked, expectations from what happened),
// each with the caption typed for it, or its C call where none was typed (a lesson step needs one).
import { lessonFromRecords, type LeftOut } from './lesson';
import type { CallRecord } from './record';
import type { Scenario } from './steps';

export interface RecordedLesson {
  /** null when no call could become a step. */
  lesson: Scenario | null;
  leftOut: LeftOut[];
}

export interface RecordingOptions {
  title?: string;
  tmpDir?: string | null;
  /** A caption typed after the last call: it goes with the last step. */
  trailingCaption?: string;
}

export function recordedLesson(records: readonly CallRecord[], captions: readonly (string | null)[], opts: RecordingOptions = {}): RecordedLesson {
  const rebuilt = lessonFromRecords(records, { title: opts.title ?? 'A recorded lesson', tmpDir: opts.tmpDir ?? null });
  if (!rebuilt.scenario) return { lesson: null, leftOut: rebuilt.leftOut };
  const skipped = new Set(rebuilt.leftOut.map((l) => l.position));
  const kept = records.flatMap((_, position) => (skipped.has(position) ? [] : [position]));
  const last = rebuilt.scenario.steps.length - 1;
  const steps = rebuilt.scenario.steps.map((step, k) => {
    const typed = [captions[kept[k]]?.trim(), k === last ? opts.trailingCaption?.trim() : undefined].filter(Boolean).join(' ');
    return { ...step, caption: typed || records[kept[k]].c };
  });
  const left = rebuilt.leftOut.slice(0, 20).map((l) => `${l.c}: ${l.why}`);
  const description = [
    `Recorded in the workbench: ${steps.length} ${steps.length === 1 ? 'call' : 'calls'}, each step's expectation what happened then (ret, errno).`,
    left.length ? `Left out: ${left.join('; ')}${rebuilt.leftOut.length > left.length ? `; and ${rebuilt.leftOut.length - left.length} more` : ''}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { lesson: { ...rebuilt.scenario, description: description.slice(0, 10_000), steps }, leftOut: rebuilt.leftOut };
}
