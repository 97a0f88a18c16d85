// BIO_SOCK_TFO was added in OpenSSL 3.2: before, the bit means nothing (a warning, TCP_FASTOPEN
// reads back 0); from 3.2 BIO_listen applies it. The system libcrypto is tested for whichever it
// is, and OpenSSL 3.5 from the private userland scripts/openssl35-userland.sh prepares, so the
// applied case runs even where the system has 3.0 (Debian 12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { EngineInfo } from '../../shared/record';
import { userland35, type Userland35 } from '../testing/openssl35';

const OPENSSL_3_2 = 0x30200000;

async function tfoListen(engine: EngineClient) {
  const made = await engine.request('call', { step: { call: 'BIO_socket', as: 'tfo', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
  expect(made.ret).toBeGreaterThanOrEqual(0);
  return engine.request('call', { step: { call: 'BIO_listen', sock: 'tfo', addr: '127.0.0.1:0', options: ['BIO_SOCK_TFO'] } });
}

/** A libcrypto from 3.2 on: the listener's TFO queue is set, and nothing warns. */
async function expectTfoApplied(engine: EngineClient, info: EngineInfo): Promise<void> {
  expect(info.libcrypto.versionNumber).toBeGreaterThanOrEqual(OPENSSL_3_2);
  expect(info.libcrypto.supports.TFO).toBe(true);
  const rec = await tfoListen(engine);
  expect(rec.ret).toBe(1);
  expect(rec.warnings.filter((w) => w.includes('BIO_SOCK_TFO'))).toEqual([]);
  expect(rec.socket?.applied.TCP_FASTOPEN).toBeGreaterThan(0);
  expect(rec.socket?.requested.TCP_FASTOPEN).toBeGreaterThan(0);
}

/** A libcrypto before 3.2: the bit is passed through, warned about, and changes nothing. */
async function expectTfoIgnored(engine: EngineClient, info: EngineInfo): Promise<void> {
  expect(info.libcrypto.versionNumber).toBeLessThan(OPENSSL_3_2);
  expect(info.libcrypto.supports.TFO).toBe(false);
  const rec = await tfoListen(engine);
  expect(rec.ret).toBe(1);
  expect(rec.c).toContain('BIO_SOCK_TFO');
  expect(rec.warnings.find((w) => w.includes('BIO_SOCK_TFO'))).toMatch(/3\.2/);
  expect(rec.socket?.applied.TCP_FASTOPEN).toBe(0);
  expect(rec.socket?.state).toBe('LISTEN');
}

describe('BIO_SOCK_TFO on the system libcrypto', () => {
  let e: EngineClient;
  beforeAll(async () => {
    e = await startEngine();
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('is ignored with a warning before OpenSSL 3.2 and applied from 3.2, as this libcrypto knows it', async () => {
    const info = await e.request('info', {});
    if (info.libcrypto.versionNumber >= OPENSSL_3_2) await expectTfoApplied(e, info);
    else await expectTfoIgnored(e, info);
  });
});

describe('BIO_SOCK_TFO on OpenSSL 3.5', () => {
  let u35: Userland35 | { why: string };
  let e: EngineClient | undefined;
  beforeAll(async () => {
    u35 = userland35();
    if ('why' in u35) console.warn(`skipping the OpenSSL 3.5 TFO test: ${u35.why}`);
    else e = await startEngine({ libcrypto: u35.libcrypto, engineNode: u35.node });
  }, 20 * 60_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('reads back a non-zero TCP_FASTOPEN queue and reports TFO support', async (ctx) => {
    if (!e) return ctx.skip(`the OpenSSL 3.5 userland is unavailable: ${'why' in u35 ? u35.why : 'its engine did not start'}`);
    const info = await e.request('info', {});
    expect(info.libcrypto.version).toMatch(/^OpenSSL 3\.5/);
    await expectTfoApplied(e, info);
  });
});
