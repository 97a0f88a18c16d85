// Where a lesson is, as one state: what the class is shown and which step runs next both come from
// it, so they cannot disagree. A lesson is a walk through frames: its start, then for each step
// its question (when it asks a prediction) and its result. Forward reveals a question before its
// step runs and never runs past one; back looks again at frames already reached and undoes nothing.

export interface LessonPosition {
  /** Whether each step asks a prediction before it runs. */
  asks: readonly boolean[];
  /** Steps started: the next to run is step `ran` (0-based), none once it equals the step count. */
  ran: number;
  /** The question of step `ran` is open (the class is answering it). */
  asked: boolean;
  /** How many frames behind the latest the class is looking (0: the latest). */
  back: number;
}

export type LessonFrame = { kind: 'start' } | { kind: 'question'; step: number } | { kind: 'result'; step: number };

export type LessonEvent =
  | { type: 'forward' }
  | { type: 'back' }
  /** Steps were started (one, or a group run back to back): `next` is the step that runs after them. */
  | { type: 'ran'; next: number }
  | { type: 'reset' };

/** What forward does from here: look at the next frame already reached, open a question, run a step, or nothing (the end). */
export type ForwardAction = 'view' | 'ask' | 'run' | 'none';

export function lessonPosition(asks: readonly boolean[]): LessonPosition {
  return { asks, ran: 0, asked: false, back: 0 };
}

/** Every frame reached so far, in order; the last is the latest. */
export function reachedFrames(p: LessonPosition): LessonFrame[] {
  const frames: LessonFrame[] = [{ kind: 'start' }];
  for (let step = 0; step < p.ran; step++) {
    if (p.asks[step]) frames.push({ kind: 'question', step });
    frames.push({ kind: 'result', step });
  }
  if (p.asked && p.ran < p.asks.length) frames.push({ kind: 'question', step: p.ran });
  return frames;
}

/** The frame the class is looking at. */
export function shownFrame(p: LessonPosition): LessonFrame {
  const frames = reachedFrames(p);
  return frames[frames.length - 1 - Math.min(p.back, frames.length - 1)];
}

/** The step the next run makes, or null once every step ran. */
export function runsNext(p: LessonPosition): number | null {
  return p.ran < p.asks.length ? p.ran : null;
}

export function forwardAction(p: LessonPosition): ForwardAction {
  if (p.back > 0) return 'view';
  if (p.ran >= p.asks.length) return 'none';
  return p.asks[p.ran] && !p.asked ? 'ask' : 'run';
}

export function lessonReducer(p: LessonPosition, e: LessonEvent): LessonPosition {
  switch (e.type) {
    case 'forward': {
      const action = forwardAction(p);
      if (action === 'view') return { ...p, back: p.back - 1 };
      if (action === 'ask') return { ...p, asked: true };
      // 'run' changes nothing until the step has started ('ran'); 'none' changes nothing at all.
      return p;
    }
    case 'back':
      return { ...p, back: Math.min(p.back + 1, reachedFrames(p).length - 1) };
    case 'ran': {
      const next = Math.max(p.ran, Math.min(e.next, p.asks.length));
      return next === p.ran ? p : { ...p, ran: next, asked: false, back: 0 };
    }
    case 'reset':
      return lessonPosition(p.asks);
  }
}
