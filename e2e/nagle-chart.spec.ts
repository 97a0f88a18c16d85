// The Nagle lesson presented in the window, stepped as a teacher steps it: each round's steps run
// back to back in the engine (one step group), so the stall shows as it does on the command line.
// The room reads it off the stage's chart, by the figure's accessible text: a wait for "body" of at
// least 30 ms with the default client (the delayed ACK), BIO_SOCK_NODELAY's under 5 ms.
import { test, expect } from './fixture';
import { expectNoViolations } from './axe';

const LESSON = /Nagle versus BIO_SOCK_NODELAY/;
const CHART = 'Measured: how long each marked step took, in milliseconds';

/** The middle value of a series: one round's outlier does not move it. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test('presenting nagle-nodelay shows the stall on the stage chart: Nagle at least 30 ms, NODELAY under 5 ms', async ({ workbench: page }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('group', { name: 'Lesson list' }).getByRole('button', { name: LESSON }).click();
  await page.getByRole('button', { name: 'Presentation mode' }).click();

  const stage = page.getByRole('region', { name: 'Presentation' });
  // The stage's forward button: it shows a group's question first, then runs the whole group.
  const runNext = stage.getByRole('group', { name: 'Lesson controls' }).getByRole('button', { name: /^(Run next step|Show the next question)$/ });
  const chart = stage.getByRole('figure', { name: CHART }).getByRole('img');
  // A teacher's clicks on the stage, one after another to the last step, which asks the room to
  // compare the bars (a question, where one is asked, is shown and left unanswered).
  let text = '';
  await expect(async () => {
    if ((await runNext.getAttribute('aria-disabled')) !== 'true') await runNext.click();
    text = (await chart.getAttribute('aria-label', { timeout: 200 })) ?? '';
    expect(text).toMatch(/BIO_SOCK_NODELAY #3: [\d.]+ ms/);
    await expect(stage).toContainText('Compare the bars', { timeout: 200 });
  }).toPass({ timeout: 100_000, intervals: [50] });

  const bars = [...text.matchAll(/(default \(Nagle\)|BIO_SOCK_NODELAY) #(\d): ([\d.]+) ms/g)].map((m) => ({ series: m[1], ms: Number(m[3]) }));
  const nagle = bars.filter((b) => b.series === 'default (Nagle)').map((b) => b.ms);
  const nodelay = bars.filter((b) => b.series === 'BIO_SOCK_NODELAY').map((b) => b.ms);
  testInfo.annotations.push({ type: 'measured', description: `Nagle ${nagle.join(', ')} ms; NODELAY ${nodelay.join(', ')} ms` });
  expect([nagle.length, nodelay.length]).toEqual([3, 3]);
  // The stall the room sees: a Nagle bar of 30 ms or more (the first round's ACK may go at once, and on
  // a loaded machine a descheduled engine can send "body" late and shorten a round's wait), and
  // BIO_SOCK_NODELAY's bars typically under 5 ms (the median: one round may catch a busy moment).
  expect(Math.max(...nagle), `the default client's waits (${nagle.join(', ')} ms)`).toBeGreaterThanOrEqual(30);
  expect(median(nodelay), `BIO_SOCK_NODELAY's waits (${nodelay.join(', ')} ms)`).toBeLessThan(5);

  // On the stage, in view, beside the last step's caption.
  await expect(stage.getByRole('figure', { name: CHART })).toBeInViewport();
  await expectNoViolations(page, 'the stage with the Nagle chart');

  // Back three frames: the last NODELAY round's result card, one card for its seven steps run as
  // one, a line per step, the chart under them (the last measured step is in this group).
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  const round = stage.getByRole('article', { name: 'Steps 46 to 52 result' });
  await expect(round.getByRole('list', { name: 'Steps run' }).getByRole('listitem')).toHaveCount(7);
  await expect(round.getByRole('figure', { name: CHART })).toBeVisible();
  await expect(stage.getByRole('status', { name: 'Lesson position' })).toHaveText('Looking back at steps 46 to 52’s result; all 55 steps ran.');
  await expectNoViolations(page, 'the stage with a step group’s result card');
});
