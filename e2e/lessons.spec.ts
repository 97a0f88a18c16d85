// A shipped lesson walked in the Lessons panel by accessible names against the real engine, at a
// projector's 1280x720: a prediction answered before its step, the truth and the explanation
// after it, and after every step "Run next step" and that step's result inside the viewport. The
// lesson's calls are the session's own (the error stack and Call log follow), under names of its
// own, so a socket of the person's named like the lesson's is never touched, not even by Reset.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixture';
import { errorStack, runCall, screenshot, socketItem } from './helpers';

const LESSON = '2. A refused connect, and reading the error stack';

async function inViewport(page: Page, what: Locator, name: string): Promise<void> {
  const box = await what.boundingBox();
  const view = page.viewportSize()!;
  expect(box, `${name} is laid out`).not.toBeNull();
  expect(box!.y >= 0 && box!.y + box!.height <= view.height && box!.x >= 0 && box!.x + box!.width <= view.width, `${name} inside the ${view.width}x${view.height} viewport (at ${JSON.stringify(box)})`).toBe(true);
}

test('a lesson walked step by step, with a prediction, beside a socket of the person’s named c', async ({ workbench: page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // The person's own socket, named like the lesson's client.
  await runCall(page, 'BIO_socket', { 'Name (as)': 'c' }, { expectC: 'c = BIO_socket(' });
  const mine = socketItem(page, 'c');
  await expect(mine).toBeVisible();
  const myFd = (await mine.textContent())!.match(/fd (\d+)/)?.[1];
  expect(myFd).toBeTruthy();

  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('group', { name: 'Lesson list' }).getByRole('button', { name: LESSON }).click();
  await expect(lessons.getByRole('heading', { name: LESSON })).toBeFocused();

  const steps = lessons.getByRole('list', { name: 'Steps' });
  /** Step i of the lesson (0-based, as its JSON counts), which the window numbers i + 1. */
  const step = (i: number) => steps.getByRole('listitem', { name: `Step ${i + 1}`, exact: true });
  const runNext = lessons.getByRole('button', { name: 'Run next step' });
  const progress = lessons.getByRole('status', { name: 'Lesson progress' });
  await expect(step(0)).toHaveAttribute('aria-current', 'step');

  for (let i = 0; i < 6; i++) {
    if (i === 4) {
      // The connect asks first: the person predicts -1 (as connect(2) would), and is told otherwise.
      const prediction = step(4).getByRole('radiogroup', { name: 'Prediction' });
      await expect(prediction).toBeVisible();
      await inViewport(page, prediction, 'the Prediction group');
      await prediction.getByRole('radio', { name: '-1, errno ECONNREFUSED' }).check();
    }
    await runNext.click();
    await expect(progress).toHaveText(i === 5 ? /^All done/ : new RegExp(`Step ${i + 2} is next\\.`));
    const result = step(i).locator('.lesson-result');
    await expect(result).toBeVisible();
    await inViewport(page, runNext, `"Run next step" after step ${i}`);
    await inViewport(page, result, `step ${i}'s result`);
  }
  const truth = step(4).getByRole('group', { name: 'Step 5 prediction' });
  await expect(truth).toContainText('What happened: ret 0, errno ECONNREFUSED');
  await expect(truth).toContainText('✗ Your prediction did not hold');
  await expect(truth).toContainText('BIO_connect returns 0 on failure');
  await expect(step(4)).toContainText(/ret 0, errno ECONNREFUSED, 2 error-queue entries/);
  await expect(progress).toHaveText('All done: 6 of 6 steps ran; 6 expectations held, 0 failed. Predictions: 0 of 1 held (1 skipped).');

  // The lesson's connect was the session's call: both queue entries, in order, in the error stack and the log.
  const stack = errorStack(page);
  const entries = stack.getByRole('list', { name: 'Error queue entries' }).getByRole('listitem');
  await expect(entries).toHaveCount(0); // the lesson's last call, its close, left an empty queue
  await expect(page.getByRole('log', { name: 'Call log' }).getByRole('button', { name: /BIO_connect\(lesson-\w+-c, addr, 0\) = 0 ECONNREFUSED/ })).toBeVisible();
  await screenshot(page, 'lesson', testInfo.project.name);

  // Left looks back at an earlier frame and undoes nothing.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowLeft');
  await expect(lessons.getByRole('status', { name: 'Step shown' })).toContainText('Looking back at step 6’s question');

  // Reset closes only what the lesson opened (nothing is left: it closed its own c); the person's c is untouched.
  await lessons.getByRole('button', { name: 'Reset' }).click();
  await expect(lessons.getByRole('status', { name: 'Reset result' })).toHaveText(`Reset "${LESSON}": none of its sockets (l, c) was still open, nothing to close.`);
  await expect(mine).toContainText(`fd ${myFd}`);
  await expect(step(0)).toHaveAttribute('aria-current', 'step');

  // Space runs the next step too (on a focused button, Space is that button's own).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await expect(progress).toHaveText(/Step 2 is next\./);
});
