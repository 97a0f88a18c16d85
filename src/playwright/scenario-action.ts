// A scenario or lesson stepped through the window as a teacher would: opened in the Lessons panel
// (a file from disk with "Open lesson", or a lesson or scenario the host ships), then "Run next
// step" until every step ran.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { ActionError, present } from './found';

/** A scenario or lesson file's path, or `{ demo }`: the title of a lesson or scenario the host ships (resources/lessons, resources/scenarios). */
export type ScenarioSource = string | { demo: string };

/** What the Lessons panel says once every step ran. */
export interface ScenarioRunSummary {
  title: string;
  steps: number;
  /** Steps whose expectation held, and steps whose expectation failed (a refused step fails unless it expected the refusal). */
  held: number;
  failed: number;
  /** Steps refused before their call (not run). */
  refused: number;
  /** The panel's own words: "All done: 6 of 6 steps ran; 4 expectations held, 0 failed." */
  progress: string;
}

/** The title the panel will show for a file: its own, else its name (as the Lessons panel names it). */
function fileTitle(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ActionError(`runScenario('${file}'): cannot read it: ${(e as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as { title?: unknown };
    return typeof parsed.title === 'string' ? parsed.title : basename(file);
  } catch {
    // Not JSON: the panel will say so, in its alert.
    return null;
  }
}

async function openPanel(page: Page, where: string): Promise<Locator> {
  const opener = page.getByRole('button', { name: 'Lessons', exact: true });
  await present(opener, `${where}: no "Lessons" button in the window's header`);
  if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
  const panel = page.getByRole('region', { name: 'Lessons', exact: true });
  await present(panel, `${where}: the "Lessons" button showed no region "Lessons"`);
  return panel;
}

async function openFile(page: Page, panel: Locator, where: string, file: string, timeout: number): Promise<string> {
  const title = fileTitle(file);
  const open = panel.getByRole('button', { name: 'Open lesson', exact: true });
  await present(open, `${where}: no button "Open lesson" in the Lessons panel`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout }), open.click()]);
  await chooser.setFiles(file);
  const alert = panel.getByRole('alert', { name: 'Lesson file error', exact: true }).filter({ hasText: `${basename(file)} cannot be` });
  const opened = title === null ? alert : panel.getByRole('article', { name: title, exact: true }).or(alert);
  await present(opened, `${where}: the Lessons panel showed neither the lesson nor why it cannot be run`, timeout);
  if (await alert.isVisible()) throw new ActionError(`${where}: ${await alert.textContent()}`);
  return title!;
}

async function pickDemo(panel: Locator, where: string, title: string): Promise<void> {
  const list = panel.getByRole('group', { name: 'Lesson list', exact: true });
  const another = panel.getByRole('button', { name: 'Choose another lesson', exact: true });
  if (!(await list.isVisible()) && (await another.isVisible())) await another.click();
  await present(list, `${where}: no "Lesson list" in the Lessons panel`);
  const demo = list.getByRole('button', { name: title, exact: true });
  if ((await demo.count()) === 0) {
    const offered = await list.getByRole('button').allTextContents();
    throw new ActionError(`${where}: the Lesson list has no lesson or scenario "${title}"; it lists ${offered.map((t) => JSON.stringify(t)).join(', ')}`);
  }
  await demo.click();
}

export async function runScenarioInWindow(page: Page, source: ScenarioSource, timeout: number): Promise<ScenarioRunSummary> {
  const where = `runScenario(${JSON.stringify(source)})`;
  const panel = await openPanel(page, where);
  let title: string;
  if (typeof source === 'string') title = await openFile(page, panel, where, source, timeout);
  else {
    title = source.demo;
    await pickDemo(panel, where, title);
  }
  const demo = panel.getByRole('article', { name: title, exact: true });
  await present(demo, `${where}: the Lessons panel shows no lesson "${title}"`, timeout);
  const progress = demo.getByRole('status', { name: 'Lesson progress', exact: true });
  await present(progress, `${where}: no status "Lesson progress" in the lesson`);
  const said = async () => (await progress.textContent()) ?? '';

  // A lesson already part-run (picked again) starts over, so every step runs here.
  if (!/none run yet/.test(await said())) {
    await demo.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(progress, `${where}: Reset did not bring the lesson back to its first step`).toContainText('none run yet', { timeout });
  }
  const steps = Number(/^(\d+) steps?, none run yet/.exec(await said())?.[1] ?? NaN);
  if (!Number.isInteger(steps)) throw new ActionError(`${where}: the lesson's progress ${JSON.stringify(await said())} does not count its steps`);

  const runNext = demo.getByRole('button', { name: 'Run next step', exact: true });
  await present(runNext, `${where}: no button "Run next step" in the lesson`);
  for (let i = 0; i < steps; i++) {
    await runNext.click();
    // The window numbers steps from 1: after step i + 1 ran, step i + 2 is next.
    const ran = i + 1 === steps ? /^All done/ : new RegExp(`Step ${i + 2} is next\\.`);
    try {
      await expect(progress).toHaveText(ran, { timeout });
    } catch {
      throw new ActionError(`${where}: step ${i + 1} did not finish within ${timeout} ms; the lesson says ${JSON.stringify(await said())}`);
    }
  }
  const final = await said();
  const counts = /(\d+) expectations? held, (\d+) failed/.exec(final);
  const refused = /(\d+) refused/.exec(final);
  return { title, steps, held: Number(counts?.[1] ?? 0), failed: Number(counts?.[2] ?? 0), refused: Number(refused?.[1] ?? 0), progress: final };
}
