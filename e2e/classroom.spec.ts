// The window in front of a class, web host in Chromium: at 1024x768 and 1280x720 the Run button
// and the latest result stay inside the viewport after every Run; flag notes are folded until
// asked for; nothing is smaller than 12px; presentation mode (button and Alt+Shift+P) shows 24px
// text, the lesson presented (or, with none, the session's sockets as a diagram), and leaving it
// puts every panel back where it was.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixture';
import { composer, errorStack, listener, runCall, socketItem } from './helpers';

async function expectInViewport(page: Page, what: Locator, name: string): Promise<void> {
  const box = await what.boundingBox();
  const view = page.viewportSize()!;
  expect(box, `${name} has a box`).not.toBeNull();
  expect(box!.y, `${name} top`).toBeGreaterThanOrEqual(0);
  expect(box!.x, `${name} left`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${name} bottom`).toBeLessThanOrEqual(view.height);
  expect(box!.x + box!.width, `${name} right`).toBeLessThanOrEqual(view.width);
}

async function expectRunAndResultInView(page: Page): Promise<void> {
  const c = composer(page);
  await expectInViewport(page, c.getByRole('button', { name: 'Run', exact: true }), 'Run');
  await expectInViewport(page, c.getByRole('status', { name: 'Last result' }), 'Last result');
}

/** The smallest computed font size of any element that shows text. */
function smallestFontPx(page: Page): Promise<number> {
  return page.evaluate(() => {
    let min = Infinity;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (!el.offsetParent && el.tagName !== 'BODY') continue;
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')) continue;
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
    }
    return min;
  });
}

for (const [width, height] of [
  [1024, 768],
  [1280, 720],
] as const) {
  test(`at ${width}x${height} Run and the latest result stay in view after each Run`, async ({ workbench: page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    const port = await listener(page, 'srv');
    await expectRunAndResultInView(page);
    await runCall(page, 'BIO_socket', { 'Name (as)': 'cli' }, { expectC: 'cli = BIO_socket(' });
    await expectRunAndResultInView(page);
    // BIO_connect offers the listener's address by itself, and the socket just made.
    const c = composer(page);
    await c.getByRole('button', { name: 'BIO_connect', exact: true }).click();
    await expect(c.getByRole('combobox', { name: 'Socket', exact: true })).toHaveValue('cli');
    await expect(c.getByRole('textbox', { name: 'Address', exact: true })).toHaveValue(`127.0.0.1:${port}`);
    // Ctrl+Enter runs it from any field, as the hint beside Run says.
    await expect(c.getByRole('button', { name: 'Run', exact: true })).toHaveAttribute('aria-keyshortcuts', 'Control+Enter');
    await c.getByRole('textbox', { name: 'Address', exact: true }).press('Control+Enter');
    await expect(c.getByRole('status', { name: 'Last result' })).toContainText('BIO_connect(cli, addr, 0) → ret 1');
    await expectRunAndResultInView(page);
    await socketItem(page, 'srv').getByRole('button', { name: 'Accept on srv' }).click();
    await expect(socketItem(page, 'a1')).toContainText('ESTABLISHED');
    // The error stack, the latest call's result, is in view too.
    await expectInViewport(page, errorStack(page).getByRole('heading', { name: 'OpenSSL error stack' }), 'error stack heading');
    await expect(errorStack(page)).toContainText('a1 = BIO_accept_ex(');

    // The flags' long descriptions are folded; a toggle shows them, and Run stays in view.
    await c.getByRole('button', { name: 'BIO_listen', exact: true }).click();
    const notes = c.getByText('Try to reuse the address and port combination for a recently closed port.');
    await expect(notes).toBeHidden();
    await c.getByRole('button', { name: 'Show flag notes' }).click();
    await expect(notes).toBeVisible();
    await expectRunAndResultInView(page);
    expect(await smallestFontPx(page)).toBeGreaterThanOrEqual(12);
  });
}

test('presentation mode: 24px text, the lesson on the stage or the session diagram, and the layout restored on leaving', async ({ workbench: page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const port = await listener(page, 'srv');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'cli' }, { expectC: 'cli = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'cli', Address: `127.0.0.1:${port}` }, { expectC: 'BIO_connect(cli, addr, 0)' });
  await socketItem(page, 'srv').getByRole('button', { name: 'Accept on srv' }).click();
  await expect(socketItem(page, 'a1')).toContainText('ESTABLISHED');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('group', { name: 'Lesson list' }).getByRole('button', { name: '2. A refused connect, and reading the error stack' }).click();
  for (const next of [2, 3]) {
    await lessons.getByRole('button', { name: 'Run next step' }).click();
    await expect(lessons.getByRole('list', { name: 'Steps' }).getByRole('listitem', { name: `Step ${next}`, exact: true })).toHaveAttribute('aria-current', 'step');
  }

  // Headings with counts name the Sockets and Call log regions ("Sockets 3").
  const regions = [/^Composer$/, /^Sockets \d+$/, /^Data$/, /^OpenSSL error stack$/, /^Call log [\d,]+$/, /^Lessons$/];
  const layout = async () => Promise.all(regions.map(async (name) => ({ name: String(name), box: await page.getByRole('region', { name }).boundingBox({ timeout: 5_000 }) })));
  const before = await layout();
  const bodyFont = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(await bodyFont()).toBeLessThan(24);

  const toggle = page.getByRole('button', { name: 'Presentation mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+P');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await bodyFont()).toBeGreaterThanOrEqual(24);
  // The lesson has the stage to itself: where it is, the result of the step just run, and its own sockets only.
  const stage = page.getByRole('region', { name: 'Presentation' });
  await expect(stage.getByRole('status', { name: 'Lesson position' })).toHaveText('Step 2 of 6 ran; step 3 runs next.');
  await expect(stage.getByRole('article', { name: 'Step 2 result' })).toContainText('The kernel picked a port.');
  await expect(stage.getByRole('article', { name: 'Step 2 result' })).toContainText('BIO_listen(l, addr, 0)');
  const diagram = stage.getByRole('img', { name: /Socket diagram/ });
  expect(await diagram.locator('text').allTextContents()).toEqual(['l listener', 'LISTEN', expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
  for (const name of [/^Composer$/, /^Sockets \d+$/, /^Lessons$/, /^Call log [\d,]+$/]) await expect(page.getByRole('region', { name })).toBeHidden();
  await expectInViewport(page, stage.getByRole('button', { name: 'Show the next question' }).or(stage.getByRole('button', { name: 'Run next step' })), 'the forward button');

  // With the Lessons panel closed, the stage draws the session's sockets, the person's own too.
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await expect(stage).toContainText('Open Lessons and pick one');
  await expect(diagram).toHaveAccessibleName(/a1 is connected to cli\./);
  await expect(diagram).toHaveAccessibleName(/a1 was accepted on srv\./);
  // Real text in the drawing: each socket's name, role and TCP state.
  expect(await diagram.locator('text').allTextContents()).toEqual(expect.arrayContaining(['srv listener', 'LISTEN', 'a1 accepted', 'cli client', 'ESTABLISHED']));
  await expect(page.getByRole('region', { name: /^Sockets \d+$/ })).toBeHidden();
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await expect(stage.getByRole('status', { name: 'Lesson position' })).toBeVisible();

  // The shortcut leaves it, and every panel is back where it was.
  await page.keyboard.press('Alt+Shift+KeyP');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(diagram).toHaveCount(0);
  expect(await bodyFont()).toBeLessThan(24);
  expect(await layout()).toEqual(before);
});
