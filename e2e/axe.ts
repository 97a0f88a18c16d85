// axe-core over the whole window (WCAG 2.x A and AA), in one theme or both, as a person switches
// them: every violation is listed in the failure, and the checks are soft so one run reports
// every view.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixture';

const WCAG_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export type Theme = 'light' | 'dark';

/** One line per violation: rule, impact, every element it hit and axe's summary of why. */
function describeViolations(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n  target: ${n.target.join(' ')}\n  ${(n.failureSummary ?? '').replace(/\n/g, '\n  ')}`),
  );
}

/** Runs axe on the whole window; the violations, if any, are the failure message. */
export async function expectNoViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(WCAG_A_AA)
    // WCAG 2.5.3 (label in name): experimental in axe, so asked for by name.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const lines = describeViolations(results.violations);
  expect.soft(lines.length, `axe violations in ${where}:\n${lines.join('\n')}\n`).toBe(0);
}

/** Switches the theme with the header's button, as a person does, and waits until the page uses it. */
export async function useTheme(page: Page, theme: Theme): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  if ((await toggle.getAttribute('aria-pressed')) !== String(theme === 'dark')) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', String(theme === 'dark'));
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

export async function expectNoViolationsInBothThemes(page: Page, where: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await useTheme(page, theme);
    await expectNoViolations(page, `${where}, ${theme} theme`);
  }
}
