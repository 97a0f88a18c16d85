// A shipped demo stepped through in the window against the real engine: its calls are the
// session's own, so the error stack and Call log follow each step; Reset closes what it left open.
import { test, expect } from './fixture';
import { errorStack, screenshot, socketItem } from './helpers';

const REFUSED_CONNECT = 'A refused connect: two entries on the OpenSSL error queue';

test('the refused-connect demo, step by step, then Reset and run again', async ({ workbench: page }, testInfo) => {
  await page.getByRole('button', { name: 'Demos', exact: true }).click();
  const demos = page.getByRole('region', { name: 'Demos' });
  await demos.getByRole('button', { name: REFUSED_CONNECT }).click();
  await expect(demos.getByRole('heading', { name: REFUSED_CONNECT })).toBeFocused();

  const steps = demos.getByRole('list', { name: 'Steps' });
  const step = (i: number) => steps.getByRole('listitem', { name: `Step ${i}`, exact: true });
  const runNext = demos.getByRole('button', { name: 'Run next step' });
  await expect(step(0)).toHaveAttribute('aria-current', 'step');
  await expect(step(2)).toContainText('the port is now free again, and nobody listens on it');

  for (let i = 0; i < 5; i++) {
    await runNext.click();
    await expect(step(i + 1)).toHaveAttribute('aria-current', 'step');
  }
  await expect(step(0)).toContainText('✓ Expectation held');
  await expect(step(1)).toContainText('✓ Expectation held');
  await expect(step(4)).toContainText(/ret 0, errno ECONNREFUSED, 2 error-queue entries/);
  await expect(step(4)).toContainText('✓ Expectation held');
  await expect(step(4)).toContainText(/addr 127\.0\.0\.1:\d+ \(from 127\.0\.0\.1:\{l\.port\}\)/);
  await expect(demos.getByRole('status', { name: 'Demo progress' })).toHaveText('Ran 5 of 6 steps: 3 expectations held, 0 failed. Step 5 is next.');

  // The demo's connect is the session's latest call: both queue entries, in order.
  const stack = errorStack(page);
  await expect(stack).toContainText('ECONNREFUSED');
  const entries = stack.getByRole('list', { name: 'Error queue entries' }).getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('error:8000006F:system library::Connection refused');
  await expect(entries.nth(1)).toContainText('error:10000067:BIO routines::connect error');
  await expect(page.getByRole('log', { name: 'Call log' }).getByRole('button', { name: /BIO_connect\(c, addr, 0\) = 0 ECONNREFUSED/ })).toBeVisible();
  await expect(socketItem(page, 'c')).toBeVisible();
  await screenshot(page, 'demo', testInfo.project.name);

  // Reset mid-demo: c is still open, so it is closed by name and the demo can run again.
  await demos.getByRole('button', { name: 'Reset' }).click();
  await expect(demos.getByRole('status', { name: 'Reset result' })).toHaveText(new RegExp(`^Reset "${REFUSED_CONNECT}": closed c \\(fd \\d+\\)\\.$`));
  await expect(socketItem(page, 'c')).toHaveCount(0);
  await expect(step(0)).toHaveAttribute('aria-current', 'step');
  await expect(step(4)).not.toContainText('Expectation');

  await demos.getByRole('button', { name: 'Run all' }).click();
  await expect(demos.getByRole('status', { name: 'Demo progress' })).toHaveText('All 6 steps ran: 4 expectations held, 0 failed.');
  await expect(step(5)).toContainText('✓ Expectation held');
  await expect(page.getByRole('list', { name: 'Sockets' }).getByRole('listitem')).toHaveCount(0);
});
