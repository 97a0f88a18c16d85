// The web host's allow list for Compare: none by default (a page never makes the host load a
// file it names), `--allow-libcrypto PATH[=NODE]` adds one, and a page learns the list from
// compareTargets and is refused anything else, naming the field.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient, type PageClient } from '../testing/page-client';
import { startWebHost, type WebHost } from './web-host';
import { parseAllowedLibrary } from './web-host-cli';

describe('--allow-libcrypto', () => {
  it('takes PATH or PATH=NODE, absolute paths only', () => {
    expect(parseAllowedLibrary('/opt/ssl/libcrypto.so.3')).toEqual({ libcrypto: '/opt/ssl/libcrypto.so.3', engineNode: null });
    expect(parseAllowedLibrary('/opt/ssl/libcrypto.so.3=/opt/node35')).toEqual({ libcrypto: '/opt/ssl/libcrypto.so.3', engineNode: '/opt/node35' });
    expect(parseAllowedLibrary('/opt/a=b/libcrypto.so.3')).toEqual({ libcrypto: '/opt/a=b/libcrypto.so.3', engineNode: null });
    expect(parseAllowedLibrary('libcrypto.so.3')).toEqual({ error: expect.stringMatching(/^--allow-libcrypto: expected PATH or PATH=NODE, absolute paths/) });
  });

  it('npm run web refuses a relative one (exit 2) before serving anything', () => {
    const r = spawnSync(process.execPath, [resolve(process.cwd(), 'out/main/web.js'), '--allow-libcrypto', 'libcrypto.so.3'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--allow-libcrypto: expected PATH or PATH=NODE/);
  });
});

describe('a web host and its allow list', () => {
  let plain: WebHost;
  let listing: WebHost;
  let pages: PageClient[] = [];
  beforeAll(async () => {
    plain = await startWebHost({ warn: () => undefined });
    listing = await startWebHost({ warn: () => undefined, allowLibcrypto: [{ libcrypto: '/opt/openssl-3.5/libcrypto.so.3', engineNode: '/opt/node35' }] });
    pages = [pageClient(plain.url), pageClient(listing.url)];
  });
  afterAll(async () => {
    for (const p of pages) p.close();
    await plain?.close();
    await listing?.close();
  });

  it('allows nothing unless started with a list, and says so naming the field', async () => {
    expect((await pages[0].request('compareTargets', {})).allowed).toEqual([]);
    await expect(pages[0].request('compare', { libcrypto: '/usr/lib/libcrypto.so.3', shipped: 'tfo-listen' })).rejects.toMatchObject({
      code: 'invalid-request',
      field: 'libcrypto',
      message: expect.stringMatching(/not a library this host lets a page load; .*--allow-libcrypto PATH/),
    });
  });

  it('offers its list, and refuses a library outside it', async () => {
    expect(await pages[1].request('compareTargets', {})).toMatchObject({ own: { version: expect.stringMatching(/^OpenSSL 3/) }, allowed: [{ libcrypto: '/opt/openssl-3.5/libcrypto.so.3', engineNode: '/opt/node35' }] });
    await expect(pages[1].request('compare', { libcrypto: '/usr/lib/libcrypto.so.3', shipped: 'tfo-listen' })).rejects.toMatchObject({ field: 'libcrypto' });
  });
});
