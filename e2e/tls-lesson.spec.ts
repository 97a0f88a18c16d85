// The TLS verification lesson in the window at a projector's 1280x720, in presentation mode: the
// handshake against the self-signed demo certificate fails, and the step's result on the stage
// shows the error queue's "certificate verify failed" and the verify result's text, axe-clean.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixture';
import { screenshot } from './helpers';
import { expectNoViolations } from './axe';

const LESSON = '16. TLS verification: a self-signed certificate, its CA file, a wrong host name';
/** The first round's last SSL_connect: the one that fails verification. */
const FAILING = 15;

async function inViewport(page: Page, what: Locator, name: string): Promise<void> {
  const box = await what.boundingBox();
  const view = page.viewportSize()!;
  expect(box, `${name} is laid out`).not.toBeNull();
  expect(box!.y >= 0 && box!.y + box!.height <= view.height && box!.x >= 0 && box!.x + box!.width <= view.width, `${name} inside the viewport (at ${JSON.stringify(box)})`).toBe(true);
}

test('a failed TLS verification on the stage: the queue entry and the verify result text', async ({ workbench: page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('group', { name: 'Lesson list' }).getByRole('button', { name: LESSON }).click();
  await expect(lessons.getByRole('heading', { name: LESSON })).toBeFocused();
  await page.getByRole('button', { name: 'Presentation mode' }).click();

  const steps = lessons.getByRole('list', { name: 'Steps' });
  const step = (i: number) => steps.getByRole('listitem', { name: `Step ${i}`, exact: true });
  const runNext = lessons.getByRole('button', { name: 'Run next step' });
  const progress = lessons.getByRole('status', { name: 'Lesson progress' });
  for (let i = 0; i <= FAILING; i++) {
    if (i === FAILING) await step(i).getByRole('radiogroup', { name: 'Prediction' }).getByRole('radio', { name: '1: connected' }).check();
    await runNext.click();
    await expect(progress).toHaveText(new RegExp(`Step ${i + 1} is next\\.`));
  }
  const result = step(FAILING).locator('.lesson-result');
  await expect(result).toContainText('SSL_get_error: SSL_ERROR_SSL');
  await expect(result).toContainText('verify result 18: self-signed certificate');
  await expect(result).toContainText('error queue: certificate verify failed');
  await expect(result).toContainText('✓ Expectation held');
  await inViewport(page, result, 'the failed handshake\'s result');
  await expect(step(FAILING).getByRole('group', { name: `Step ${FAILING} prediction` })).toContainText('✗ Your prediction did not hold');
  await expectNoViolations(page, 'the TLS lesson after a failed verification');
  await screenshot(page, 'tls-verify-failed', testInfo.project.name);
});
