// The composer's BIO and TLS section in the web host, driven as a person would (by role and name,
// through the fixture's actions): a workbench TLS client against a workbench TLS server on
// loopback with the demo pair, failing verification without a CA file, then verified with it;
// and a nonblocking connect BIO stepped through, beside an accept BIO's two BIO_do_accept calls.
import type { Page } from '@playwright/test';
import { test, expect, type CallFields, type WorkbenchPage } from './fixture';
import { boundPort, composer, errorStack, listener } from './helpers';

const objects = (page: Page) => page.getByRole('list', { name: 'BIOs and TLS objects' });
const lastResult = (page: Page) => composer(page).getByRole('status', { name: 'Last result' });

/** Calls `name` again while its record says WANT_READ (the peer's bytes may still be on their way), at most 20 times. */
async function again(page: WorkbenchPage, name: string, fields: CallFields) {
  let rec = await page.lastRecord();
  for (let i = 0; i < 20 && rec.tls?.sslError?.name === 'SSL_ERROR_WANT_READ'; i++) {
    await page.call(name, fields);
    rec = await page.lastRecord();
  }
  return rec;
}

/** A nonblocking connect BIO to the listener, connected, and the server's end accepted nonblocking. */
async function connectedPair(page: WorkbenchPage, port: number, n: number): Promise<void> {
  await page.call('BIO_new_connect', { as: `cb${n}`, addr: `127.0.0.1:${port}` });
  await expect(objects(page).getByRole('listitem', { name: `BIO cb${n}` })).toContainText('BIO_s_connect no fd yet');
  await page.call('BIO_set_nbio', { bio: `cb${n}`, on: true });
  for (let i = 0; i < 20; i++) {
    await page.call('BIO_do_connect', { bio: `cb${n}` });
    if ((await page.lastRecord()).ret === 1) break;
  }
  expect((await page.lastRecord()).ret).toBe(1);
  await expect(objects(page).getByRole('listitem', { name: `BIO cb${n}` })).toContainText(/BIO_s_connect fd \d+ chain BIO_s_connect/);
  await page.call('BIO_accept_ex', { sock: 'l', as: `a${n}`, options: ['BIO_SOCK_NONBLOCK'] });
}

/**
 * Both ends nonblocking in one engine, driven in turn as one thread would: the client's SSL_connect
 * (WANT_READ is progress), the server's SSL_accept, until the client's handshake ends. Returns the
 * client's last record, then lets the server read what the client sent last.
 */
async function handshake(page: WorkbenchPage, n: number, clientCtx: string) {
  await page.call('SSL_new', { as: `ss${n}`, ctx: 'sctx', sock: `a${n}` });
  await page.call('SSL_new', { as: `cs${n}`, ctx: clientCtx, bio: `cb${n}`, host: 'localhost' });
  await expect(objects(page).getByRole('listitem', { name: `BIO cb${n}` })).toContainText(`owned by cs${n}`);
  let client = null;
  for (let i = 0; i < 20; i++) {
    await page.call('SSL_connect', { ssl: `cs${n}` });
    client = await page.lastRecord();
    if (client.tls?.sslError?.name !== 'SSL_ERROR_WANT_READ') break;
    await expect(lastResult(page)).toContainText('SSL_get_error SSL_ERROR_WANT_READ');
    await page.call('SSL_accept', { ssl: `ss${n}` });
  }
  return client!;
}

test('a TLS client in the composer fails verification without the CA, then verifies with it', async ({ workbench: page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.call('SSL_CTX_new', { as: 'sctx', method: 'TLS_server_method' });
  expect((await page.lastRecord()).c).toContain('SSL_CTX_use_certificate_chain_file(sctx, "demo")');
  await page.call('SSL_CTX_new', { as: 'strict', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER' });
  await page.call('SSL_CTX_new', { as: 'trusting', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo', minVersion: 'TLS1_2_VERSION', alpn: ['h2'] });
  await expect(objects(page).getByRole('listitem', { name: 'TLS context sctx' })).toContainText('server');
  // At 1280x720 the context's last field scrolls into view and the Run bar stays in it.
  const alpn = composer(page).getByRole('textbox', { name: 'ALPN', exact: true });
  await alpn.scrollIntoViewIfNeeded();
  await expect(alpn).toBeInViewport();
  await expect(composer(page).getByRole('button', { name: 'Run', exact: true })).toBeInViewport();
  const port = await listener(page, 'l');

  await connectedPair(page, port, 1);
  const failed = await handshake(page, 1, 'strict');
  expect(failed).toMatchObject({ ret: -1, tls: { sslError: { name: 'SSL_ERROR_SSL' }, verify: { code: 18, text: 'self-signed certificate' } } });
  await expect(lastResult(page)).toContainText('SSL_get_error SSL_ERROR_SSL; verify result 18 (self-signed certificate)');
  const record = page.getByRole('region', { name: 'Call record' });
  await expect(record).toContainText('18: self-signed certificate');
  await expect(errorStack(page)).toContainText('certificate verify failed');
  await expect(objects(page).getByRole('listitem', { name: 'TLS connection cs1' })).toContainText('verify 18 (self-signed certificate)');
  // The server reads the client's alert.
  await page.call('SSL_accept', { ssl: 'ss1' });
  expect((await again(page, 'SSL_accept', { ssl: 'ss1' })).ret).toBe(-1);

  await connectedPair(page, port, 2);
  const verified = await handshake(page, 2, 'trusting');
  expect(verified).toMatchObject({ ret: 1, tls: { verify: { code: 0, text: 'ok' }, handshakeDone: true } });
  await expect(lastResult(page)).toContainText(`verify result 0 (ok); ${verified.tls!.version}`);
  await expect(objects(page).getByRole('listitem', { name: 'TLS connection cs2' })).toContainText(/TLSv1\.[23] .*verify 0 \(ok\)/);
  await page.call('SSL_accept', { ssl: 'ss2' });
  expect((await again(page, 'SSL_accept', { ssl: 'ss2' })).ret).toBe(1);
  await page.call('SSL_write', { ssl: 'cs2', data: 'over TLS' });
  await page.call('SSL_read', { ssl: 'ss2', max: 100 });
  expect((await again(page, 'SSL_read', { ssl: 'ss2', max: 100 })).data).toEqual({ hex: Buffer.from('over TLS').toString('hex') });

  // Freed from its row: the SSL object takes its BIO with it (SSL_set_bio gave it away).
  await objects(page).getByRole('button', { name: 'Free cs1', exact: true }).click();
  await expect(objects(page).getByRole('listitem', { name: 'TLS connection cs1' })).toHaveCount(0);
  await expect(objects(page).getByRole('listitem', { name: 'BIO cb1' })).toHaveCount(0);
});

test('a nonblocking connect BIO step by step, and an accept BIO bound by its first BIO_do_accept', async ({ workbench: page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.call('BIO_new_accept', { as: 'ab', addr: '127.0.0.1:0' });
  await page.call('BIO_set_bind_mode', { bio: 'ab', mode: 'BIO_BIND_REUSEADDR' });
  expect((await page.lastRecord()).ctrl).toEqual({ cmd: 131, name: 'BIO_C_SET_BIND_MODE', larg: 1, parg: null });
  await page.call('BIO_do_accept', { bio: 'ab' });
  await expect(lastResult(page)).toContainText('BIO_do_accept(ab) → ret 1');
  const port = await boundPort(page, 'ab');

  await page.call('BIO_new_connect', { as: 'cb', addr: `127.0.0.1:${port}` });
  await page.call('BIO_set_nbio', { bio: 'cb', on: true });
  await page.call('BIO_do_connect', { bio: 'cb' });
  const first = await page.lastRecord();
  expect(first).toMatchObject({ ret: 0, errno: { name: 'EINPROGRESS' }, bio: { retry: { shouldRetry: true, reason: 'BIO_RR_CONNECT' } } });
  await expect(lastResult(page)).toContainText('BIO_should_retry 1, waits for the connection (BIO_RR_CONNECT: the socket writable)');
  await page.call('BIO_do_connect', { bio: 'cb' });
  expect((await page.lastRecord()).ret).toBe(1);

  await page.call('BIO_do_accept', { bio: 'ab' });
  await page.call('BIO_pop', { bio: 'ab', as: 'conn' });
  await expect(objects(page).getByRole('listitem', { name: 'BIO conn' })).toContainText(/BIO_s_socket fd \d+ chain BIO_s_socket/);
  await expect(objects(page).getByRole('listitem', { name: 'BIO ab' })).toContainText('BIO_s_accept');
});
