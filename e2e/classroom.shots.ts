// The classroom screenshots in the README: the window at 1024x768 and 1280x720 in both themes
// after a connection end to end, and a lesson presented: a step's question, then its result card.
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, PROJECT_ROOT } from './fixture';
import { useTheme, type Theme } from './axe';
import { composer, listener, runCall, socketItem } from './helpers';
import { toPalettePng } from './png-palette';

const DIR = join(PROJECT_ROOT, 'docs', 'screenshots');
const REFUSED_CONNECT = '2. A refused connect, and reading the error stack';

async function connectedPair(page: Page): Promise<void> {
  const port = await listener(page, 'srv');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'cli' }, { expectC: 'cli = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'cli', Address: `127.0.0.1:${port}` }, { expectC: 'BIO_connect(cli, addr, 0)' });
  await socketItem(page, 'srv').getByRole('button', { name: 'Accept on srv' }).click();
  await expect(socketItem(page, 'a1')).toContainText('ESTABLISHED');
  await runCall(page, 'BIO_write', { Socket: 'cli', Data: 'hello class' }, { expectC: 'BIO_write(bio_cli, data, 11)' });
}

async function shoot(page: Page, name: string): Promise<void> {
  // The caret and the focus ring of the last click are noise in a picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  writeFileSync(join(DIR, `classroom-${name}.png`), toPalettePng(await page.screenshot()));
}

for (const [width, height] of [
  [1024, 768],
  [1280, 720],
] as const) {
  test(`the window at ${width}x${height}, both themes`, async ({ workbench: page }) => {
    await page.setViewportSize({ width, height });
    await connectedPair(page);
    await composer(page).getByRole('button', { name: 'BIO_read', exact: true }).click();
    for (const theme of ['light', 'dark'] as Theme[]) {
      await useTheme(page, theme);
      await shoot(page, `${width}-${theme}`);
    }
  });
}

test('a lesson presented: the question before the step, then the result card, both themes', async ({ workbench: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await connectedPair(page);
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('group', { name: 'Lesson list' }).getByRole('button', { name: REFUSED_CONNECT }).click();
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  const stage = page.getByRole('region', { name: 'Presentation' });
  const position = stage.getByRole('status', { name: 'Lesson position' });
  // Step 5 asks first: the room answers before the step runs, and the stage shows only the question.
  for (const text of ['Step 1 of 6 ran', 'Step 2 of 6 ran', 'Step 3 of 6 ran', 'Step 4 of 6 ran', 'Step 5 of 6: the class answers']) {
    await page.keyboard.press('Space');
    await expect(position).toContainText(text);
  }
  await page.keyboard.press('2');
  await shoot(page, 'presentation-question-1280-light');
  await page.keyboard.press('Space');
  await expect(stage.getByRole('article', { name: 'Step 5 result' })).toBeVisible();
  for (const theme of ['light', 'dark'] as Theme[]) {
    await useTheme(page, theme);
    await shoot(page, `presentation-1280-${theme}`);
  }
  await page.setViewportSize({ width: 1024, height: 768 });
  await useTheme(page, 'light');
  await shoot(page, 'presentation-1024-light');
});
