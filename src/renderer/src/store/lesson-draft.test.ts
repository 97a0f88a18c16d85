// The editor's draft of a lesson: read from a scenario and written back unchanged, steps moved and
// deleted with await and cancel still naming the step they named.
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../../shared/scenario-check';
import type { Scenario } from '../../../shared/steps';
import { deleteStep, draftFromScenario, draftJson, lessonFileName, moveStep, newPrediction } from './lesson-draft';

const lesson: Scenario = {
  title: 'Background accept',
  needs: ['TFO'],
  steps: [
    { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'A listener.' },
    { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', caption: 'Listen.' },
    { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true, caption: 'Wait in the background.' },
    { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'A client.', expect: { ret: 'fd' } },
    { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', caption: 'Connect.', expect: { ret: 0, errno: 'ECONNREFUSED' } },
    { call: 'await', step: 2, caption: 'The accept ends.', prediction: { choices: [{ ret: 'fd' }, { ret: -1, errno: 'EAGAIN', label: 'again' }], explanation: 'It was waiting.' } },
  ],
};

describe('lesson draft', () => {
  it('writes back the lesson it was made from', () => {
    expect(draftJson(draftFromScenario(lesson))).toEqual(lesson);
  });

  it('moves a step and await still names the background step', () => {
    const moved = draftJson(moveStep(draftFromScenario(lesson), 2, 1)) as Scenario;
    expect(moved.steps.map((s) => s.call)).toEqual(['BIO_socket', 'BIO_listen', 'BIO_socket', 'BIO_accept_ex', 'BIO_connect', 'await']);
    expect(moved.steps[5]).toMatchObject({ call: 'await', step: 3 });
    expect(checkScenario(moved)).toMatchObject({ ok: true });
    // Out of range: nothing moves.
    expect(moveStep(draftFromScenario(lesson), 0, -1).steps.map((s) => s.key)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('deletes a step and renumbers the await after it', () => {
    const less = draftJson(deleteStep(draftFromScenario(lesson), 0)) as Scenario;
    expect(less.steps).toHaveLength(5);
    expect(less.steps[4]).toMatchObject({ call: 'await', step: 1 });
  });

  it('starts a prediction from what the step expects', () => {
    const d = draftFromScenario(lesson);
    expect(newPrediction(d.steps[4]).choices[0]).toMatchObject({ retKind: 'number', retText: '0', errnoKind: 'name', errnoText: 'ECONNREFUSED' });
    expect(newPrediction(d.steps[3]).choices[0]).toMatchObject({ retKind: 'fd', errnoKind: 'any' });
  });

  it('names the file after the title', () => {
    expect(lessonFileName('2. A refused connect, and reading the error stack')).toBe('2-a-refused-connect-and-reading-the-error-stack.json');
    expect(lessonFileName('   ')).toBe('lesson.json');
  });
});
