// Hand-offs from the window, by accessible names: a socket row's Copy buttons put its commands and
// capture filters on the clipboard (read back), the copied socat command really connects to the
// workbench's listener; the call log is searched, and exported as JSON lines and as a lesson.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkScenario } from '../src/shared/scenario-check';
import { test, expect } from './fixture';
import { dataPane, listener, readOn, runCall, socketItem } from './helpers';

test('Copy buttons on socket rows copy commands and capture filters, and the copied command connects', async ({ workbench: page, workbenchMode }) => {
  test.skip(workbenchMode !== 'web', 'the clipboard is read back through the browser\'s permission');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const port = await listener(page, 'srv');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'cli' }, { expectC: 'cli = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'cli', Address: `127.0.0.1:${port}` }, { flags: ['BIO_SOCK_NODELAY'], expectC: 'BIO_connect(cli, addr, BIO_SOCK_NODELAY)' });
  await expect(socketItem(page, 'cli')).toContainText('ESTABLISHED');
  await socketItem(page, 'srv').getByRole('button', { name: 'Accept on srv' }).click();
  await expect(socketItem(page, 'a1')).toContainText('ESTABLISHED');
  const copied = page.getByRole('region', { name: 'Copied text' });

  await socketItem(page, 'srv').getByRole('button', { name: 'Copy as command' }).click();
  await expect(copied.getByRole('status')).toHaveText('Copied to the clipboard: socat, ncat and openssl commands for srv');
  await expect(copied).toContainText(`socat TCP4-LISTEN:${port},bind=127.0.0.1,reuseaddr STDIO`);
  expect(await clipboard()).toContain(`ncat -4 -l -- 127.0.0.1 ${port}\n`);

  const cliPort = Number(/127\.0\.0\.1:(\d+)/.exec((await socketItem(page, 'cli').textContent()) ?? '')?.[1]);
  await socketItem(page, 'cli').getByRole('button', { name: 'Copy Wireshark filter' }).click();
  await expect(copied.getByRole('status')).toHaveText('Copied to the clipboard: Wireshark display filter for cli');
  expect(await clipboard()).toBe(
    `(ip.src == 127.0.0.1 && tcp.srcport == ${cliPort} && ip.dst == 127.0.0.1 && tcp.dstport == ${port}) || (ip.src == 127.0.0.1 && tcp.srcport == ${port} && ip.dst == 127.0.0.1 && tcp.dstport == ${cliPort})`,
  );
  await socketItem(page, 'cli').getByRole('button', { name: 'Copy tcpdump command' }).click();
  await expect(copied.getByRole('status')).toHaveText('Copied to the clipboard: tcpdump command for cli');
  expect(await clipboard()).toMatch(new RegExp(`^tcpdump -i lo -n 'tcp and \\(\\(src host 127\\.0\\.0\\.1 and src port ${cliPort} and dst host 127\\.0\\.0\\.1 and dst port ${port}\\) or `));

  // cli's command, as copied, is a second client of srv: the workbench accepts it and reads what it sent.
  await socketItem(page, 'cli').getByRole('button', { name: 'Copy as command' }).click();
  await expect(copied).toContainText('socat STDIO');
  const socatLine = (await clipboard()).split('\n').find((l) => l.startsWith('socat '))!;
  expect(socatLine).toBe(`socat STDIO TCP4:127.0.0.1:${port},nodelay`);
  const peer = spawn('bash', ['-c', `exec ${socatLine}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    peer.stdin.write('hello from the copied command\n');
    await socketItem(page, 'srv').getByRole('button', { name: 'Accept on srv' }).click();
    await expect(socketItem(page, 'a2')).toContainText('ESTABLISHED');
    await readOn(page, 'a2');
    await expect(dataPane(page).getByRole('status', { name: 'Received text' })).toHaveText('hello from the copied command');
  } finally {
    peer.kill('SIGKILL');
  }
});

test('the call log is searched by errno, and exported as JSON lines and as a lesson that is a valid scenario', async ({ workbench: page }) => {
  // A refused connect to a port bound by nobody listening: one entry with ECONNREFUSED.
  await runCall(page, 'BIO_socket', { 'Name (as)': 'b' }, { expectC: 'b = BIO_socket(' });
  await runCall(page, 'BIO_bind', { Socket: 'b', Address: '127.0.0.1:0' }, { expectC: 'BIO_bind(b, addr' });
  // Read at once: the row shows the bind by the time its result does (the answer waits behind the socket event).
  const port = Number(/127\.0\.0\.1:(\d+)/.exec((await socketItem(page, 'b').textContent()) ?? '')?.[1]);
  expect(port).toBeGreaterThan(0);
  await runCall(page, 'BIO_socket', { 'Name (as)': 'r' }, { expectC: 'r = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'r', Address: `127.0.0.1:${port}` }, { expectC: 'BIO_connect(r, addr, 0) → ret 0 (ECONNREFUSED)' });

  const search = page.getByRole('searchbox', { name: 'Search the call log' });
  await search.fill('errno:ECONNREFUSED');
  await search.press('Enter');
  await expect(page.getByRole('status', { name: 'Search status' })).toHaveText('1 match in the whole log (4 entries).');
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: '#3 BIO_connect(r, addr, 0) = 0 ECONNREFUSED' }).click();
  await expect(page.getByRole('region', { name: 'Call record' })).toContainText('ECONNREFUSED (111): Connection refused');
  await search.fill(`addr:127.0.0.1:${port} call:BIO_bind`);
  await search.press('Enter');
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('button')).toHaveText([/^#1 BIO_bind\(b, addr, 0\) = 1$/]);

  const exports = page.getByRole('group', { name: 'Export the call log' });
  const [jsonl] = await Promise.all([page.waitForEvent('download'), exports.getByRole('button', { name: 'Export as JSON lines' }).click()]);
  expect(jsonl.suggestedFilename()).toMatch(/^bio-workbench-session-.+\.jsonl$/);
  const lines = readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { c: string });
  expect(lines.map((l) => l.c)).toEqual(['b = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)', 'BIO_bind(b, addr, 0)', 'r = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)', 'BIO_connect(r, addr, 0)']);
  await expect(exports.getByRole('status', { name: 'Export status' })).toHaveText(`Saved ${jsonl.suggestedFilename()}: 4 entries as JSON lines.`);

  const [lesson] = await Promise.all([page.waitForEvent('download'), exports.getByRole('button', { name: 'Export as lesson' }).click()]);
  expect(lesson.suggestedFilename()).toMatch(/\.lesson\.json$/);
  const checked = checkScenario(JSON.parse(readFileSync((await lesson.path())!, 'utf8')));
  expect(checked.ok).toBe(true);
  if (!checked.ok) return;
  expect(checked.scenario.steps[3]).toEqual({ call: 'BIO_connect', sock: 'r', addr: '127.0.0.1:{b.port}', note: 'BIO_connect(r, addr, 0)', expect: { ret: 0, errno: 'ECONNREFUSED' } });
});
