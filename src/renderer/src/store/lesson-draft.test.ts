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

describe('lesson draft, field by field', () => {
  const withPrediction: Scenario = {
    steps: [
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      {
        call: 'BIO_connect',
        sock: 'c',
        addr: '127.0.0.1:1',
        prediction: {
          question: 'What does it return?',
          choices: [{ ret: 0, errno: null, label: 'zero' }, { ret: null }, { ret: 'fd', errno: 'EAGAIN' }],
          explanation: 'Nothing listens.',
        },
      },
    ],
  };

  it('reads a prediction into typed text and writes it back unchanged', () => {
    const d = draftFromScenario(withPrediction);
    expect(d).toMatchObject({ title: '', description: '', rest: {} });
    expect(d.steps[0]).toEqual({ key: 0, call: { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, caption: '', prediction: null });
    expect(d.steps[1].prediction).toEqual({
      question: 'What does it return?',
      choices: [
        { label: 'zero', retKind: 'number', retText: '0', errnoKind: 'null', errnoText: '' },
        { label: '', retKind: 'null', retText: '', errnoKind: 'any', errnoText: '' },
        { label: '', retKind: 'fd', retText: '', errnoKind: 'name', errnoText: 'EAGAIN' },
      ],
      explanation: 'Nothing listens.',
    });
    expect(draftJson(d)).toEqual(withPrediction);
  });

  it('writes what was typed trimmed, leaves out empty texts, and keeps a return that is not a number as typed', () => {
    const d = draftFromScenario(withPrediction);
    const p = d.steps[1].prediction!;
    const typed = {
      ...d,
      title: '  T  ',
      description: '   ',
      steps: [
        { ...d.steps[0], caption: '  A socket.  ' },
        {
          ...d.steps[1],
          caption: '   ',
          prediction: {
            question: '   ',
            explanation: '  ',
            choices: [
              { ...p.choices[0], label: '  ', retText: ' -1 ', errnoKind: 'name' as const, errnoText: ' ECONNREFUSED ' },
              { ...p.choices[1], retKind: 'number' as const, retText: 'one' },
            ],
          },
        },
      ],
    };
    expect(draftJson(typed)).toEqual({
      title: 'T',
      steps: [
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'A socket.' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', prediction: { choices: [{ ret: -1, errno: 'ECONNREFUSED' }, { ret: 'one' }] } },
      ],
    });
    expect(checkScenario(draftJson(typed))).toMatchObject({ ok: false });
  });

  it('keeps await and cancel on the step they name when steps move, and leaves one naming a deleted step to the check', () => {
    const d = draftFromScenario(lesson);
    // Moving the await itself up leaves it naming the background step.
    const up = draftJson(moveStep(d, 5, -1)) as Scenario;
    expect(up.steps[4]).toMatchObject({ call: 'await', step: 2 });
    // The background step deleted: the await still says 2 (now the client's socket), for the check to refuse.
    const gone = draftJson(deleteStep(d, 2)) as Scenario;
    expect(gone.steps[4]).toMatchObject({ call: 'await', step: 2 });
    const cancel = draftFromScenario({ steps: [...lesson.steps.slice(0, 5), { call: 'cancel', step: 2, caption: 'Stop waiting.' }] });
    expect((draftJson(moveStep(cancel, 1, -1)) as Scenario).steps[5]).toMatchObject({ call: 'cancel', step: 2 });
    expect((draftJson(moveStep(cancel, 2, 1)) as Scenario).steps[5]).toMatchObject({ call: 'cancel', step: 3 });
    // A step field that is not a step number is left alone.
    const odd = draftFromScenario({ steps: [{ call: 'BIO_socket', as: 'x', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'await', step: 'x' as never }] });
    expect((draftJson(moveStep(odd, 0, 1)) as Scenario).steps[0]).toMatchObject({ call: 'await', step: 'x' });
  });

  it('trims what was typed around the words, leaves out a title of blanks, and reads only whole integers as numbers', () => {
    const d = draftFromScenario(withPrediction);
    const p = d.steps[1].prediction!;
    const choice = (retText: string, label = '') => ({ ...p.choices[0], label, retKind: 'number' as const, retText, errnoKind: 'any' as const });
    const typed = {
      ...d,
      title: '   ',
      description: '  About refusals.  ',
      steps: [
        d.steps[0],
        { ...d.steps[1], prediction: { question: '  What now?  ', explanation: '  Nothing listens.  ', choices: [choice('12', '  twelve  '), choice('x12'), choice('12x'), choice('-3')] } },
      ],
    };
    const json = draftJson(typed) as { title?: string; description: string; steps: { prediction?: unknown }[] };
    expect(json.title).toBeUndefined();
    expect(json.description).toBe('About refusals.');
    expect(json.steps[1].prediction).toEqual({
      question: 'What now?',
      choices: [{ ret: 12, label: 'twelve' }, { ret: 'x12' }, { ret: '12x' }, { ret: -3 }],
      explanation: 'Nothing listens.',
    });
  });

  it('moves the second step up to the top', () => {
    expect(moveStep(draftFromScenario(lesson), 1, -1).steps.map((s) => s.key)).toEqual([1, 0, 2, 3, 4, 5]);
  });

  it('moves and deletes nothing out of range', () => {
    const d = draftFromScenario(lesson);
    expect(moveStep(d, 5, 1)).toBe(d);
    expect(moveStep(d, -1, 1)).toBe(d);
    expect(deleteStep(d, 6)).toBe(d);
    expect(deleteStep(d, -1)).toBe(d);
    expect(moveStep(d, 4, 1).steps.map((s) => s.key)).toEqual([0, 1, 2, 3, 5, 4]);
  });

  it('starts a prediction for a step that expects nothing with two blank choices', () => {
    const d = draftFromScenario(lesson);
    expect(newPrediction(d.steps[0])).toEqual({
      question: '',
      explanation: '',
      choices: [
        { label: '', retKind: 'number', retText: '', errnoKind: 'any', errnoText: '' },
        { label: '', retKind: 'number', retText: '', errnoKind: 'any', errnoText: '' },
      ],
    });
  });

  it('names a file by at most 60 letters, digits and dashes of the title', () => {
    expect(lessonFileName('--Ünïcode & spaces!--')).toBe('n-code-spaces.json');
    expect(lessonFileName('x'.repeat(80))).toBe(`${'x'.repeat(60)}.json`);
  });
});
