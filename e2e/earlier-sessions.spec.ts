// A session's calls outlive its host: after a restart on the same data directory, the window
// lists the earlier session and shows its log read-only.
import { test, expect, waitForWorkbench } from './fixture';
import { boundPort, runCall } from './helpers';

test('an earlier session can be opened after the host restarts on the same data directory', async ({ workbench: page, workbenchHost }) => {
  test.skip(!workbenchHost, 'restarting the host on the same data directory is done with the web host');
  // A bound socket that never listens refuses the connect: a call worth finding again later.
  await runCall(page, 'BIO_socket', { 'Name (as)': 'b' }, { expectC: 'b = BIO_socket(' });
  await runCall(page, 'BIO_bind', { Socket: 'b', Address: '127.0.0.1:0' }, { expectC: 'BIO_bind(b, addr' });
  const port = await boundPort(page, 'b');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'r' }, { expectC: 'r = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'r', Address: `127.0.0.1:${port}` }, { expectC: 'BIO_connect(r, addr, 0)' });
  const refused = /^#3 BIO_connect\(r, addr, 0\) = 0 ECONNREFUSED/;
  await expect(page.getByRole('log', { name: 'Call log' }).getByRole('button', { name: refused })).toBeVisible();

  const url = await workbenchHost!.restart();
  await page.goto(url);
  await waitForWorkbench(page);
  // The new host's own log starts empty: the calls are only in the earlier session.
  await expect(page.getByRole('heading', { name: /^Call log/ })).toHaveText(/Call log\s*0$/);

  await page.getByRole('button', { name: 'Earlier sessions', exact: true }).click();
  const sessions = page.getByRole('list', { name: 'Earlier sessions' }).getByRole('button');
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toHaveText(/^Web host session, started .+, 4 calls$/);
  await sessions.click();

  const earlier = page.getByRole('region', { name: 'Earlier session log' });
  await expect(earlier).toContainText('Read-only: Web host session, started');
  await expect(page.getByRole('log', { name: 'Call log' })).toBeHidden();
  const connect = earlier.getByRole('button', { name: refused });
  await expect(connect).toBeVisible();
  await expect(earlier.getByRole('button', { name: /^#0 b = BIO_socket\(AF_INET, SOCK_STREAM, 0, 0\) = \d+/ })).toBeVisible();
  await connect.click();
  const record = earlier.getByRole('region', { name: 'Earlier call record' });
  await expect(record).toContainText('ECONNREFUSED (111): Connection refused');
  await expect(record).toContainText('error:10000067:BIO routines::connect error');

  await earlier.getByRole('button', { name: 'Back to the live log' }).click();
  await expect(earlier).toHaveCount(0);
  await expect(page.getByRole('log', { name: 'Call log' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Earlier sessions', exact: true })).toBeFocused();
});
