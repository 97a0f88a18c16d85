// Where a lesson is, as one state: what the class is shown and which step runs next both come from
// it, so they cannot disagree. A lesson is a walk through frames: its start, then for each run (a
// step alone, or a step group's steps run back to back as one) its question (when it asks a
// prediction) and its result. Forward reveals a question before its run and never runs past one;
// back looks again at frames already reached and undoes nothing.
import { groupSpan, questionBefore } from '../../../shared/step-groups';
import type { Step } from '../../../shared/steps';

/** One run of the walk: a step alone, or a group's steps; the step whose prediction is asked before it. */
export interface LessonRun {
  first: number;
  last: number;
  /** The step whose question the class answers before this run (a group asks at most one), or null. */
  asks: number | null;
}

export interface LessonPosition {
  /** The lesson's runs in order; together they hold every step once. */
  runs: readonly LessonRun[];
  /** Steps started: the next to run is step `ran` (0-based, always a run's first), none once every step ran. */
  ran: number;
  /** The question of the run starting at `ran` is open (the class is answering it). */
  asked: boolean;
  /** How many frames behind the latest the class is looking (0: the latest). */
  back: number;
}

/** A result frame covers a run: `step` its first step, `last` its last (the same for a step alone). */
export type LessonFrame = { kind: 'start' } | { kind: 'question'; step: number } | { kind: 'result'; step: number; last: number };

export type LessonEvent =
  | { type: 'forward' }
  | { type: 'back' }
  /** Steps were started (one, or a group run back to back): `next` is the step that runs after them. */
  | { type: 'ran'; next: number }
  | { type: 'reset' };

/** What forward does from here: look at the next frame already reached, open a question, run a step, or nothing (the end). */
export type ForwardAction = 'view' | 'ask' | 'run' | 'none';

/** A lesson's runs: each group is one run, asking the prediction questionBefore names. */
export function lessonRuns(steps: readonly Step[]): LessonRun[] {
  const runs: LessonRun[] = [];
  for (let i = 0; i < steps.length; i = runs[runs.length - 1].last + 1) runs.push({ first: i, last: groupSpan(steps, i).last, asks: questionBefore(steps, i) });
  return runs;
}

export function lessonPosition(runs: readonly LessonRun[]): LessonPosition {
  return { runs, ran: 0, asked: false, back: 0 };
}

/** How many steps the lesson has. */
export function stepCount(p: LessonPosition): number {
  return p.runs.length ? p.runs[p.runs.length - 1].last + 1 : 0;
}

/** The run holding a step, or null past the last step. */
export function runOf(p: LessonPosition, step: number): LessonRun | null {
  return p.runs.find((r) => step >= r.first && step <= r.last) ?? null;
}

/** The run that runs next, or null once every step ran. */
export function nextRun(p: LessonPosition): LessonRun | null {
  return runOf(p, p.ran);
}

/** "step 5" or, for a group's result, "steps 14 to 20": a frame's steps as a person counts them, from 1. */
export function framedSteps(frame: Exclude<LessonFrame, { kind: 'start' }>): string {
  return frame.kind === 'result' && frame.last > frame.step ? `steps ${frame.step + 1} to ${frame.last + 1}` : `step ${frame.step + 1}`;
}

/** Every frame reached so far, in order; the last is the latest. */
export function reachedFrames(p: LessonPosition): LessonFrame[] {
  const frames: LessonFrame[] = [{ kind: 'start' }];
  for (const run of p.runs) {
    if (run.first >= p.ran) break;
    if (run.asks !== null) frames.push({ kind: 'question', step: run.asks });
    frames.push({ kind: 'result', step: run.first, last: run.last });
  }
  const next = nextRun(p);
  if (p.asked && next?.asks != null) frames.push({ kind: 'question', step: next.asks });
  return frames;
}

/** The frame the class is looking at. */
export function shownFrame(p: LessonPosition): LessonFrame {
  const frames = reachedFrames(p);
  return frames[frames.length - 1 - Math.min(p.back, frames.length - 1)];
}

/** The step the next run starts with, or null once every step ran. */
export function runsNext(p: LessonPosition): number | null {
  return p.ran < stepCount(p) ? p.ran : null;
}

export function forwardAction(p: LessonPosition): ForwardAction {
  if (p.back > 0) return 'view';
  const next = nextRun(p);
  if (!next) return 'none';
  return next.asks !== null && !p.asked ? 'ask' : 'run';
}

/** Where a run reported to end at `next` leaves the walk: never inside a group, never past the last step. */
function settledAt(p: LessonPosition, next: number): number {
  const total = stepCount(p);
  if (next >= total) return total;
  const run = runOf(p, next);
  return run && run.first < next ? run.last + 1 : next;
}

export function lessonReducer(p: LessonPosition, e: LessonEvent): LessonPosition {
  switch (e.type) {
    case 'forward': {
      const action = forwardAction(p);
      if (action === 'view') return { ...p, back: p.back - 1 };
      if (action === 'ask') return { ...p, asked: true };
      // 'run' changes nothing until the run has started ('ran'); 'none' changes nothing at all.
      return p;
    }
    case 'back':
      return { ...p, back: Math.min(p.back + 1, reachedFrames(p).length - 1) };
    case 'ran': {
      const next = Math.max(p.ran, settledAt(p, e.next));
      return next === p.ran ? p : { ...p, ran: next, asked: false, back: 0 };
    }
    case 'reset':
      return lessonPosition(p.runs);
  }
}
