// BIO_SOCK_TFO: meaningless on the system's OpenSSL 3.0 (added in 3.2), applied on OpenSSL 3.5
// from the private userland that ../shared/tools/openssl35-userland.sh prepares.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { CallRecord } from '../../shared/record';

const repoRoot = resolve(import.meta.dirname, '../../..');
const script = resolve(repoRoot, '../shared/tools/openssl35-userland.sh');

/** LIBCRYPTO35 and NODE35 from the script, or why they are unavailable. */
function userland35(): { libcrypto: string; node: string } | { why: string } {
  if (!existsSync(script)) return { why: `${script} is missing (CI keeps ../shared beside the clone)` };
  // The first run downloads Debian 13 packages; later runs reuse its cache.
  const r = spawnSync('bash', [script], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0) return { why: `${script} failed (status ${r.status}): ${(r.stderr || r.error?.message || '').trim().slice(-500)}` };
  const libcrypto = r.stdout.match(/^LIBCRYPTO35=(.+)$/m)?.[1];
  const node = r.stdout.match(/^NODE35=(.+)$/m)?.[1];
  if (!libcrypto || !node) return { why: `${script} printed no LIBCRYPTO35/NODE35: ${r.stdout}` };
  return { libcrypto, node };
}

async function tfoListen(engine: EngineClient): Promise<CallRecord> {
  const made = await engine.request('call', { step: { call: 'BIO_socket', as: 'tfo', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
  expect(made.ret).toBeGreaterThanOrEqual(0);
  return engine.request('call', { step: { call: 'BIO_listen', sock: 'tfo', addr: '127.0.0.1:0', options: ['BIO_SOCK_TFO'] } });
}

describe('BIO_SOCK_TFO on the system libcrypto (3.0)', () => {
  let e: EngineClient;
  beforeAll(async () => {
    e = await startEngine();
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('warns that the bit means nothing before 3.2 and reads back TCP_FASTOPEN 0', async () => {
    const info = await e.request('info', {});
    if (info.libcrypto.versionNumber >= 0x30200000) {
      console.warn(`skipping: the system libcrypto is ${info.libcrypto.version}, which knows BIO_SOCK_TFO`);
      return;
    }
    expect(info.libcrypto.supports.TFO).toBe(false);
    const rec = await tfoListen(e);
    expect(rec.ret).toBe(1);
    expect(rec.c).toContain('BIO_SOCK_TFO');
    const warning = rec.warnings.find((w) => w.includes('BIO_SOCK_TFO'));
    expect(warning).toMatch(/3\.2/);
    expect(rec.socket?.applied.TCP_FASTOPEN).toBe(0);
    expect(rec.socket?.state).toBe('LISTEN');
  });
});

const u35 = userland35();
if ('why' in u35) console.warn(`skipping the OpenSSL 3.5 TFO test: ${u35.why}`);

describe('BIO_SOCK_TFO on OpenSSL 3.5', () => {
  let e: EngineClient | undefined;
  beforeAll(async () => {
    if (!('why' in u35)) e = await startEngine({ libcrypto: u35.libcrypto, engineNode: u35.node });
  });
  afterAll(async () => {
    await e?.stop();
  });

  it.skipIf('why' in u35)('reads back a non-zero TCP_FASTOPEN queue and reports TFO support', async () => {
    const info = await e!.request('info', {});
    expect(info.libcrypto.version).toMatch(/^OpenSSL 3\.5/);
    expect(info.libcrypto.supports.TFO).toBe(true);
    const rec = await tfoListen(e!);
    expect(rec.ret).toBe(1);
    expect(rec.warnings.filter((w) => w.includes('BIO_SOCK_TFO'))).toEqual([]);
    expect(rec.socket?.applied.TCP_FASTOPEN).toBeGreaterThan(0);
    expect(rec.socket?.requested.TCP_FASTOPEN).toBeGreaterThan(0);
  });
});
