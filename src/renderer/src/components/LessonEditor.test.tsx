// @vitest-environment jsdom
// The lesson editor as a teacher uses it: "Edit lesson" on an open lesson, the title, a caption, a
// prediction added, the steps reordered and deleted; "Save lesson" downloads a file the CLI's check
// accepts, or names the step and field that stop it; "Present" opens the draft in presentation mode.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Lessons } from './Lessons';
import { Header } from './Header';
import { renderWithStore } from '../test/render';
import { createFakeClient } from '../test/fake-client';
import { fakeLessonHost, REFUSED_CONNECT_LESSON } from '../test/fake-lesson-host';
import { checkScenarioText } from '../../../shared/scenario-check';
import type { Scenario } from '../../../shared/steps';

afterEach(cleanup);

async function editShippedLesson() {
  const client = createFakeClient();
  fakeLessonHost(client, [], [], [REFUSED_CONNECT_LESSON]);
  const saved: { name: string; text: string }[] = [];
  const rendered = renderWithStore(
    <>
      <Header />
      <Lessons />
    </>,
    client,
    { saveFile: (name, text) => saved.push({ name, text }) },
  );
  await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
  await userEvent.click(await screen.findByRole('button', { name: REFUSED_CONNECT_LESSON.title }));
  await userEvent.click(screen.getByRole('button', { name: 'Edit lesson' }));
  const editor = screen.getByRole('region', { name: 'Lesson editor' });
  return { ...rendered, saved, editor };
}

const editorStep = (editor: HTMLElement, n: number) => within(within(editor).getByRole('list', { name: 'Lesson steps' })).getByRole('listitem', { name: `Step ${n}` });

function savedLesson(saved: { text: string }[]): Scenario {
  expect(saved).toHaveLength(1);
  const checked = checkScenarioText(saved[0].text);
  if (!checked.ok) throw new Error(`the saved lesson is invalid: ${checked.error.message}`);
  return checked.scenario;
}

describe('Lesson editor', () => {
  it('edits the title, a caption and adds a prediction; Save downloads a lesson the CLI check accepts', async () => {
    const { editor, saved } = await editShippedLesson();
    expect(screen.queryByRole('article', { name: REFUSED_CONNECT_LESSON.title })).toBeNull();
    const title = within(editor).getByRole('textbox', { name: 'Title' });
    expect(title).toHaveProperty('value', REFUSED_CONNECT_LESSON.title);
    await userEvent.clear(title);
    await userEvent.type(title, 'Refused, edited');
    const caption = within(editorStep(editor, 2)).getByRole('textbox', { name: 'Caption' });
    await userEvent.clear(caption);
    await userEvent.type(caption, 'The port the kernel picked.');

    const step2 = editorStep(editor, 2);
    await userEvent.click(within(step2).getByRole('button', { name: 'Add prediction to step 2' }));
    const prediction = within(step2).getByRole('group', { name: 'Step 2 prediction' });
    await userEvent.type(within(prediction).getByRole('textbox', { name: 'Question' }), 'What does BIO_listen return?');
    // The first choice starts as what the step expects (ret 1); the second is the author's.
    const choices = within(prediction).getAllByRole('listitem');
    expect(within(choices[0]).getByRole('textbox', { name: 'Return value number' })).toHaveProperty('value', '1');
    await userEvent.type(within(choices[1]).getByRole('textbox', { name: 'Return value number' }), '-1');
    await userEvent.selectOptions(within(choices[1]).getByRole('combobox', { name: 'errno' }), 'name');
    await userEvent.type(within(choices[1]).getByRole('textbox', { name: 'errno name' }), 'eaddrinuse');
    await userEvent.type(within(choices[1]).getByRole('textbox', { name: 'Label' }), 'fails, in use');
    await userEvent.type(within(prediction).getByRole('textbox', { name: 'Explanation' }), 'Port 0 asks the kernel for a free port.');
    await userEvent.click(within(editor).getByRole('button', { name: 'Save lesson' }));

    const lesson = savedLesson(saved);
    expect(saved[0].name).toBe('refused-edited.json');
    expect(lesson.title).toBe('Refused, edited');
    expect(lesson.steps[1]).toMatchObject({
      call: 'BIO_listen',
      caption: 'The port the kernel picked.',
      prediction: {
        question: 'What does BIO_listen return?',
        choices: [{ ret: 1 }, { ret: -1, errno: 'EADDRINUSE', label: 'fails, in use' }],
        explanation: 'Port 0 asks the kernel for a free port.',
      },
    });
    // The steps the editor did not touch are kept as they were.
    expect(lesson.steps[4]).toEqual(REFUSED_CONNECT_LESSON.scenario!.steps[4]);
    expect(screen.getByRole('status', { name: 'Lesson saved' }).textContent).toBe('Saved as refused-edited.json.');
  });

  it('saves nothing while the check fails, names the step and field, and focuses that field', async () => {
    const { editor, saved } = await editShippedLesson();
    const step1 = editorStep(editor, 1);
    await userEvent.click(within(step1).getByRole('button', { name: 'Add prediction to step 1' }));
    await userEvent.click(within(editor).getByRole('button', { name: 'Save lesson' }));
    expect(saved).toHaveLength(0);
    const alert = within(editor).getByRole('alert', { name: 'Lesson check' });
    expect(alert.textContent).toMatch(/^Not saved: Step 1, prediction\.choices\[1\]\.ret: /);
    await waitFor(() => expect(document.activeElement).toBe(within(step1).getByRole('textbox', { name: 'Return value number' })));
    expect(document.activeElement?.getAttribute('aria-invalid')).toBe('true');

    await userEvent.type(document.activeElement as HTMLElement, '-1');
    await userEvent.click(within(editor).getByRole('button', { name: 'Save lesson' }));
    expect(alert.textContent).toMatch(/^Not saved: Step 1, prediction\.explanation: missing; expected text/);
    // A caption emptied is named too: a lesson step needs one.
    await userEvent.click(within(step1).getByRole('button', { name: 'Remove prediction from step 1' }));
    await userEvent.clear(within(editorStep(editor, 3)).getByRole('textbox', { name: 'Caption' }));
    await userEvent.click(within(editor).getByRole('button', { name: 'Save lesson' }));
    expect(within(editor).getByRole('alert', { name: 'Lesson check' }).textContent).toMatch(/^Not saved: Step 3, caption: missing/);
    expect(saved).toHaveLength(0);
  });

  it('moves steps up and down and deletes them; a step using a socket before it is made is named', async () => {
    const { editor, saved } = await editShippedLesson();
    const calls = () => within(editor).getAllByRole('listitem', { name: /^Step \d+$/ }).map((li) => li.querySelector('code')?.textContent?.split('(')[0]);
    expect(within(editorStep(editor, 1)).getByRole('button', { name: 'Move step 1 up' })).toHaveProperty('disabled', true);
    expect(within(editorStep(editor, 6)).getByRole('button', { name: 'Move step 6 down' })).toHaveProperty('disabled', true);
    await userEvent.click(within(editorStep(editor, 6)).getByRole('button', { name: 'Move step 6 up' }));
    expect(calls()).toEqual(['l = BIO_socket', 'BIO_listen', 'BIO_closesocket', 'c = BIO_socket', 'BIO_closesocket', 'BIO_connect']);
    await userEvent.click(within(editorStep(editor, 5)).getByRole('button', { name: 'Move step 5 down' }));
    await userEvent.click(within(editorStep(editor, 1)).getByRole('button', { name: 'Delete step 1' }));
    expect(calls()).toEqual(['BIO_listen', 'BIO_closesocket', 'c = BIO_socket', 'BIO_connect', 'BIO_closesocket']);
    await userEvent.click(within(editor).getByRole('button', { name: 'Save lesson' }));
    expect(within(editor).getByRole('alert', { name: 'Lesson check' }).textContent).toMatch(/^Not saved: Step 1, sock: no earlier step names a socket "l"/);
    expect(saved).toHaveLength(0);
  });

  it('presents the draft: it opens as a lesson in presentation mode, and the editor closes', async () => {
    const { editor, store } = await editShippedLesson();
    const title = within(editor).getByRole('textbox', { name: 'Title' });
    await userEvent.clear(title);
    await userEvent.type(title, 'Rehearsal');
    await userEvent.click(within(editor).getByRole('button', { name: 'Present' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Lesson editor' })).toBeNull());
    expect(store.getState().presenting).toBe(true);
    expect(store.getState().lessons.selectedId).toBe('file:draft-rehearsal.json');
    expect(screen.getByRole('article', { name: 'Rehearsal' })).toBeTruthy();
    // Edit again from the lesson presented: the draft is the same lesson.
    await userEvent.click(screen.getByRole('button', { name: 'Edit lesson' }));
    expect(within(screen.getByRole('region', { name: 'Lesson editor' })).getByRole('textbox', { name: 'Title' })).toHaveProperty('value', 'Rehearsal');
  });

  it('closes without changing the lesson, focus back on the lesson', async () => {
    const { editor, saved } = await editShippedLesson();
    await userEvent.type(within(editor).getByRole('textbox', { name: 'Title' }), ' changed');
    await userEvent.click(within(editor).getByRole('button', { name: 'Close editor' }));
    expect(screen.getByRole('article', { name: REFUSED_CONNECT_LESSON.title })).toBeTruthy();
    expect(saved).toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: REFUSED_CONNECT_LESSON.title })));
  });
});
