// What a test does in the window, in the workbench's words: make a call through the Composer,
// read the latest call's record, step a scenario or lesson through the Lessons panel. Every control is found
// by its role and accessible name, so these keep working when the layout changes; a control that
// is not there is named in the error.
import { expect, type Locator, type Page } from '@playwright/test';
import type { CallRecord } from '../shared/record';
import { runScenarioInWindow, type ScenarioRunSummary, type ScenarioSource } from './scenario-action';
import { ActionError, present } from './found';

/** A call's fields, named as in a scenario step; values as the Composer's fields take them. */
export interface CallFields {
  /** Name for the socket the call creates (BIO_socket, BIO_accept_ex, BIO_accept, BIO_get_accept_socket). */
  as?: string;
  /** The socket to act on: a name given by an earlier `as`, or an fd. */
  sock?: string | number;
  /** AF_INET, AF_INET6 or AF_UNIX. */
  domain?: string;
  /** SOCK_STREAM or SOCK_DGRAM. */
  socktype?: string;
  /** 0, IPPROTO_TCP or IPPROTO_UDP. */
  protocol?: string | number;
  /** host:service, [v6]:service or unix:/path. */
  addr?: string;
  /** BIO_SOCK_* flag names: exactly these are ticked, every other flag is cleared. */
  options?: readonly string[];
  timeoutMs?: number | string;
  /** Text for BIO_write. */
  data?: string;
  /** Bytes for BIO_read. */
  max?: number | string;
  lookupType?: string;
  family?: string;
  hostPort?: string;
  mode?: string;
  service?: string;
  /** A host name: BIO_get_host_ip's, or SSL_new's to send as SNI and check the certificate against. */
  host?: string;
  /** The BIO to act on (a name given by BIO_new_connect, BIO_new_accept or BIO_pop); for SSL_new, the BIO it runs over. */
  bio?: string;
  /** The TLS connection (SSL object) to act on, named by SSL_new. */
  ssl?: string;
  /** The TLS context, named by SSL_CTX_new. */
  ctx?: string;
  /** BIO_set_conn_hostname's or BIO_set_accept_name's name. */
  name?: string;
  /** BIO_set_conn_port's or BIO_set_accept_port's port. */
  port?: string | number;
  /** BIO_set_nbio / BIO_set_nbio_accept: true is nonblocking. */
  on?: boolean;
  /** BIO_do_connect_retry's timeout in seconds. */
  timeout?: number | string;
  napMs?: number | string;
  /** TLS_client_method or TLS_server_method. */
  method?: string;
  /** SSL_VERIFY_NONE or SSL_VERIFY_PEER. */
  verify?: string;
  /** "demo" for the demonstration pair shipped with the workbench (a page may name only that). */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** TLS1_VERSION ... TLS1_3_VERSION. */
  minVersion?: string;
  maxVersion?: string;
  /** ALPN protocol names. */
  alpn?: readonly string[] | string;
}

export interface CallOptions {
  /** Wait until the call's record is in the Call log (default); false for a call that blocks. */
  wait?: boolean;
  /** How long to wait for the record, and for each control to be found (default 15 s). */
  timeout?: number;
}

export interface WorkbenchActions {
  /** Fills the Composer for `call` (a button in it, e.g. 'BIO_connect') with `fields` and presses Run. */
  call(call: string, fields?: CallFields, options?: CallOptions): Promise<void>;
  /** The latest call's record, as the window shows it in the Call log: ret, errno, error queue, socket snapshot. */
  lastRecord(options?: { timeout?: number }): Promise<CallRecord>;
  /** Opens a scenario file (or a lesson or scenario the host ships, by title) in the Lessons panel and runs it step by step. */
  runScenario(source: ScenarioSource, options?: { timeout?: number }): Promise<ScenarioRunSummary>;
}

/** The page the fixture hands a test: a Playwright Page with the workbench's actions on it. */
export type WorkbenchPage = Page & WorkbenchActions;

const DEFAULT_TIMEOUT = 15_000;

/** Fields set otherwise than by a label's text field or select. */
type SpecialField = 'options' | 'on' | 'alpn';

/** The Composer's label for each field, and whether it is a select. */
const FIELD_CONTROLS: Record<Exclude<keyof CallFields, SpecialField>, { label: string; select?: true }> = {
  as: { label: 'Name (as)' },
  sock: { label: 'Socket' },
  domain: { label: 'Domain', select: true },
  socktype: { label: 'Type', select: true },
  protocol: { label: 'Protocol', select: true },
  addr: { label: 'Address' },
  timeoutMs: { label: 'Timeout (ms)' },
  data: { label: 'Data' },
  max: { label: 'Max bytes' },
  lookupType: { label: 'Lookup type', select: true },
  family: { label: 'Family', select: true },
  hostPort: { label: 'host:port' },
  mode: { label: 'Mode', select: true },
  service: { label: 'Service' },
  host: { label: 'Host' },
  bio: { label: 'BIO' },
  ssl: { label: 'TLS connection (ssl)' },
  ctx: { label: 'TLS context (ctx)' },
  name: { label: 'Name (host or host:port)' },
  port: { label: 'Port' },
  timeout: { label: 'Timeout (s)' },
  napMs: { label: 'Nap (ms)' },
  method: { label: 'Method', select: true },
  verify: { label: 'Verify', select: true },
  caFile: { label: 'CA file' },
  certFile: { label: 'Certificate file' },
  keyFile: { label: 'Key file' },
  minVersion: { label: 'Minimum version', select: true },
  maxVersion: { label: 'Maximum version', select: true },
};

/** The group of buttons choosing which calls the Composer shows: "Socket calls" or "BIO and TLS calls". */
const CALL_SETS = 'Call sets';

const FLAGS_GROUP = 'Options (BIO_SOCK_* flags)';

/** The number of entries the Call log's heading counts ("Call log 1,234"). */
async function logCount(page: Page, where: string, timeout: number): Promise<number> {
  const heading = page.getByRole('heading', { name: /^Call log\b/ });
  await present(heading, `${where}: no heading "Call log" (is the Call log shown?)`, timeout);
  const text = (await heading.textContent()) ?? '';
  const m = /([\d,]+)\s*$/.exec(text);
  if (!m) throw new ActionError(`${where}: the Call log heading ${JSON.stringify(text)} shows no count`);
  return Number(m[1].replace(/,/g, ''));
}

async function fillField(composer: Locator, where: string, call: string, key: keyof typeof FIELD_CONTROLS, value: string | number, timeout: number): Promise<void> {
  const control = FIELD_CONTROLS[key];
  if (!control) throw new ActionError(`${where}: unknown field "${String(key)}"; the Composer's fields are ${[...Object.keys(FIELD_CONTROLS), 'options', 'on', 'alpn'].join(', ')}`);
  const text = String(value);
  if (control.select) {
    const select = composer.getByRole('combobox', { name: control.label, exact: true });
    await present(select, `${where}: the Composer shows no "${control.label}" select (${key}) for ${call}`, timeout);
    try {
      await select.selectOption(text, { timeout });
    } catch {
      const offered = await select.locator('option').allTextContents();
      throw new ActionError(`${where}: "${control.label}" (${key}) offers no ${JSON.stringify(text)}; it offers ${offered.join(', ')}`);
    }
    return;
  }
  // A text field, whether a plain textbox or one with suggestions (a combobox).
  const field = composer.getByRole('textbox', { name: control.label, exact: true }).or(composer.getByRole('combobox', { name: control.label, exact: true }));
  await present(field, `${where}: the Composer shows no "${control.label}" field (${key}) for ${call}`, timeout);
  await field.fill(text, { timeout });
}

/** Ticks exactly `wanted` among the Composer's flag checkboxes. */
async function setFlags(composer: Locator, where: string, call: string, wanted: readonly string[] | undefined, timeout: number): Promise<void> {
  const group = composer.getByRole('group', { name: FLAGS_GROUP, exact: true });
  if (!(await group.isVisible())) {
    if (wanted?.length) throw new ActionError(`${where}: the Composer shows no "${FLAGS_GROUP}" for ${call}, so options cannot be given`);
    return;
  }
  const want = new Set(wanted ?? []);
  for (const name of want) {
    const box = group.getByRole('checkbox', { name, exact: true });
    await present(box, `${where}: no "${name}" checkbox in "${FLAGS_GROUP}"`, timeout);
    if (await box.isDisabled()) throw new ActionError(`${where}: the "${name}" checkbox is disabled (${await describedBy(box)})`);
    await box.check({ timeout });
  }
  // The ticked boxes, by name, from the accessibility tree.
  const ticked = [...(await group.ariaSnapshot({ timeout })).matchAll(/checkbox "([^"]+)" \[checked\]/g)].map((m) => m[1]);
  for (const name of ticked.filter((n) => !want.has(n))) await group.getByRole('checkbox', { name, exact: true }).uncheck({ timeout });
}

/** What describes a control (why a flag is disabled), as its aria-describedby names it. */
function describedBy(el: Locator): Promise<string> {
  return el.evaluate((node) =>
    (node.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .filter(Boolean)
      .join('; '),
  );
}

/** Presses the call's button, showing its set of calls first (the socket calls, or the BIO and TLS calls). */
async function chooseCall(composer: Locator, where: string, name: string, timeout: number): Promise<void> {
  const button = composer.getByRole('button', { name, exact: true }).or(composer.getByRole('button', { name: `${name} deprecated`, exact: true }));
  // The Composer shows one set of calls at a time: the other set's button shows the rest.
  if (!(await button.first().isVisible())) {
    const other = composer.getByRole('group', { name: CALL_SETS, exact: true }).getByRole('button', { pressed: false });
    if (await other.first().isVisible()) await other.first().click({ timeout });
  }
  await present(button, `${where}: the Composer has no button "${name}"`, timeout);
  await button.click({ timeout });
}

/** The fields that are no text field or select: SSL_new's "Over", the nonblocking switch, ALPN's list. */
async function fillSpecial(composer: Locator, where: string, name: string, fields: CallFields, timeout: number): Promise<void> {
  if (name === 'SSL_new' && (fields.bio !== undefined || fields.sock !== undefined)) {
    const over = composer.getByRole('combobox', { name: 'Over', exact: true });
    await present(over, `${where}: the Composer shows no "Over" select for SSL_new`, timeout);
    await over.selectOption(fields.bio !== undefined ? 'bio' : 'sock', { timeout });
  }
  if (fields.on !== undefined) {
    const box = composer.getByRole('checkbox', { name: 'Nonblocking (on)', exact: true });
    await present(box, `${where}: the Composer shows no "Nonblocking (on)" checkbox (on) for ${name}`, timeout);
    await box.setChecked(fields.on, { timeout });
  }
}

async function fillFields(composer: Locator, where: string, name: string, fields: CallFields, timeout: number): Promise<void> {
  await fillSpecial(composer, where, name, fields, timeout);
  // The method first: choosing a server's fills the certificate and key the fields may then override.
  const entries = Object.entries({ ...fields, alpn: Array.isArray(fields.alpn) ? fields.alpn.join(', ') : fields.alpn }).sort(([a], [b]) => Number(b === 'method') - Number(a === 'method'));
  for (const [key, value] of entries) {
    if (key === 'options' || key === 'on' || value === undefined) continue;
    if (key === 'alpn') await fillAlpn(composer, where, name, String(value), timeout);
    else await fillField(composer, where, name, key as keyof typeof FIELD_CONTROLS, value as string | number, timeout);
  }
  await setFlags(composer, where, name, fields.options, timeout);
}

async function fillAlpn(composer: Locator, where: string, name: string, value: string, timeout: number): Promise<void> {
  const field = composer.getByRole('textbox', { name: 'ALPN', exact: true });
  await present(field, `${where}: the Composer shows no "ALPN" field (alpn) for ${name}`, timeout);
  await field.fill(value, { timeout });
}

async function call(page: Page, name: string, fields: CallFields, options: CallOptions): Promise<void> {
  const where = `call('${name}')`;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const composer = page.getByRole('region', { name: 'Composer', exact: true });
  await present(composer, `${where}: no region named "Composer" in the window`, timeout);
  await chooseCall(composer, where, name, timeout);
  await fillFields(composer, where, name, fields, timeout);

  const refused = page.getByRole('alert', { name: 'Request refused', exact: true });
  // An earlier refusal still shown would read as this call's.
  if (await refused.isVisible()) await refused.getByRole('button', { name: 'Dismiss', exact: true }).click({ timeout });
  const before = await logCount(page, where, timeout);
  const run = composer.getByRole('button', { name: 'Run', exact: true });
  await present(run, `${where}: the Composer has no "Run" button`, timeout);
  await run.click({ timeout });
  if (options.wait === false) return;

  const settled = async () => ((await refused.isVisible()) ? 'refused' : (await logCount(page, where, timeout)) > before ? 'logged' : 'pending');
  try {
    await expect.poll(settled, { timeout }).not.toBe('pending');
  } catch {
    throw new ActionError(`${where}: no record reached the Call log within ${timeout} ms; a call that blocks still waits (see Waiting calls): pass { wait: false } for it`);
  }
  // Refused by the host (a field it would not take): nothing ran, and the banner says why.
  if (await refused.isVisible()) throw new ActionError(`${where}: ${((await refused.textContent()) ?? '').replace(/\s*Dismiss$/, '')}`);
}

async function lastRecord(page: Page, options: { timeout?: number }): Promise<CallRecord> {
  const where = 'lastRecord()';
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const total = await logCount(page, where, timeout);
  if (total === 0) throw new ActionError(`${where}: the Call log has no entry yet`);
  const log = page.getByRole('log', { name: 'Call log', exact: true });
  await present(log, `${where}: no log named "Call log" in the window`, timeout);
  // End selects the newest entry, wherever the log is scrolled.
  await log.press('End', { timeout });
  const details = page.getByRole('region', { name: 'Call record', exact: true });
  await present(details, `${where}: selecting the newest entry showed no region "Call record"`, timeout);
  // The newest entry, or one newer still if a call ended meanwhile: never an older one still shown.
  const shown = async () => Number(/^Entry #(\d+)/.exec((await details.getByRole('heading').first().textContent()) ?? '')?.[1] ?? -1);
  try {
    await expect.poll(shown, { timeout }).toBeGreaterThanOrEqual(total - 1);
  } catch {
    throw new ActionError(`${where}: the Call record shows entry #${await shown()}, not the newest (#${total - 1})`);
  }
  const toggle = details.getByRole('button', { name: 'Full record (JSON)', exact: true });
  await present(toggle, `${where}: no button "Full record (JSON)" in the Call record`, timeout);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click({ timeout });
  const json = details.getByRole('region', { name: 'Full record (JSON)', exact: true });
  await present(json, `${where}: no region "Full record (JSON)" in the Call record`, timeout);
  return JSON.parse((await json.textContent()) ?? '') as CallRecord;
}

/** The actions for a page showing the workbench (the fixture does this for `workbench`). */
export function workbenchActions(page: Page): WorkbenchActions {
  return {
    call: (name, fields = {}, options = {}) => call(page, name, fields, options),
    lastRecord: (options = {}) => lastRecord(page, options),
    runScenario: (source, options = {}) => runScenarioInWindow(page, source, options.timeout ?? DEFAULT_TIMEOUT),
  };
}

/** The page itself with the actions on it, so `workbench.getByRole(...)` and `workbench.call(...)` both work. */
export function withWorkbenchActions(page: Page): WorkbenchPage {
  return Object.assign(page, workbenchActions(page));
}
