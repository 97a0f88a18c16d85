// TCP Fast Open through a connect BIO (BIO_set_conn_mode with BIO_SOCK_TFO): on a libcrypto before
// OpenSSL 3.2 the bit is passed as C would and the record says this libcrypto lacks it (the
// connect happens, TCP_FASTOPEN_CONNECT reads back 0); on OpenSSL 3.5, from the private userland
// scripts/openssl35-userland.sh prepares, BIO_do_connect sets TCP_FASTOPEN_CONNECT (seen: 1) and
// the first write carries the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { userland35, type Userland35 } from '../testing/openssl35';

const OPENSSL_3_2 = 0x30200000;

/** A listener, a connect BIO to it with BIO_SOCK_TFO in its mode, connected, a line written and read. */
async function tfoConnectBio(e: EngineClient): Promise<{ mode: CallRecord; connect: CallRecord; read: CallRecord }> {
  const call = (step: Step): Promise<CallRecord> => e.request('call', { step });
  await call({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const port = Number((await call({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['BIO_SOCK_TFO'] })).socket!.local!.split(':').pop());
  expect((await call({ call: 'BIO_new_connect', as: 'cb', addr: `127.0.0.1:${port}` })).ret).toBe(1);
  const mode = await call({ call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_TFO'] });
  const connect = await call({ call: 'BIO_do_connect', bio: 'cb' });
  expect((await call({ call: 'BIO_write', sock: 'cb', data: 'fast' })).ret).toBe(4);
  expect((await call({ call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
  const read = await call({ call: 'BIO_read', sock: 'a', max: 16, timeoutMs: 10_000 });
  return { mode, connect, read };
}

async function expectTfo(e: EngineClient): Promise<void> {
  const info = await e.request('info', {});
  const { mode, connect, read } = await tfoConnectBio(e);
  expect(mode.ret).toBe(1);
  expect(mode.ctrl).toMatchObject({ name: 'BIO_C_SET_CONNECT_MODE' });
  expect(connect.ret).toBe(1);
  expect(Buffer.from(read.data!.hex, 'hex').toString()).toBe('fast');
  const lacks = mode.warnings.find((w) => w.includes('BIO_SOCK_TFO'));
  if (info.libcrypto.versionNumber >= OPENSSL_3_2) {
    expect(info.libcrypto.supports.TFO).toBe(true);
    expect(lacks).toBeUndefined();
    expect(connect.socket?.applied.TCP_FASTOPEN_CONNECT).toBe(1);
  } else {
    expect(info.libcrypto.supports.TFO).toBe(false);
    expect(lacks).toBe('this libcrypto lacks BIO_SOCK_TFO (OpenSSL 3.2 added it): the bit is passed as C would and ignored, so BIO_do_connect connects without TCP Fast Open');
    expect(connect.socket?.applied.TCP_FASTOPEN_CONNECT).toBe(0);
  }
}

describe('TFO through a connect BIO on the system libcrypto', () => {
  let e: EngineClient;
  beforeAll(async () => {
    e = await startEngine();
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('says this libcrypto lacks BIO_SOCK_TFO before 3.2 and connects without it, and applies TCP_FASTOPEN_CONNECT from 3.2', () => expectTfo(e));
});

describe('TFO through a connect BIO on OpenSSL 3.5', () => {
  let u35: Userland35 | { why: string };
  let e: EngineClient | undefined;
  beforeAll(async () => {
    u35 = userland35();
    if ('why' in u35) console.warn(`skipping the OpenSSL 3.5 connect BIO TFO test: ${u35.why}`);
    else e = await startEngine({ libcrypto: u35.libcrypto, engineNode: u35.node });
  }, 20 * 60_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('BIO_do_connect sets TCP_FASTOPEN_CONNECT and the first write goes through', async (ctx) => {
    if (!e) return ctx.skip(`the OpenSSL 3.5 userland is unavailable: ${'why' in u35 ? u35.why : 'its engine did not start'}`);
    const info = await e.request('info', {});
    expect(info.libcrypto.version).toMatch(/^OpenSSL 3\.5/);
    await expectTfo(e);
  });
});
