// Compare in the window, against a web host that allows OpenSSL 3.5 (--allow-libcrypto PATH=NODE):
// the TFO demo differs exactly at the applied TCP_FASTOPEN, a demo without TFO agrees, a library
// the host does not allow is refused naming the field, the person's own sockets are never
// touched, and the panel with its two columns passes axe in both themes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { userland35, type Userland35 } from '../src/main/testing/openssl35';
import { expectNoViolationsInBothThemes } from './axe';
import { PROJECT_ROOT, test as base, expect, waitForWorkbench } from './fixture';
import { runCall, socketItem } from './helpers';

const TFO_DEMO = 'BIO_SOCK_TFO on a listener: what the loaded libcrypto makes of it';
const TCP_DEMO = "A TCP exchange through socket BIOs, and the peer's close";

interface AllowingHost {
  url: string;
  libcrypto: string;
}

/** A web host started with --allow-libcrypto for OpenSSL 3.5, or why there is none. */
async function startAllowingHost(u35: Userland35, dataDir: string): Promise<{ host: AllowingHost; child: ChildProcess }> {
  const entry = join(PROJECT_ROOT, 'out', 'main', 'web.js');
  if (!existsSync(entry)) throw new Error('the web host is not built (out/main/web.js is missing): run npm run build');
  const child = spawn(process.execPath, [entry, '--port', '0', '--allow-libcrypto', `${u35.libcrypto}=${u35.node}`], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, BIO_WORKBENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within 20 s: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the web host exited (code ${code}): ${stderr}`)));
  });
  return { host: { url, libcrypto: u35.libcrypto }, child };
}

const test = base.extend<{ allowingHost: AllowingHost | { why: string } }>({
  allowingHost: async ({ workbenchDataDir, workbenchMode }, use) => {
    if (workbenchMode !== 'web') return use({ why: 'the allow list is the web host\'s; the desktop app allows any path' });
    const u35 = userland35();
    if ('why' in u35) {
      console.log(`[compare] skipped: the OpenSSL 3.5 userland is unavailable: ${u35.why}`);
      return use(u35);
    }
    const { host, child } = await startAllowingHost(u35, workbenchDataDir);
    try {
      await use(host);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  },
});

async function runComparison(page: Page, demo: string): Promise<void> {
  const compare = page.getByRole('region', { name: 'Compare' });
  await compare.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: demo });
  await compare.getByRole('button', { name: 'Run on both' }).click();
  await expect(compare.getByRole('status', { name: 'Compare progress' })).toHaveText(/^(They differ|The two builds agree)/, { timeout: 60_000 });
}

test('Compare runs a shipped scenario on the host\'s libcrypto and OpenSSL 3.5 and marks where they differ', async ({ allowingHost, workbenchBrowser }, testInfo) => {
  test.skip('why' in allowingHost, 'why' in allowingHost ? allowingHost.why : '');
  test.setTimeout(180_000);
  const host = allowingHost as AllowingHost;
  const context = await (await workbenchBrowser()).newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await waitForWorkbench(page);
    // A socket of the person's own: Compare never touches it.
    await runCall(page, 'BIO_socket', { 'Name (as)': 'mine' }, { expectC: 'mine = BIO_socket(' });

    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const compare = page.getByRole('region', { name: 'Compare' });
    await expect(compare.getByRole('combobox', { name: 'libcrypto to compare with' })).toHaveValue(host.libcrypto);
    await expect(compare).toContainText(`This host allows: ${host.libcrypto}.`);

    await runComparison(page, TFO_DEMO);
    await expect(compare.getByRole('status', { name: 'Compare progress' })).toHaveText('They differ at 1 of 3 steps: step 2.');
    const table = compare.getByRole('table', { name: 'Side by side' });
    await expect(table.getByRole('columnheader', { name: /^A: OpenSSL 3\.0/ })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: /^B: OpenSSL 3\.5/ })).toContainText(host.libcrypto);
    const rows = table.getByRole('row');
    await expect(rows.nth(2)).toContainText('#2 BIO_listen(l, addr, BIO_SOCK_REUSEADDR | BIO_SOCK_TFO) differs');
    await expect(rows.nth(2).locator('mark')).toHaveText(['applied.TCP_FASTOPEN 0', /^applied\.TCP_FASTOPEN [1-9]\d*$/]);
    for (const i of [1, 3]) await expect(rows.nth(i).locator('mark')).toHaveCount(0);
    if (testInfo.project.name === 'web-chromium') await page.screenshot({ path: testInfo.outputPath('compare.png') });
    await expectNoViolationsInBothThemes(page, 'Compare with two runs side by side');

    await runComparison(page, TCP_DEMO);
    await expect(compare.getByRole('status', { name: 'Compare progress' })).toHaveText('The two builds agree on all 13 steps.');
    await expect(table.locator('mark')).toHaveCount(0);

    await compare.getByRole('combobox', { name: 'libcrypto to compare with' }).fill('/nonexistent/libcrypto.so.3');
    await compare.getByRole('button', { name: 'Run on both' }).click();
    const refused = compare.getByRole('alert', { name: 'Compare error' });
    await expect(refused).toContainText('in field libcrypto');
    await expect(refused).toContainText('is not a library this host lets a page load');

    // The person's socket is still the only one, and no comparison call reached their log.
    await expect(page.getByRole('list', { name: 'Sockets' }).getByRole('listitem')).toHaveCount(1);
    await expect(socketItem(page, 'mine')).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Call log/ })).toHaveText(/Call log\s*1$/);
  } finally {
    await context.close();
  }
});
