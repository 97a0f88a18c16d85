// A lesson recorded in the window, then edited as a teacher prepares tomorrow's class: a title, a
// caption reworded, a prediction added; presented before saving, saved, opened from the saved file
// and presented on the stage to the end with the class's answer judged against the real call.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixture';
import { listener, runCall, screenshot } from './helpers';

const TITLE = 'Connecting by hand';

test('a recorded lesson is edited, presented, saved, opened and presented', async ({ workbench: page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  const recorder = lessons.getByRole('group', { name: 'Recorder' });
  await recorder.getByRole('button', { name: 'Record lesson' }).click();
  await recorder.getByRole('textbox', { name: 'Lesson title' }).fill('A first draft');
  await recorder.getByRole('textbox', { name: /Caption for the next call/ }).fill('A listener on a port the kernel picks.');
  const port = await listener(page, 'l');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'c' }, { expectC: 'c = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'c', Address: `127.0.0.1:${port}` }, { expectC: 'BIO_connect(c, addr' });
  await recorder.getByRole('button', { name: 'Stop recording' }).click();
  await expect(recorder.getByRole('status', { name: 'Recorded lesson' })).toContainText('Recorded 4 steps');

  // Edit it: the title, step 3's caption, and a prediction for the connect (step 4).
  await recorder.getByRole('button', { name: 'Edit recorded lesson' }).click();
  const editor = lessons.getByRole('region', { name: 'Lesson editor' });
  await expect(editor.getByRole('textbox', { name: 'Title' })).toHaveValue('A first draft');
  await editor.getByRole('textbox', { name: 'Title' }).fill(TITLE);
  const step = (n: number) => editor.getByRole('list', { name: 'Lesson steps' }).getByRole('listitem', { name: `Step ${n}`, exact: true });
  await step(3).getByRole('textbox', { name: 'Caption' }).fill('A client socket, not yet connected.');
  await step(4).getByRole('button', { name: 'Add prediction to step 4' }).click();
  const prediction = step(4).getByRole('group', { name: 'Step 4 prediction' });
  await prediction.getByRole('textbox', { name: 'Question' }).fill('What does BIO_connect return?');
  const choices = prediction.getByRole('list', { name: 'Step 4 choices' }).getByRole('listitem');
  await choices.nth(0).getByRole('textbox', { name: 'Label' }).fill('1: connected');
  await choices.nth(1).getByRole('textbox', { name: 'Return value number' }).fill('0');
  await choices.nth(1).getByRole('combobox', { name: 'errno' }).selectOption('name');
  await choices.nth(1).getByRole('textbox', { name: 'errno name' }).fill('ECONNREFUSED');
  await choices.nth(1).getByRole('textbox', { name: 'Label' }).fill('0: refused');
  // Saving before the explanation is written names the step and the field.
  await editor.getByRole('button', { name: 'Save lesson' }).click();
  await expect(editor.getByRole('alert', { name: 'Lesson check' })).toContainText('Step 4, prediction.explanation: missing');
  await expect(prediction.getByRole('textbox', { name: 'Explanation' })).toBeFocused();
  await screenshot(page, 'lesson-editor', testInfo.project.name);
  await prediction.getByRole('textbox', { name: 'Explanation' }).fill('Someone listens on that port: the connect completes.');

  // Present before saving: the draft opens as a lesson in presentation mode.
  await editor.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute('aria-pressed', 'true');
  // A lesson presented has the stage to itself: its start card names it.
  const stage = page.getByRole('region', { name: 'Presentation' });
  await expect(stage.getByRole('article', { name: 'Lesson start' })).toContainText(TITLE);
  await page.getByRole('button', { name: 'Presentation mode' }).click();

  // Back to the editor, and save.
  await lessons.getByRole('button', { name: 'Edit lesson' }).click();
  const downloading = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Save lesson' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('connecting-by-hand.json');
  const path = await download.path();
  const saved = JSON.parse(readFileSync(path, 'utf8'));
  expect(saved.title).toBe(TITLE);
  expect(saved.steps[2].caption).toBe('A client socket, not yet connected.');
  expect(saved.steps[3].prediction.choices).toEqual([
    { ret: 1, errno: null, label: '1: connected' },
    { ret: 0, errno: 'ECONNREFUSED', label: '0: refused' },
  ]);
  await editor.getByRole('button', { name: 'Close editor' }).click();

  // Open the saved file and present it to the end: the class predicts, the real call decides.
  const choosing = page.waitForEvent('filechooser');
  await lessons.getByRole('button', { name: 'Open lesson' }).click();
  await (await choosing).setFiles(path);
  // Open lesson asks first; the teacher saved this file, so it is opened.
  await lessons.getByRole('dialog', { name: 'Run this lesson?' }).or(lessons.getByRole('heading', { name: TITLE })).first().waitFor();
  if (await lessons.getByRole('dialog', { name: 'Run this lesson?' }).isVisible()) await lessons.getByRole('button', { name: 'Open this lesson' }).click();
  await expect(lessons.getByRole('heading', { name: TITLE })).toBeVisible();
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute('aria-pressed', 'true');
  // Stepped on the stage: three steps run, then step 4's question before it runs.
  const forward = stage.getByRole('group', { name: 'Lesson controls' }).getByRole('button', { name: /^(Run next step|Show the next question)$/ });
  const where = stage.getByRole('status', { name: 'Lesson position' });
  for (let i = 1; i <= 3; i++) {
    await forward.click();
    await expect(where).toHaveText(new RegExp(`^Step ${i} of 4 ran`));
  }
  await forward.click();
  const asked = stage.getByRole('radiogroup', { name: 'Prediction' });
  await expect(asked).toBeVisible();
  await asked.getByRole('radio', { name: '1: connected' }).check();
  await forward.click();
  await expect(where).toHaveText('Step 4 of 4 ran; all 4 steps ran.');
  const card = stage.getByRole('article', { name: 'Step 4 result' });
  await expect(card.getByText('✓ The prediction held: “1: connected”.')).toBeVisible();
  await expect(card.getByText('Someone listens on that port: the connect completes.')).toBeVisible();
});
