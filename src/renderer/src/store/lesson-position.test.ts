import { describe, expect, it } from 'vitest';
import { forwardAction, lessonPosition, lessonReducer, reachedFrames, runsNext, shownFrame, type LessonEvent, type LessonFrame, type LessonPosition } from './lesson-position';

// nonblocking-connect's shape: steps 3 and 5 ask a prediction (0-based), 10 steps.
const NONBLOCKING = [false, false, false, true, false, true, false, false, false, false];

/** Forward as the window does it: a 'run' is followed by the step having started. */
function forward(p: LessonPosition): LessonPosition {
  const action = forwardAction(p);
  const q = lessonReducer(p, { type: 'forward' });
  return action === 'run' ? lessonReducer(q, { type: 'ran', next: p.ran + 1 }) : q;
}

const key = (f: LessonFrame) => (f.kind === 'start' ? 'start' : `${f.kind} ${f.step}`);

/** A small deterministic generator, so a failing walk can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** What must hold in every state: the frame shown was reached, no step past the last, and shown and next agree. */
function expectConsistent(p: LessonPosition): void {
  const frames = reachedFrames(p);
  const shown = shownFrame(p);
  expect(frames.map(key)).toContain(key(shown));
  expect(p.ran).toBeLessThanOrEqual(p.asks.length);
  if (shown.kind !== 'start') expect(shown.step).toBeLessThan(p.asks.length);
  const next = runsNext(p);
  if (next !== null) expect(next).toBeLessThan(p.asks.length);
  // Looking at the latest frame: a question shown is the step that runs next, a result is the step that ran last.
  if (p.back === 0 && shown.kind === 'question') expect(shown.step).toBe(next);
  if (p.back === 0 && shown.kind === 'result') expect(shown.step).toBe(p.ran - 1);
  // Forward runs only from the latest frame, and never a step whose question the class has not seen.
  if (forwardAction(p) === 'run') {
    expect(p.back).toBe(0);
    if (p.asks[p.ran]) expect(shown).toEqual({ kind: 'question', step: p.ran });
  }
}

describe('lesson position', () => {
  it('walks forward through every frame: each question before its step runs, each result after', () => {
    let p = lessonPosition(NONBLOCKING);
    const seen = [key(shownFrame(p))];
    const actions: string[] = [];
    while (forwardAction(p) !== 'none') {
      actions.push(forwardAction(p));
      p = forward(p);
      seen.push(key(shownFrame(p)));
    }
    expect(seen).toEqual(['start', 'result 0', 'result 1', 'result 2', 'question 3', 'result 3', 'result 4', 'question 5', 'result 5', 'result 6', 'result 7', 'result 8', 'result 9']);
    expect(actions.filter((a) => a === 'ask')).toHaveLength(2);
    expect(runsNext(p)).toBeNull();
    // At the end forward does nothing and points past no step.
    expect(lessonReducer(p, { type: 'forward' })).toBe(p);
  });

  it('goes back one frame at a time, never before the start, and forward comes back without running or skipping a question', () => {
    let p = lessonPosition(NONBLOCKING);
    for (let i = 0; i < 6; i++) p = forward(p); // ... result 4 shown, step 5's question next
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 4 });
    const before = p;
    const back: string[] = [];
    for (let i = 0; i < 9; i++) {
      p = lessonReducer(p, { type: 'back' });
      back.push(key(shownFrame(p)));
      expect(runsNext(p)).toBe(5);
    }
    expect(back).toEqual(['result 3', 'question 3', 'result 2', 'result 1', 'result 0', 'start', 'start', 'start', 'start']);
    const again: string[] = [];
    while (p.back > 0) {
      expect(forwardAction(p)).toBe('view');
      p = forward(p);
      again.push(key(shownFrame(p)));
    }
    expect(again).toEqual(['result 0', 'result 1', 'result 2', 'question 3', 'result 3', 'result 4']);
    expect(p).toEqual(before);
    // The next forward asks step 5's question; only the one after runs it.
    expect(forwardAction(p)).toBe('ask');
    p = forward(p);
    expect(shownFrame(p)).toEqual({ kind: 'question', step: 5 });
    expect(forwardAction(p)).toBe('run');
  });

  it('a group of steps run back to back moves past them together and is walked back step by step', () => {
    let p = lessonReducer(lessonPosition([false, false, false, true]), { type: 'ran', next: 3 });
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 2 });
    expect(forwardAction(p)).toBe('ask');
    p = lessonReducer(p, { type: 'back' });
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 1 });
    // A run reported late or twice, or past the last step, changes nothing or stops at the end.
    expect(lessonReducer(p, { type: 'ran', next: 2 })).toBe(p);
    expect(lessonReducer(p, { type: 'ran', next: 99 }).ran).toBe(4);
  });

  it('reset returns to the start with no question open', () => {
    let p = lessonPosition([true, true]);
    p = forward(forward(forward(p)));
    expect(shownFrame(p)).toEqual({ kind: 'question', step: 1 });
    p = lessonReducer(p, { type: 'reset' });
    expect(p).toEqual(lessonPosition([true, true]));
    expect(shownFrame(p)).toEqual({ kind: 'start' });
  });

  it('holds its invariants on random walks of forward, back, runs and resets', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      const asks = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => rnd() < 0.4);
      let p = lessonPosition(asks);
      for (let i = 0; i < 60; i++) {
        const r = rnd();
        const e: LessonEvent = r < 0.5 ? { type: 'forward' } : r < 0.8 ? { type: 'back' } : r < 0.97 ? { type: 'ran', next: p.ran + 1 + Math.floor(rnd() * 2) } : { type: 'reset' };
        const before = p;
        p = e.type === 'forward' ? forward(p) : lessonReducer(p, e);
        expectConsistent(p);
        // Back then forward returns to the same frame.
        if (e.type === 'back' && before.back < reachedFrames(before).length - 1) expect(forward(p)).toEqual(before);
      }
    }
  });
});
