// Lessons presented as a class sees them, web host in Chromium at a projector's 1280x720 and
// 1024x768: after every step the stage's result card shows ret, errno and every error-queue entry
// inside the viewport and uncovered; a question shows before its step and never that step's
// caption; the keys work whatever has focus (Space right after clicking "Presentation mode" or
// Reset runs a step, an arrow on a chosen radio runs rather than changes the answer); ← and → walk
// the same frames without skipping a prediction; and the diagram draws the lesson's own sockets
// with text of at least 18 px beside ten sockets of the person's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, PROJECT_ROOT } from './fixture';
import { runCall } from './helpers';
import { expectNoViolationsInBothThemes } from './axe';

interface LessonFile {
  title: string;
  steps: { caption?: string; prediction?: unknown }[];
}
const lessonFile = (name: string): LessonFile => JSON.parse(readFileSync(join(PROJECT_ROOT, 'resources', 'lessons', `${name}.json`), 'utf8')) as LessonFile;

const stage = (page: Page) => page.getByRole('region', { name: 'Presentation' });
const position = (page: Page) => stage(page).getByRole('status', { name: 'Lesson position' });

/** Inside the viewport, and the element the browser finds at its centre is it (or inside it): nothing covers it. */
async function expectSeen(page: Page, what: Locator, name: string): Promise<void> {
  const box = await what.boundingBox();
  const view = page.viewportSize()!;
  expect(box, `${name} is laid out`).not.toBeNull();
  expect(box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= view.width && box!.y + box!.height <= view.height, `${name} inside the ${view.width}x${view.height} viewport (at ${JSON.stringify(box)})`).toBe(true);
  const uncovered = await what.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
  expect(uncovered, `${name} is not covered at its centre`).toBe(true);
}

/** The lesson picked in the Lessons panel (outside presentation mode, where its list is). */
async function pickLesson(page: Page, title: string): Promise<void> {
  const lessons = page.getByRole('region', { name: 'Lessons' });
  if (!(await lessons.isVisible())) await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const another = lessons.getByRole('button', { name: 'Choose another lesson' });
  if (await another.isVisible()) await another.click();
  await lessons.getByRole('group', { name: 'Lesson list' }).getByRole('button', { name: title }).click();
  await expect(lessons.getByRole('heading', { name: title })).toBeVisible();
}

async function setPresenting(page: Page, on: boolean): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Presentation mode' });
  if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', String(on));
}

/** Space until the stage's position says `text`. */
async function forwardUntil(page: Page, text: string): Promise<void> {
  for (let guard = 0; guard < 40 && !(await position(page).textContent())?.includes(text); guard++) {
    const before = (await position(page).textContent())!;
    await page.keyboard.press('Space');
    await expect(position(page)).not.toHaveText(before);
  }
  await expect(position(page)).toContainText(text);
}

/** The facts of a result card: ret, errno and each error-queue entry, each seen by the room. */
async function expectResultSeen(page: Page, step: number): Promise<void> {
  const card = stage(page).getByRole('article', { name: `Step ${step} result` });
  await expect(card).toBeVisible();
  const facts = card.getByRole('list', { name: 'What C returned' }).getByRole('listitem');
  await expect(facts.first()).toContainText(/^ret /);
  await expectSeen(page, facts.filter({ hasText: /^ret / }), `step ${step}'s ret`);
  await expectSeen(page, facts.filter({ hasText: /^errno / }), `step ${step}'s errno`);
  const entries = card.getByRole('list', { name: 'Error queue' }).getByRole('listitem');
  for (let i = 0; i < (await entries.count()); i++) await expectSeen(page, entries.nth(i), `step ${step}'s error-queue entry ${i + 1}`);
  // The prediction against the truth, with the explanation, is read too.
  const verdict = card.getByRole('group', { name: `Step ${step} prediction on the stage` });
  if (await verdict.count()) await expectSeen(page, verdict, `step ${step}'s prediction and explanation`);
}

/** A step group's result card: a line per step with its ret and errno (each seen), and the group's prediction against the truth. */
async function expectGroupResultSeen(page: Page, first: number, last: number): Promise<void> {
  const card = stage(page).getByRole('article', { name: `Steps ${first} to ${last} result` });
  await expect(card).toBeVisible();
  const lines = card.getByRole('list', { name: 'Steps run' }).getByRole('listitem');
  await expect(lines).toHaveCount(last - first + 1);
  // Each line holds its step's ret and errno: every one is seen by the room, as a single step's are.
  for (let i = 0; i <= last - first; i++) {
    await expect(lines.nth(i)).toContainText(/→ ret -?\d+, errno /);
    await expectSeen(page, lines.nth(i), `step ${first + i}'s line in steps ${first} to ${last}`);
  }
  const verdict = card.getByRole('group', { name: /^Step \d+ prediction on the stage$/ });
  if (await verdict.count()) await expectSeen(page, verdict, `steps ${first} to ${last}'s prediction and explanation`);
}

/**
 * Walks the presented lesson to its end with Space, checking each frame: a question before its
 * step (and not that step's caption), a result after it. Returns the frames seen, by card name.
 */
async function presentToTheEnd(page: Page, file: LessonFile): Promise<string[]> {
  const seen: string[] = [];
  const total = file.steps.length;
  for (let guard = 0; guard < total * 2 + 2; guard++) {
    const before = await position(page).textContent();
    if (before?.includes(`all ${total} steps ran`)) return seen;
    await page.keyboard.press('Space');
    await expect(position(page)).not.toHaveText(before!);
    await expect(position(page)).not.toContainText('Running');
    const text = (await position(page).textContent())!;
    const asked = /^Step (\d+) of \d+: the class answers its question first( \(steps \d+ to \d+ then run back to back\))?\.$/.exec(text);
    if (asked) {
      const step = Number(asked[1]);
      seen.push(`Step ${step} question`);
      await expect(stage(page).getByRole('article', { name: `Step ${step} question` })).toBeVisible();
      const caption = file.steps[step - 1].caption;
      if (caption) await expect(stage(page)).not.toContainText(caption);
      continue;
    }
    const group = /^Steps (\d+) to (\d+) of \d+ ran/.exec(text);
    if (group) {
      seen.push(`Steps ${group[1]} to ${group[2]} result`);
      await expectGroupResultSeen(page, Number(group[1]), Number(group[2]));
      continue;
    }
    const ran = /^Step (\d+) of \d+ ran/.exec(text);
    expect(ran, `the stage says which step ran: ${text}`).not.toBeNull();
    seen.push(`Step ${ran![1]} result`);
    await expectResultSeen(page, Number(ran![1]));
  }
  throw new Error(`the lesson did not end: ${await position(page).textContent()}`);
}

for (const [width, height] of [
  [1280, 720],
  [1024, 768],
] as const) {
  test(`at ${width}x${height} three lessons presented: every result seen, questions before their steps, keys whatever has focus`, async ({ workbench: page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width, height });
    const refused = lessonFile('refused-connect');
    await pickLesson(page, refused.title);
    // Space right after clicking "Presentation mode" runs the first step; the toggle is not pressed again.
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await expect(page.getByRole('button', { name: 'Presentation mode' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(position(page)).toHaveText(`Step 1 of ${refused.steps.length} ran; step 2 runs next.`);
    await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute('aria-pressed', 'true');
    await expectResultSeen(page, 1);
    // Only the lesson is on screen: the composer, the call log and Compare step aside.
    await expect(page.getByRole('region', { name: 'Composer' })).toBeHidden();
    await expect(page.getByRole('region', { name: 'Lessons' })).toBeHidden();

    // Step 5 asks first: a choice clicked, then → runs the step and keeps the class's answer.
    await forwardUntil(page, 'Step 5 of 6: the class answers its question first.');
    await expect(stage(page)).not.toContainText(refused.steps[4].caption!);
    const choices = stage(page).getByRole('radiogroup', { name: 'Prediction' });
    await choices.getByRole('radio', { name: '-1, errno ECONNREFUSED' }).click();
    await page.keyboard.press('ArrowDown');
    await expect(choices.getByRole('radio', { name: '-1, errno ECONNREFUSED' })).toBeChecked();
    await page.keyboard.press('ArrowRight');
    await expect(position(page)).toHaveText('Step 5 of 6 ran; step 6 runs next.');
    const card = stage(page).getByRole('article', { name: 'Step 5 result' });
    await expect(card).toContainText('errno ECONNREFUSED (Connection refused)');
    await expect(card.getByRole('list', { name: 'Error queue' }).getByRole('listitem')).toHaveCount(2);
    await expect(card).toContainText('✗ Predicted “-1, errno ECONNREFUSED”; the truth: “0, errno ECONNREFUSED”.');
    await expect(card).toContainText(refused.steps[4].caption!);
    await expectResultSeen(page, 5);
    // Key 1 picks the first choice of the last question.
    await page.keyboard.press('Space');
    await expect(position(page)).toHaveText('Step 6 of 6: the class answers its question first.');
    await page.keyboard.press('1');
    await expect(stage(page).getByRole('radio', { name: 'yes: BIO_closesocket returns 1' })).toBeChecked();
    await page.keyboard.press('PageDown');
    await expect(position(page)).toHaveText('Step 6 of 6 ran; all 6 steps ran.');
    await expect(stage(page).getByRole('article', { name: 'Step 6 result' })).toContainText('✓ The prediction held');

    // After clicking Reset, Space runs the first step again (Reset is not pressed twice).
    await stage(page).getByRole('button', { name: 'Reset' }).click();
    await expect(position(page)).toHaveText('6 steps; step 1 runs next.');
    await page.keyboard.press('Space');
    await expect(position(page)).toHaveText('Step 1 of 6 ran; step 2 runs next.');
    await presentToTheEnd(page, refused);

    for (const name of ['nonblocking-connect', 'nagle-nodelay']) {
      const file = lessonFile(name);
      await setPresenting(page, false);
      await pickLesson(page, file.title);
      await setPresenting(page, true);
      const frames = await presentToTheEnd(page, file);
      expect(frames.filter((f) => f.endsWith('question'))).toEqual(file.steps.flatMap((s, i) => (s.prediction ? [`Step ${i + 1} question`] : [])));
    }
    if (width === 1280) await expectNoViolationsInBothThemes(page, 'a lesson presented');
  });
}

test('← and → walk the same frames, never skipping a prediction or pointing past the last step', async ({ workbench: page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const file = lessonFile('nonblocking-connect');
  await pickLesson(page, file.title);
  // An open Compare panel steps aside while the lesson is presented, and comes back after.
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const compare = page.getByRole('region', { name: 'Compare' });
  await expect(compare).toBeVisible();
  await setPresenting(page, true);
  await expect(compare).toBeHidden();
  const cardName = async () => (await stage(page).getByRole('article').getAttribute('aria-label'))!;
  // presentToTheEnd checks each frame's card as it goes.
  const forward = [await cardName(), ...(await presentToTheEnd(page, file))];
  expect(forward.filter((f) => f.endsWith('question'))).toEqual(['Step 4 question', 'Step 6 question']);
  const last = await position(page).textContent();
  // Back to the start, one frame at a time, each the same as on the way forward; never before the start.
  const back: string[] = [];
  for (let i = 0; i < forward.length + 1; i++) {
    await page.keyboard.press('ArrowLeft');
    back.push(await cardName());
    await expect(position(page)).toContainText(`all ${file.steps.length} steps ran`);
  }
  expect(back).toEqual([...forward.slice(0, -1).reverse(), 'Lesson start', 'Lesson start']);
  // And forward again to the end, through each question, running nothing.
  const again: string[] = [];
  for (let i = 0; i < forward.length - 1; i++) {
    await page.keyboard.press('PageDown');
    again.push(await cardName());
  }
  expect(again).toEqual(forward.slice(1));
  await expect(position(page)).toHaveText(last!);
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toHaveText(last!);
  await setPresenting(page, false);
  await expect(compare).toBeVisible();
});

test("the diagram draws only the lesson's sockets, its text at least 18 px, beside ten sockets of the person's", async ({ workbench: page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  for (let i = 1; i <= 10; i++) await runCall(page, 'BIO_socket', { 'Name (as)': `mine-with-a-long-name-${i}` }, { expectC: `mine-with-a-long-name-${i} = BIO_socket(` });
  const file = lessonFile('first-connection');
  await pickLesson(page, file.title);
  await setPresenting(page, true);
  const diagram = stage(page).getByRole('img', { name: /Socket diagram/ });
  await expect(diagram).toHaveAccessibleName(/No sockets\./);
  // To the accept: l, c and a drawn; then the server's read, its bytes shown as text and hex.
  await forwardUntil(page, 'Step 5 of 13 ran');
  await expect(diagram).toHaveAccessibleName(/a was accepted on l\./);
  expect(await diagram.getByText(/mine-with/).count()).toBe(0);
  const names = await diagram.locator('text').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['l listener', 'LISTEN', 'a accepted', 'c client', 'ESTABLISHED']));
  const heights = await diagram.locator('text').evaluateAll((els) => els.map((el) => ({ text: el.textContent, px: parseFloat(getComputedStyle(el).fontSize) * (el as SVGGraphicsElement).getScreenCTM()!.a })));
  for (const h of heights) expect(h.px, `"${h.text}" drawn at ${h.px} px`).toBeGreaterThanOrEqual(18);
  await forwardUntil(page, 'Step 7 of 13 ran');
  const bytes = stage(page).getByRole('group', { name: 'Bytes moved' });
  await expect(bytes).toContainText('5 bytes read: “hello”');
  await expect(bytes).toContainText('hex 68 65 6c 6c 6f');
  await expectSeen(page, bytes, 'the bytes read');
});

test('eight sockets of a lesson with long names: drawn at 18 px or more, shortened, the full names in titles and the accessible name', async ({ workbench: page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const names = Array.from({ length: 8 }, (_, i) => `socket-with-a-long-name-${i + 1}`);
  const lesson = { title: 'Eight long names', steps: names.map((as) => ({ call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: `Make ${as}.` })) };
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('region', { name: 'Lessons' }).getByRole('button', { name: 'Open lesson' }).click()]);
  await chooser.setFiles({ name: 'eight.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lesson)) });
  await page.getByRole('dialog', { name: 'Run this lesson?' }).getByRole('button', { name: 'Open this lesson' }).click();
  await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('heading', { name: 'Eight long names' })).toBeVisible();
  await setPresenting(page, true);
  await forwardUntil(page, 'all 8 steps ran');
  const diagram = stage(page).getByRole('img', { name: /Socket diagram/ });
  for (const n of names) await expect(diagram).toHaveAccessibleName(new RegExp(`${n}: new`));
  const texts = diagram.locator('text');
  const drawn = await texts.evaluateAll((els) => els.map((el) => ({ text: [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''), title: el.querySelector('title')?.textContent ?? null, px: parseFloat(getComputedStyle(el).fontSize) * (el as SVGGraphicsElement).getScreenCTM()!.a })));
  for (const d of drawn) expect(d.px, `"${d.text}" drawn at ${d.px} px`).toBeGreaterThanOrEqual(18);
  const shortened = drawn.filter((d) => d.title?.startsWith('socket-with-a-long-name-'));
  expect(shortened).toHaveLength(8);
  for (const d of shortened) expect(d.text, `${d.title} shortened`).toMatch(/^socket-with-a-.*…$/);
  await expectNoViolationsInBothThemes(page, 'a lesson with eight sockets presented');
});
