// A BIO_write loop from the Data pane against a peer that reads nothing: its progress shows while
// it runs, Cancel stops it, and the summary says how many bytes went.
import { test, expect } from './fixture';
import { dataPane, listener, runCall, socketItem } from './helpers';

test('a loop of writes shows its progress, is cancelled with Cancel, and says how many bytes went', async ({ workbench: page }) => {
  const port = await listener(page, 'l');
  await runCall(page, 'BIO_socket', { 'Name (as)': 'c' }, { expectC: 'c = BIO_socket(' });
  await runCall(page, 'BIO_connect', { Socket: 'c', Address: `127.0.0.1:${port}` }, { expectC: 'BIO_connect(c, addr' });
  await socketItem(page, 'l').getByRole('button', { name: 'Accept on l' }).click();
  await expect(socketItem(page, 'a1')).toContainText('ESTABLISHED');

  const d = dataPane(page);
  await d.getByRole('combobox', { name: 'Socket', exact: true }).fill('c');
  await d.getByRole('radio', { name: 'Text' }).check();
  await d.getByRole('textbox', { name: 'Data to send' }).fill('xyz');
  await d.getByRole('textbox', { name: 'Bytes', exact: true }).fill('1073741824');
  await d.getByRole('textbox', { name: 'Chunk', exact: true }).fill('65483');
  await d.getByRole('button', { name: 'Send bytes', exact: true }).click();

  // a1 never reads: the loop fills the socket buffers and waits, its progress showing what went.
  const running = d.getByRole('status', { name: 'Transfer on c' });
  await expect(running).toContainText(/sent [1-9][\d,]* of 1,073,741,824 bytes/, { timeout: 15_000 });
  await running.getByRole('button', { name: 'Cancel', exact: true }).click();

  const summary = d.getByRole('status', { name: 'Transfer summary' });
  await expect(summary).toContainText(/c: bulk: sent [1-9]\d* of 1073741824 bytes/);
  await expect(summary).toContainText(/cancelled: cancelled by request: the loop stopped between calls after [1-9]\d* byte\(s\)/);
  await expect(running).toHaveCount(0);
});
