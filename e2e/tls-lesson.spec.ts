// The TLS verification lesson presented at a projector's 1280x720: the handshake against the
// self-signed demo certificate fails, and the stage's result card shows SSL_get_error, the error
// queue's "certificate verify failed" and the verify result's text, each in view and uncovered.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixture';
import { screenshot } from './helpers';
import { expectNoViolations } from './axe';

const LESSON = '16. TLS verification: a self-signed certificate, its CA file, a wrong host name';
/** The first round's last SSL_connect, counted from 1 as the window counts: the one that fails verification. */
const FAILING = 16;

const stage = (page: Page) => page.getByRole('region', { name: 'Presentation' });
const position = (page: Page) => stage(page).getByRole('status', { name: 'Lesson position' });

async function expectSeen(page: Page, what: Locator, name: string): Promise<void> {
  const box = await what.boundingBox();
  const view = page.viewportSize()!;
  expect(box, `${name} is laid out`).not.toBeNull();
  expect(box!.y >= 0 && box!.y + box!.height <= view.height && box!.x >= 0 && box!.x + box!.width <= view.width, `${name} inside the viewport (at ${JSON.stringify(box)})`).toBe(true);
  const uncovered = await what.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
  expect(uncovered, `${name} is not covered at its centre`).toBe(true);
}

test('a failed TLS verification on the stage: the queue entry and the verify result text', async ({ workbench: page }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('group', { name: 'Lesson list' }).getByRole('button', { name: LESSON }).click();
  await expect(lessons.getByRole('heading', { name: LESSON })).toBeFocused();
  await page.getByRole('button', { name: 'Presentation mode' }).click();

  // Forward (Space) until the class is asked the failing step's question.
  const question = stage(page).getByRole('article', { name: `Step ${FAILING} question` });
  for (let guard = 0; guard < 40 && !(await question.isVisible()); guard++) {
    const before = (await position(page).textContent())!;
    await page.keyboard.press('Space');
    await expect(position(page)).not.toHaveText(before);
    await expect(position(page)).not.toContainText('Running');
  }
  await expect(question).toBeVisible();
  await page.keyboard.press('1');
  await expect(question.getByRole('radio', { name: /connected/ })).toBeChecked();
  await page.keyboard.press('Space');

  const card = stage(page).getByRole('article', { name: `Step ${FAILING} result` });
  await expect(card).toBeVisible();
  const facts = card.getByRole('list', { name: 'What C returned' }).getByRole('listitem');
  await expect(facts.filter({ hasText: /^SSL_get_error/ })).toContainText('SSL_ERROR_SSL');
  const verify = facts.filter({ hasText: /^verify result/ });
  await expect(verify).toContainText('18 (self-signed certificate)');
  const failed = card.getByRole('list', { name: 'Error queue' }).getByRole('listitem').filter({ hasText: 'certificate verify failed' });
  await expect(failed).toHaveCount(1);
  await expectSeen(page, verify, 'the verify result');
  await expectSeen(page, failed, 'the "certificate verify failed" entry');
  await expect(card.getByRole('group', { name: `Step ${FAILING} prediction on the stage` })).toContainText('✗ Predicted');
  await expectNoViolations(page, 'the TLS lesson after a failed verification');
  await screenshot(page, 'tls-verify-failed', testInfo.project.name);
});
