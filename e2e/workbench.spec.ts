// The workbench against real sockets on loopback: every flow drives the real engine through the
// host the project starts (web host in chromium, or Electron).
import { test, expect } from './fixture';
import { boundPort, composer, dataPane, errorStack, listener, readOn, runCall, screenshot, sendHex, sendText, socketItem } from './helpers';

test('listener, client, accept, then data both ways', async ({ workbench: page }, testInfo) => {
  const port = await listener(page, 'l');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'c' }, { expectC: 'c = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'c', Address: `127.0.0.1:${port}` }, { flags: ['BIO_SOCK_NODELAY'], expectC: 'BIO_connect(c, addr, BIO_SOCK_NODELAY)' });
  await expect(socketItem(page, 'c')).toContainText('ESTABLISHED');
  await expect(socketItem(page, 'c')).toContainText(`127.0.0.1:${port}`);

  await socketItem(page, 'l').getByRole('button', { name: 'Accept on l' }).click();
  const accepted = socketItem(page, 'a1');
  await expect(accepted).toContainText('accepted');
  await expect(accepted).toContainText('ESTABLISHED');
  await expect(accepted).toContainText(`127.0.0.1:${port}`);

  // client -> accepted, as text
  await sendText(page, 'c', 'ping from c');
  await readOn(page, 'a1');
  const d = dataPane(page);
  await expect(d.getByRole('status', { name: 'Received text' })).toHaveText('ping from c');
  await expect(d.getByRole('status', { name: 'Received hex' })).toHaveText('70 69 6E 67 20 66 72 6F 6D 20 63');

  // accepted -> client, as hex
  await sendHex(page, 'a1', '70 6f 6e 67');
  await readOn(page, 'c');
  await expect(d.getByRole('status', { name: 'Received text' })).toHaveText('pong');
  await expect(d.getByRole('status', { name: 'Received hex' })).toHaveText('70 6F 6E 67');

  // The log has every call; selecting one shows its full record.
  const log = page.getByRole('log', { name: 'Call log' });
  const write = log.getByRole('button', { name: /BIO_write\(bio_c, data, 11\) = 11/ });
  await write.click();
  const record = page.getByRole('region', { name: 'Call record' });
  await expect(record).toContainText('"ping from c"');
  await expect(record).toContainText('70696e672066726f6d2063');
  await screenshot(page, 'connected', testInfo.project.name);

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  await screenshot(page, 'connected-dark', testInfo.project.name);

  await socketItem(page, 'c').getByRole('button', { name: 'Close c' }).click();
  await expect(socketItem(page, 'c')).toHaveCount(0);
  // The peer's close reaches the accepted socket without a call on it.
  await expect(accepted).toContainText('CLOSE_WAIT', { timeout: 5_000 });
});

test('a refused connect shows both error-queue entries in order', async ({ workbench: page }, testInfo) => {
  // A bound socket that never listens: a connect to its port is refused by the kernel.
  await runCall(page, 'BIO_socket', { 'Name (as)': 'b' }, { expectC: 'b = BIO_socket(' });
  await runCall(page, 'BIO_bind', { Socket: 'b', Address: '127.0.0.1:0' }, { expectC: 'BIO_bind(b, addr' });
  const port = await boundPort(page, 'b');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'r' }, { expectC: 'r = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'r', Address: `127.0.0.1:${port}` }, { expectC: 'BIO_connect(r, addr, 0)' });

  const stack = errorStack(page);
  await expect(stack).toContainText('ECONNREFUSED');
  const entries = stack.getByRole('list', { name: 'Error queue entries' }).getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('system library');
  await expect(entries.nth(0)).toContainText('Connection refused');
  await expect(entries.nth(0)).toContainText('calling connect()');
  await expect(entries.nth(0)).toContainText('BIO_connect');
  await expect(entries.nth(0)).toContainText(/bio_sock2\.c:\d+/);
  await expect(entries.nth(1)).toContainText('BIO routines');
  await expect(entries.nth(1)).toContainText('connect error');
  await expect(page.getByRole('log', { name: 'Call log' }).getByRole('button', { name: /BIO_connect\(r, addr, 0\) = 0 ECONNREFUSED/ })).toBeVisible();
  await screenshot(page, 'refused-connect', testInfo.project.name);
});

test('a nonblocking connect explains EINPROGRESS', async ({ workbench: page }, testInfo) => {
  const port = await listener(page, 'l');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'n' }, { expectC: 'n = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'n', Address: `127.0.0.1:${port}` }, { flags: ['BIO_SOCK_NONBLOCK'], expectC: 'BIO_connect(n, addr, BIO_SOCK_NONBLOCK)' });
  const stack = errorStack(page);
  await expect(stack).toContainText('EINPROGRESS');
  await expect(stack).toContainText('The error queue is empty.');
  await expect(stack.getByRole('note')).toContainText('EINPROGRESS is progress, not failure');
  await expect(socketItem(page, 'n')).toContainText('O_NONBLOCK on');
  await screenshot(page, 'einprogress', testInfo.project.name);
});

test('a blocking accept shows elapsed time, the window stays usable, Cancel ends it', async ({ workbench: page }, testInfo) => {
  await listener(page, 'l');
  await runCall(page, 'BIO_accept_ex', { Socket: 'l', 'Name (as)': 'w' });
  const waiting = page.getByRole('region', { name: 'Waiting calls' });
  await expect(waiting).toContainText('w = BIO_accept_ex(l, peer, 0)');
  const timer = waiting.getByRole('timer');
  await expect(timer).toHaveText(/^[1-9]\d*\.\d s$/, { timeout: 5_000 });
  const first = await timer.textContent();

  // Meanwhile another call runs and answers.
  await runCall(page, 'BIO_socket', { 'Name (as)': 'x' }, { expectC: 'x = BIO_socket(' });
  await expect(socketItem(page, 'x')).toBeVisible();
  await expect(timer).not.toHaveText(first!);
  await screenshot(page, 'blocking-accept', testInfo.project.name);

  await waiting.getByRole('button', { name: 'Cancel BIO_accept_ex on l' }).click();
  await expect(waiting).toHaveCount(0);
  await expect(errorStack(page)).toContainText('Cancelled');
  await expect(page.getByRole('log', { name: 'Call log' }).getByRole('button', { name: /w = BIO_accept_ex\(l, peer, 0\) cancelled/ })).toBeVisible();
  // Cancel left the listener usable.
  await expect(socketItem(page, 'l')).toContainText('LISTEN');
});

test('a bad address is refused with a message naming the field', async ({ workbench: page }, testInfo) => {
  await runCall(page, 'BIO_socket', { 'Name (as)': 'c' }, { expectC: 'c = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'c', Address: 'no-port-here' });
  const alert = page.getByRole('alert', { name: 'Request refused' });
  await expect(alert).toContainText('BIO_connect');
  await expect(alert).toContainText('step.addr');
  await expect(alert).toContainText('expected host:service');
  // Refused before the engine: the log has only the BIO_socket.
  await expect(page.getByRole('log', { name: 'Call log' }).getByRole('button')).toHaveCount(1);
  await screenshot(page, 'bad-address', testInfo.project.name);
});

test('BIO_SOCK_TFO is disabled, with its reason, on OpenSSL 3.0', async ({ workbench: page }, testInfo) => {
  const libcrypto = page.getByRole('region', { name: 'Loaded libcrypto' });
  const version = (await libcrypto.textContent()) ?? '';
  test.skip(!/OpenSSL 3\.[01]\./.test(version), `the loaded libcrypto is not 3.0/3.1: ${version}`);
  await expect(libcrypto.getByRole('list', { name: 'Capabilities' })).toContainText('TCP Fast Open (BIO_SOCK_TFO): not available, needs OpenSSL 3.2');
  const c = composer(page);
  await c.getByRole('button', { name: 'BIO_listen', exact: true }).click();
  const tfo = c.getByRole('checkbox', { name: 'BIO_SOCK_TFO' });
  await expect(tfo).toBeDisabled();
  await expect(tfo).toHaveAccessibleDescription(/needs OpenSSL 3\.2 or later; the loaded libcrypto is OpenSSL 3\.0/);
  // The other flags stay available, each with its bit, whether BIO_listen honours it, and its meaning.
  const nodelay = c.getByRole('checkbox', { name: 'BIO_SOCK_NODELAY' });
  await expect(nodelay).toBeEnabled();
  await expect(nodelay).toHaveAccessibleDescription(/bit 0x10 honoured by BIO_listen .*Nagle/);
  await nodelay.check();
  await expect(c.getByRole('status', { name: 'Options value' })).toHaveText('BIO_SOCK_NODELAY = 0x10 = 16');
  await c.getByRole('combobox', { name: 'Socket' }).fill('l');
  await expect(c.getByRole('status', { name: 'C expression' })).toHaveText('BIO_listen(l, addr, BIO_SOCK_NODELAY)');
  await screenshot(page, 'tfo-disabled', testInfo.project.name);
});
