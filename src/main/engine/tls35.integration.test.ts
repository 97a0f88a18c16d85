// TLS through a second OpenSSL build (3.5, where the private userland exists): libssl is the one
// beside the libcrypto in use, and a handshake between two workbench ends shows what the builds
// choose differently by default (the key exchange group).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import { userland35, type Userland35 } from '../testing/openssl35';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';

/** Both ends in one engine, nonblocking: client and server take turns until both are done. */
async function handshake(e: EngineClient): Promise<{ ctx: CallRecord; done: CallRecord }> {
  const call = (step: Step): Promise<CallRecord> => e.request('call', { step });
  await call({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const port = (await call({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' })).socket!.local!.split(':').pop();
  await call({ call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' });
  const ctx = await call({ call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo' });
  await call({ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  await call({ call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] });
  await call({ call: 'wait', sock: 'c', for: 'writable', timeoutMs: 10_000 });
  await call({ call: 'BIO_accept_ex', sock: 'l', as: 'a', options: ['BIO_SOCK_NONBLOCK'], timeoutMs: 10_000 });
  await call({ call: 'SSL_new', as: 'cs', ctx: 'cctx', sock: 'c', host: 'localhost' });
  await call({ call: 'SSL_new', as: 'ss', ctx: 'sctx', sock: 'a' });
  expect((await call({ call: 'SSL_connect', ssl: 'cs' })).tls!.sslError!.name).toBe('SSL_ERROR_WANT_READ');
  await call({ call: 'wait', sock: 'a', for: 'readable', timeoutMs: 10_000 });
  await call({ call: 'SSL_accept', ssl: 'ss' });
  await call({ call: 'wait', sock: 'c', for: 'readable', timeoutMs: 10_000 });
  const done = await call({ call: 'SSL_connect', ssl: 'cs' });
  expect(done.ret).toBe(1);
  return { ctx, done };
}

describe('TLS on two OpenSSL builds', () => {
  let system: EngineClient;
  let other: EngineClient | null = null;
  let u35: Userland35 | { why: string };

  beforeAll(async () => {
    system = await startEngine();
    u35 = userland35();
    if ('why' in u35) console.warn(`skipping the OpenSSL 3.5 TLS check: ${u35.why}`);
    else other = await startEngine({ libcrypto: u35.libcrypto, engineNode: u35.node });
  }, 15 * 60_000);

  afterAll(async () => {
    await system?.stop();
    await other?.stop();
  });

  it('the system build loads its own libssl and agrees on X25519', async () => {
    const { ctx, done } = await handshake(system);
    expect((ctx.result as { libssl: string }).libssl).toMatch(/libssl\.so\.3$/);
    expect(done.tls).toMatchObject({ version: 'TLSv1.3', group: 'x25519' });
  });

  it('OpenSSL 3.5 loads the libssl beside its libcrypto and agrees on X25519MLKEM768', async (t) => {
    if (!other || 'why' in u35) return t.skip();
    const { ctx, done } = await handshake(other);
    const dir = u35.libcrypto.slice(0, u35.libcrypto.lastIndexOf('/'));
    expect((ctx.result as { libssl: string }).libssl.startsWith(dir)).toBe(true);
    expect(done.tls!.version).toBe('TLSv1.3');
    // Seen: 3.5 prefers the hybrid post-quantum group by default; 3.0 has none.
    expect(done.tls!.group).toBe('X25519MLKEM768');
  });
});
