import { describe, expect, it } from 'vitest';
import { checkScenario, isLesson } from './scenario-check';
import { choiceHeld, choiceText, judgePrediction, overlappingChoices } from './lesson-prediction';
import type { Prediction } from './steps';

const refusedConnect: Prediction = {
  question: 'What does BIO_connect return?',
  choices: [
    { ret: 0, errno: 'ECONNREFUSED' },
    { ret: -1, errno: 'ECONNREFUSED', label: '-1 like connect(2)' },
    { ret: 1 },
  ],
  explanation: 'BIO_connect returns 0 on failure.',
};
const record = (ret: number | null, errno: string | null, refused: string | null = null) => ({ ret, errno: errno ? { name: errno, code: 0, message: '' } : null, refused });

describe('a prediction is judged against the record', () => {
  it('the choice matching ret and errno holds; the others do not', () => {
    expect(judgePrediction(refusedConnect, record(0, 'ECONNREFUSED'), 0)).toEqual({ truth: [0], chosen: 0, held: true });
    expect(judgePrediction(refusedConnect, record(0, 'ECONNREFUSED'), 1)).toEqual({ truth: [0], chosen: 1, held: false });
  });

  it('skipping the prediction judges nothing, but still tells the truth', () => {
    expect(judgePrediction(refusedConnect, record(1, null), null)).toEqual({ truth: [2], chosen: null, held: null });
  });

  it('"fd" is any fd >= 0; an errno left out matches any errno, null only none', () => {
    expect(choiceHeld({ ret: 'fd' }, record(7, null))).toBe(true);
    expect(choiceHeld({ ret: 'fd' }, record(-1, 'EMFILE'))).toBe(false);
    expect(choiceHeld({ ret: 0 }, record(0, 'EINPROGRESS'))).toBe(true);
    expect(choiceHeld({ ret: 0, errno: null }, record(0, 'EINPROGRESS'))).toBe(false);
  });

  it('a refused step matches no choice', () => {
    expect(judgePrediction(refusedConnect, record(null, null, 'not a socket this lesson opened'), 0).truth).toEqual([]);
    // Even one whose ret and errno a choice names: a refused step made no call.
    expect(judgePrediction(refusedConnect, record(0, 'ECONNREFUSED', 'not a socket this lesson opened'), 0)).toEqual({ truth: [], chosen: 0, held: false });
  });

  it('an errno: null choice holds when the call set no errno', () => {
    expect(choiceHeld({ ret: 1, errno: null }, record(1, null))).toBe(true);
    expect(judgePrediction({ ...refusedConnect, choices: [{ ret: 1, errno: null }, { ret: 0 }] }, record(1, null), 0)).toEqual({ truth: [0], chosen: 0, held: true });
  });

  it('a choice reads as its label, else as its ret and errno', () => {
    expect(refusedConnect.choices.map(choiceText)).toEqual(['ret 0, errno ECONNREFUSED', '-1 like connect(2)', 'ret 1']);
    expect(choiceText({ ret: 'fd', errno: null })).toBe('ret an fd (≥ 0), errno not set');
  });
});

describe('a lesson file', () => {
  const sock = { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'A socket.' };
  const connect = { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', caption: 'Connect.', prediction: refusedConnect };

  it('is a scenario whose steps carry captions and predictions', () => {
    const r = checkScenario({ title: 'L', steps: [sock, connect] });
    expect(r.ok && isLesson(r.scenario)).toBe(true);
  });

  it('needs a caption on every step once any step has one, naming the step and field', () => {
    const r = checkScenario({ steps: [sock, { ...connect, caption: undefined }] });
    expect(r.ok ? null : r.error).toMatchObject({ step: 1, field: 'caption', message: expect.stringMatching(/^missing; in a lesson/) });
  });

  it('refuses a prediction with one choice, or two choices naming the same outcome', () => {
    const one = checkScenario({ steps: [sock, { ...connect, prediction: { ...refusedConnect, choices: [{ ret: 0 }] } }] });
    expect(one.ok ? null : one.error).toMatchObject({ step: 1, field: 'prediction.choices', message: expect.stringContaining('2 to 5 choices') });
    const same = checkScenario({ steps: [sock, { ...connect, prediction: { ...refusedConnect, choices: [{ ret: 0, label: 'a' }, { ret: 0, label: 'b' }] } }] });
    expect(same.ok ? null : same.error).toMatchObject({ step: 1, field: 'prediction.choices', message: expect.stringContaining('choices 1 and 2 (counted from 1)') });
  });

  it('a prediction without an explanation names the field', () => {
    const { explanation: _, ...noExplanation } = refusedConnect;
    const r = checkScenario({ steps: [sock, { ...connect, prediction: noExplanation }] });
    expect(r.ok ? null : r.error).toMatchObject({ step: 1, field: 'prediction.explanation' });
  });

  it('a plain scenario stays a scenario: no caption needed', () => {
    const r = checkScenario({ steps: [{ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }] });
    expect(r.ok && isLesson(r.scenario)).toBe(false);
  });
});

describe('a prediction\'s choices, the edges', () => {
  it('"fd" holds for fd 0 and not for a call that returned nothing', () => {
    expect(choiceHeld({ ret: 'fd' }, record(0, null))).toBe(true);
    expect(choiceHeld({ ret: 'fd' }, record(null, null))).toBe(false);
    expect(choiceHeld({ ret: 0, errno: 'ECONNREFUSED' }, record(0, 'ETIMEDOUT'))).toBe(false);
    expect(choiceHeld({ ret: -1, errno: 'ECONNREFUSED' }, record(0, 'ECONNREFUSED'))).toBe(false);
  });

  it('two choices overlap when they name the same ret and errno; "any errno" and "no errno" are different outcomes', () => {
    const p = (choices: Prediction['choices']): Prediction => ({ ...refusedConnect, choices });
    expect(overlappingChoices(p([{ ret: 0 }, { ret: 0, errno: null }, { ret: 0, errno: 'EPIPE' }, { ret: 'fd' }]))).toBeNull();
    expect(overlappingChoices(p([{ ret: 1 }, { ret: 0, errno: 'EPIPE' }, { ret: 0, errno: 'EPIPE', label: 'again' }]))).toBe(
      'choices 2 and 3 (counted from 1) name the same ret and errno; each choice must be a different outcome',
    );
    expect(overlappingChoices(p([{ ret: 0, errno: null }, { ret: 1 }, { ret: 0, errno: null }]))).toMatch(/^choices 1 and 3 /);
  });
});
