// A BIO_write loop from the Data pane against a peer that reads nothing: its progress shows while
// it runs, the engine's progress says when it stalls because the peer is not reading, Cancel stops
// it, and the summary (inside its column at 1024x768) says how many bytes went. A read loop then
// takes those bytes: the log line says how many, and the Data pane shows them.
import { test, expect } from './fixture';
import { dataPane, listener, runCall, socketItem } from './helpers';

test('a loop of writes shows its progress and its stall, is cancelled with Cancel, says how many bytes went; a read loop takes them', async ({ workbench: page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
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
  await expect(running).toContainText(/Stalled: no byte has gone for \d+ s\. The peer is not reading/, { timeout: 15_000 });
  await running.getByRole('button', { name: 'Cancel', exact: true }).click();

  const summary = d.getByRole('status', { name: 'Transfer summary' });
  await expect(summary).toContainText(/c: bulk: sent [1-9]\d* of 1073741824 bytes/);
  await expect(summary).toContainText(/cancelled: cancelled by request: the loop stopped between calls after [1-9]\d* byte\(s\)/);
  await expect(running).toHaveCount(0);
  // The summary wraps inside the Data pane's column: nothing sticks out of it.
  const fits = await summary.evaluate((el) => {
    const pane = el.closest('section')!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return { inside: box.left >= pane.left && box.right <= pane.right + 0.5, scroll: el.scrollWidth - el.clientWidth };
  });
  expect(fits).toEqual({ inside: true, scroll: 0 });

  // a1 reads exactly what went, in a loop: the log line counts the bytes, the Data pane shows them.
  const sent = Number(/sent (\d+) of/.exec((await summary.textContent()) ?? '')![1]);
  await d.getByRole('combobox', { name: 'Socket', exact: true }).fill('a1');
  await d.getByRole('textbox', { name: 'Bytes', exact: true }).fill(String(sent));
  await d.getByRole('button', { name: 'Read bytes', exact: true }).click();
  await expect(summary).toContainText(`a1: bulk: read ${sent} of ${sent} bytes`);
  const log = page.getByRole('log', { name: 'Call log' });
  await expect(log.getByRole('button', { name: new RegExp(`BIO_read\\(.* read ${sent} bytes in \\d+ calls, last = \\d+`) })).toBeVisible();
  await expect(d.getByRole('status', { name: 'Received text' })).toContainText(/^xyzxyz.* … [\d,]+ more bytes … .*xyz/);
  await expect(d.getByText(`1 read(s), ${sent} byte(s)`)).toBeVisible();
});
