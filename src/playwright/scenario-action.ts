// A scenario stepped through the window as a teacher would: opened in the Demos panel (a file
// from disk, or a demo the host ships), then "Run next step" until every step ran.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { ActionError, present } from './found';

/** A scenario file's path, or `{ demo }`: the title of a demo the host ships (resources/scenarios). */
export type ScenarioSource = string | { demo: string };

/** What the Demos panel says once every step ran. */
export interface ScenarioRunSummary {
  title: string;
  steps: number;
  /** Steps whose expectation held, and steps whose expectation failed (a refused step counts as failed). */
  held: number;
  failed: number;
  /** The panel's own words: "All 6 steps ran: 4 expectations held, 0 failed." */
  progress: string;
}

/** The title the panel will show for a file: its own, else its name (as the Demos panel names it). */
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
  const opener = page.getByRole('button', { name: 'Demos', exact: true });
  await present(opener, `${where}: no "Demos" button in the window's header`);
  if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
  const panel = page.getByRole('region', { name: 'Demos', exact: true });
  await present(panel, `${where}: the "Demos" button showed no region "Demos"`);
  return panel;
}

async function openFile(page: Page, panel: Locator, where: string, file: string, timeout: number): Promise<string> {
  const title = fileTitle(file);
  const open = panel.getByRole('button', { name: 'Open a scenario file…', exact: true });
  await present(open, `${where}: no button "Open a scenario file…" in the Demos panel`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout }), open.click()]);
  await chooser.setFiles(file);
  const alert = panel.getByRole('alert', { name: 'Scenario file error', exact: true }).filter({ hasText: `${basename(file)} cannot be` });
  const opened = title === null ? alert : panel.getByRole('article', { name: title, exact: true }).or(alert);
  await present(opened, `${where}: the Demos panel showed neither the scenario nor why it cannot be run`, timeout);
  if (await alert.isVisible()) throw new ActionError(`${where}: ${await alert.textContent()}`);
  return title!;
}

async function pickDemo(panel: Locator, where: string, title: string): Promise<void> {
  const list = panel.getByRole('list', { name: 'Demo list', exact: true });
  const another = panel.getByRole('button', { name: 'Choose another demo', exact: true });
  if (!(await list.isVisible()) && (await another.isVisible())) await another.click();
  await present(list, `${where}: no "Demo list" in the Demos panel`);
  const demo = list.getByRole('button', { name: title, exact: true });
  if ((await demo.count()) === 0) {
    const offered = await list.getByRole('button').allTextContents();
    throw new ActionError(`${where}: the Demo list has no demo "${title}"; it lists ${offered.map((t) => JSON.stringify(t)).join(', ')}`);
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
  await present(demo, `${where}: the Demos panel shows no demo "${title}"`, timeout);
  const progress = demo.getByRole('status', { name: 'Demo progress', exact: true });
  await present(progress, `${where}: no status "Demo progress" in the demo`);
  const said = async () => (await progress.textContent()) ?? '';

  // A demo already part-run (picked again) starts over, so every step runs here.
  if (!/none run yet/.test(await said())) {
    await demo.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(progress, `${where}: Reset did not bring the demo back to its first step`).toContainText('none run yet', { timeout });
  }
  const steps = Number(/^(\d+) steps?, none run yet/.exec(await said())?.[1] ?? NaN);
  if (!Number.isInteger(steps)) throw new ActionError(`${where}: the demo's progress ${JSON.stringify(await said())} does not count its steps`);

  const runNext = demo.getByRole('button', { name: 'Run next step', exact: true });
  await present(runNext, `${where}: no button "Run next step" in the demo`);
  for (let i = 0; i < steps; i++) {
    await runNext.click();
    const ran = i + 1 === steps ? /^All \d+ steps? ran/ : new RegExp(`^Ran ${i + 1} of ${steps} steps`);
    try {
      await expect(progress).toHaveText(ran, { timeout });
    } catch {
      throw new ActionError(`${where}: step ${i} did not finish within ${timeout} ms; the demo says ${JSON.stringify(await said())}`);
    }
  }
  const final = await said();
  const counts = /(\d+) expectations? held, (\d+) failed/.exec(final);
  return { title, steps, held: Number(counts?.[1] ?? 0), failed: Number(counts?.[2] ?? 0), progress: final };
}
