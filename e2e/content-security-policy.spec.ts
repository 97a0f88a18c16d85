// The page under its strict Content-Security-Policy (no inline styles, connect-src 'self' alone):
// it loads, its stylesheet and React's style props apply, its WebSocket connects, and the browser
// reports no violation, not even when it checks a scenario file opened from disk.
import { writeFileSync } from 'node:fs';
import { test, expect } from './fixture';
import { runCall, socketItem } from './helpers';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

test('the page works under its CSP: styles apply, the WebSocket connects, nothing is refused', async ({ workbench: page, workbenchMode }, testInfo) => {
  test.skip(workbenchMode !== 'web', 'the web host serves the policy over HTTP; the Electron checklist test covers app://');
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  // Collected by the browser itself, before any of the page's own code runs.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window.cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // Reloaded so the listeners see the whole load; the session, and its WebSocket, come back.
  const response = await page.reload();
  const policy = (await response!.headerValue('content-security-policy')) ?? '';
  expect(policy).toContain("style-src 'self';");
  expect(policy).toContain("connect-src 'self';");
  expect(policy).not.toMatch(/unsafe-inline|ws:/);

  // A call goes over the WebSocket and its socket shows up: the connection is allowed.
  await runCall(page, 'BIO_socket', { 'Name (as)': 's' }, { expectC: 's = BIO_socket(' });
  await expect(socketItem(page, 's')).toBeVisible();

  // The stylesheet applies (flex layout), and so do React's style props (the virtual list's rows).
  const composerButtons = page.getByRole('group', { name: 'Call', exact: true });
  await expect(composerButtons).toHaveCSS('display', 'flex');
  const row = page.getByRole('log', { name: 'Call log' }).locator('div[style*="translateY"]').first();
  await expect(row).toHaveCSS('position', 'absolute');
  await expect(row).not.toHaveCSS('transform', 'none');

  // A scenario file is checked in the page by the contract's schemas, which must not need eval.
  const lesson = testInfo.outputPath('lesson.json');
  writeFileSync(lesson, JSON.stringify({ title: 'Checked in the page', steps: [{ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM', expect: { ret: 'fd' } }] }));
  expect(await page.runScenario(lesson)).toMatchObject({ steps: 1, held: 1, failed: 0 });

  expect(await page.evaluate(() => window.cspViolations ?? [])).toEqual([]);
  expect(refused).toEqual([]);
});
