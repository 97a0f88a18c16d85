// The session token never leaves the workbench's own page: a second local server, visited by the
// same browser after the workbench (as a person would, another tab, another dev server), receives
// nothing that opens the workbench's WebSocket. Found as an attack: cookies ignore the port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { test, expect, waitForWorkbench } from './fixture';
import { runCall } from './helpers';

/** Whether the workbench's WebSocket opens with these headers and subprotocols (101) or is refused. */
function upgradeStatus(url: string, headers: Record<string, string>, protocols: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => (ws.close(), resolve(101)));
    ws.once('unexpected-response', (_req, res) => (res.resume(), resolve(res.statusCode!)));
    ws.once('error', reject);
  });
}

test('a second server on the loopback, visited by the same browser, gets nothing that opens the WebSocket', async ({ workbench: page, workbenchHost }) => {
  test.skip(!workbenchHost, 'the token guards the web host; the Electron window has no token');
  const host = new URL(workbenchHost!.url);
  const token = new URLSearchParams(host.hash.slice(1)).get('token')!;
  await runCall(page, 'BIO_socket', { 'Name (as)': 'mine' }, { expectC: 'mine = BIO_socket(' });
  // The address bar no longer shows the token, and the page set no cookie.
  expect(page.url()).not.toContain(token);
  expect(await page.evaluate(() => document.cookie)).toBe('');

  const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const other: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.setHeader('Content-Type', 'text/html');
    // A page of the other server that fetches itself, credentials and all, as SameSite=Strict allows.
    res.end(req.url === '/' ? "<!doctype html><title>other</title><script>fetch('/self', { credentials: 'include' }).then(() => (document.title = 'fetched'))</script>" : 'ok');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  try {
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    const tab = await page.context().newPage();
    await tab.goto(otherUrl);
    await expect(tab).toHaveTitle('fetched');
    await page.goto(otherUrl);
    await page.goBack();
    await waitForWorkbench(page);
    // The workbench tab still has its token (kept in its own sessionStorage) and works after coming back.
    await runCall(page, 'BIO_closesocket', { Socket: 'mine' }, { expectC: 'BIO_closesocket(mine)' });

    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(seen)).not.toContain(token);
    expect(await page.context().cookies()).toEqual([]);
    // Whatever the other server recorded, replayed as a client without an Origin: refused.
    const ws = `ws://${host.host}/ws`;
    for (const { headers } of seen) {
      const replay: Record<string, string> = {};
      for (const name of ['cookie', 'authorization', 'referer']) if (headers[name]) replay[name] = String(headers[name]);
      expect(await upgradeStatus(ws, replay)).toBe(403);
      for (const value of Object.values(headers).flat()) {
        expect(await upgradeStatus(`${ws}?token=${encodeURIComponent(String(value))}`, {})).toBe(403);
      }
    }
    // And the token itself does open it: the refusals above are about what the other server saw.
    expect(await upgradeStatus(ws, {}, ['bio-workbench', `bio-workbench.token.${token}`])).toBe(101);
  } finally {
    other.close();
  }
});

test('a tab opened without the token says how to get one, and reaches nothing', async ({ workbench: page, workbenchHost }) => {
  test.skip(!workbenchHost, 'the token guards the web host; the Electron window has no token');
  const bare = await page.context().newPage();
  const sockets: string[] = [];
  bare.on('websocket', (ws) => sockets.push(ws.url()));
  await bare.goto(`http://${new URL(workbenchHost!.url).host}/`);
  await expect(bare.getByRole('alert')).toContainText('no session token');
  await expect(bare.getByRole('alert')).toContainText('#token=');
  expect(sockets).toEqual([]);
});
