import { describe, expect, it } from 'vitest';
import { forwardAction, framedSteps, lessonPosition, lessonReducer, lessonRuns, nextRun, reachedFrames, runsNext, shownFrame, stepCount, type LessonEvent, type LessonFrame, type LessonPosition, type LessonRun } from './lesson-position';
import type { Step } from '../../../shared/steps';

/** Steps each run alone; true where a step asks a prediction. */
const alone = (asks: boolean[]): LessonRun[] => asks.map((a, i) => ({ first: i, last: i, asks: a ? i : null }));
const positionOf = (asks: boolean[]) => lessonPosition(alone(asks));

// nonblocking-connect's shape: steps 3 and 5 ask a prediction (0-based), 10 steps.
const NONBLOCKING = [false, false, false, true, false, true, false, false, false, false];

/** Forward as the window does it: a 'run' is followed by the step having started. */
function forward(p: LessonPosition): LessonPosition {
  const action = forwardAction(p);
  const q = lessonReducer(p, { type: 'forward' });
  return action === 'run' ? lessonReducer(q, { type: 'ran', next: nextRun(p)!.last + 1 }) : q;
}

const key = (f: LessonFrame) => (f.kind === 'start' ? 'start' : f.kind === 'result' && f.last !== f.step ? `result ${f.step}-${f.last}` : `${f.kind} ${f.step}`);

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
  const total = stepCount(p);
  expect(p.ran).toBeLessThanOrEqual(total);
  // The next run starts at a run's first step: never inside a group.
  if (p.ran < total) expect(nextRun(p)!.first).toBe(p.ran);
  if (shown.kind !== 'start') expect(shown.step).toBeLessThan(total);
  const next = runsNext(p);
  if (next !== null) expect(next).toBeLessThan(total);
  // Looking at the latest frame: a question shown is the next run's, a result is the run that ran last.
  if (p.back === 0 && shown.kind === 'question') expect(shown.step).toBe(nextRun(p)!.asks);
  if (p.back === 0 && shown.kind === 'result') expect(shown.kind === 'result' && shown.last).toBe(p.ran - 1);
  // Forward runs only from the latest frame, and never a run whose question the class has not seen.
  if (forwardAction(p) === 'run') {
    expect(p.back).toBe(0);
    const asks = nextRun(p)!.asks;
    if (asks !== null) expect(shown).toEqual({ kind: 'question', step: asks });
  }
}

describe('lesson position', () => {
  it('walks forward through every frame: each question before its step runs, each result after', () => {
    let p = positionOf(NONBLOCKING);
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
    let p = positionOf(NONBLOCKING);
    for (let i = 0; i < 6; i++) p = forward(p); // ... result 4 shown, step 5's question next
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 4, last: 4 });
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
    let p = lessonReducer(positionOf([false, false, false, true]), { type: 'ran', next: 3 });
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 2, last: 2 });
    expect(forwardAction(p)).toBe('ask');
    p = lessonReducer(p, { type: 'back' });
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 1, last: 1 });
    // A run reported late or twice, or past the last step, changes nothing or stops at the end.
    expect(lessonReducer(p, { type: 'ran', next: 2 })).toBe(p);
    expect(lessonReducer(p, { type: 'ran', next: 99 }).ran).toBe(4);
  });

  it('a group whose prediction sits on its second step: asked before the group runs, the group one run, its result one frame', () => {
    const tcp = { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;
    const prediction = { question: 'Does it open?', choices: [{ ret: 'fd' as const }, { ret: -1 }], explanation: 'It does.' };
    const steps: Step[] = [
      { ...tcp, as: 'a' },
      { ...tcp, as: 'b', group: 'pair' },
      { ...tcp, as: 'c', group: 'pair', prediction },
      { ...tcp, as: 'd', group: 'pair' },
      { call: 'BIO_closesocket', sock: 'a' },
    ];
    const runs = lessonRuns(steps);
    expect(runs).toEqual([
      { first: 0, last: 0, asks: null },
      { first: 1, last: 3, asks: 2 },
      { first: 4, last: 4, asks: null },
    ]);
    let p = forward(lessonPosition(runs));
    expect(runsNext(p)).toBe(1);
    // Forward opens step 2's question (the group's second step) while step 1, the group's first, runs next.
    expect(forwardAction(p)).toBe('ask');
    p = forward(p);
    expect(shownFrame(p)).toEqual({ kind: 'question', step: 2 });
    expect(runsNext(p)).toBe(1);
    // The next forward runs the whole group: its result is one frame, steps 1 to 3.
    expect(forwardAction(p)).toBe('run');
    p = forward(p);
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 1, last: 3 });
    expect(runsNext(p)).toBe(4);
    expect(reachedFrames(p).map(key)).toEqual(['start', 'result 0', 'question 2', 'result 1-3']);
    // Back passes the question again, never a frame of a step inside the group on its own.
    p = lessonReducer(p, { type: 'back' });
    expect(shownFrame(p)).toEqual({ kind: 'question', step: 2 });
    expect(forwardAction(p)).toBe('view');
    p = forward(forward(p));
    expect(shownFrame(p)).toEqual({ kind: 'result', step: 4, last: 4 });
    expect(runsNext(p)).toBeNull();
    expect(forwardAction(p)).toBe('none');
    // A run reported as ending inside the group ends after it: the walk never stops inside a group.
    expect(lessonReducer(lessonPosition(runs), { type: 'ran', next: 2 }).ran).toBe(4);
  });

  it('reset returns to the start with no question open', () => {
    let p = positionOf([true, true]);
    p = forward(forward(forward(p)));
    expect(shownFrame(p)).toEqual({ kind: 'question', step: 1 });
    p = lessonReducer(p, { type: 'reset' });
    expect(p).toEqual(positionOf([true, true]));
    expect(shownFrame(p)).toEqual({ kind: 'start' });
  });

  it('holds its invariants on random walks of forward, back, runs and resets', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      // Steps alone and groups of up to three, a group asking at one of its steps.
      const runs: LessonRun[] = [];
      for (let n = 1 + Math.floor(rnd() * 6), first = 0; runs.length < n; ) {
        const size = rnd() < 0.3 ? 2 + Math.floor(rnd() * 2) : 1;
        runs.push({ first, last: first + size - 1, asks: rnd() < 0.4 ? first + Math.floor(rnd() * size) : null });
        first += size;
      }
      let p = lessonPosition(runs);
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

describe('framedSteps', () => {
  it("counts a frame's steps from 1, a group's result as its range", () => {
    expect(framedSteps({ kind: 'question', step: 4 })).toBe('step 5');
    expect(framedSteps({ kind: 'result', step: 4, last: 4 })).toBe('step 5');
    expect(framedSteps({ kind: 'result', step: 13, last: 19 })).toBe('steps 14 to 20');
    // A question's step is one step even when a later field says more.
    expect(framedSteps({ kind: 'question', step: 2, last: 5 } as never)).toBe('step 3');
  });
});
