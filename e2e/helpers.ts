// Steps a person takes in the window, found by role and accessible name only.
import { expect, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { PROJECT_ROOT } from './fixture';

const SELECTS = new Set(['Domain', 'Type', 'Protocol', 'Lookup type', 'Family', 'Mode']);

export const composer = (page: Page) => page.getByRole('region', { name: 'Composer' });
export const dataPane = (page: Page) => page.getByRole('region', { name: 'Data' });
export const errorStack = (page: Page) => page.getByRole('region', { name: 'OpenSSL error stack' });
export const socketItem = (page: Page, name: string) => page.getByRole('list', { name: 'Sockets' }).getByRole('listitem', { name: `Socket ${name}`, exact: true });

/** A text field, whether it is a plain textbox or one with suggestions (a combobox). */
function field(scope: Locator, name: string): Locator {
  return scope.getByRole('textbox', { name, exact: true }).or(scope.getByRole('combobox', { name, exact: true }));
}

export interface RunOptions {
  flags?: string[];
  /** Wait until this page's last result names this C expression (omit for calls that block). */
  expectC?: string;
}

/** Picks a call in the composer, fills its fields by label, ticks flags and presses Run. */
export async function runCall(page: Page, call: string, fields: Record<string, string>, opts: RunOptions = {}): Promise<void> {
  const c = composer(page);
  const button = c.getByRole('button', { name: call, exact: true });
  // One set of calls shows at a time: the other set's button shows the rest.
  if (!(await button.isVisible())) await c.getByRole('group', { name: 'Call sets' }).getByRole('button', { pressed: false }).click();
  await button.click();
  for (const [name, value] of Object.entries(fields)) {
    if (SELECTS.has(name)) await c.getByRole('combobox', { name, exact: true }).selectOption(value);
    else await field(c, name).fill(value);
  }
  for (const flag of opts.flags ?? []) await c.getByRole('checkbox', { name: flag, exact: true }).check();
  await c.getByRole('button', { name: 'Run', exact: true }).click();
  if (opts.expectC) await expect(c.getByRole('status', { name: 'Last result' })).toContainText(opts.expectC);
  for (const flag of opts.flags ?? []) await c.getByRole('checkbox', { name: flag, exact: true }).uncheck();
}

/** The port a socket is bound to, read from its local address in the sockets list once it shows one. */
export async function boundPort(page: Page, name: string): Promise<number> {
  // A periodic sockets refresh sent before the call can land after it and show the old address for a moment.
  await expect(socketItem(page, name)).toContainText(/127\.0\.0\.1:[1-9]\d*/);
  const text = (await socketItem(page, name).textContent()) ?? '';
  const m = /127\.0\.0\.1:(\d+)/.exec(text);
  if (!m || m[1] === '0') throw new Error(`socket ${name} has no bound port in ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** BIO_socket + BIO_listen on 127.0.0.1:0; returns the port the kernel picked. */
export async function listener(page: Page, name: string, flags: string[] = ['BIO_SOCK_REUSEADDR']): Promise<number> {
  await runCall(page, 'BIO_socket', { 'Name (as)': name }, { expectC: `${name} = BIO_socket(` });
  await runCall(page, 'BIO_listen', { Socket: name, Address: '127.0.0.1:0' }, { flags, expectC: `BIO_listen(${name}, addr` });
  await expect(socketItem(page, name)).toContainText('LISTEN');
  return boundPort(page, name);
}

export async function sendText(page: Page, sock: string, text: string): Promise<void> {
  const d = dataPane(page);
  await field(d, 'Socket').fill(sock);
  await d.getByRole('radio', { name: 'Text' }).check();
  await d.getByRole('textbox', { name: 'Data to send' }).fill(text);
  await d.getByRole('button', { name: 'Send', exact: true }).click();
}

export async function sendHex(page: Page, sock: string, hex: string): Promise<void> {
  const d = dataPane(page);
  await field(d, 'Socket').fill(sock);
  await d.getByRole('radio', { name: 'Hex' }).check();
  await d.getByRole('textbox', { name: 'Data to send' }).fill(hex);
  await d.getByRole('button', { name: 'Send', exact: true }).click();
}

export async function readOn(page: Page, sock: string): Promise<void> {
  const d = dataPane(page);
  await field(d, 'Socket').fill(sock);
  await d.getByRole('button', { name: 'Read', exact: true }).click();
}

/** Screenshots for the README, from the web project only (one browser, one look). */
/** README screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean. */
export async function screenshot(page: Page, name: string, projectName: string): Promise<void> {
  if (projectName !== 'web-chromium') return;
  await page.evaluate(() => window.scrollTo(0, 0));
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? join(PROJECT_ROOT, 'docs', 'screenshots') : join(PROJECT_ROOT, 'test-results', 'screenshots');
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
