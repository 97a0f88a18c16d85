// TLS scenarios (both ends in the workbench, nonblocking, so one C thread can drive them too) run
// through the engine and as the C program export-c writes: step by step the same returns, errno,
// error-queue codes and socket views, and the same SSL_get_error and verify results expected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenario } from '../../shared/scenario-check';
import type { Scenario } from '../../shared/steps';
import { compareRuns, runC, runEngine } from '../testing/c-fidelity';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tls-fidelity-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A client and a server context, a nonblocking connection, both SSL objects, and the first two handshake steps; then `end`. */
function handshake(client: Record<string, unknown>, server: Record<string, unknown>, host: string, end: unknown[]): Scenario {
  const r = checkScenario({
    steps: [
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', expect: { ret: 1 } },
      { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo', ...server, expect: { ret: 1 } },
      { call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', ...client, expect: { ret: 1 } },
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', options: ['BIO_SOCK_NONBLOCK'] },
      { call: 'wait', sock: 'c', for: 'writable', timeoutMs: 5000, expect: { ret: 1 } },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a', options: ['BIO_SOCK_NONBLOCK'], timeoutMs: 5000, expect: { ret: 'fd' } },
      { call: 'SSL_new', as: 'cs', ctx: 'cctx', sock: 'c', host, expect: { ret: 1 } },
      { call: 'SSL_new', as: 'ss', ctx: 'sctx', sock: 'a', expect: { ret: 1 } },
      { call: 'SSL_connect', ssl: 'cs', expect: { ret: -1, errno: 'EAGAIN', sslError: 'SSL_ERROR_WANT_READ' } },
      { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 5000, expect: { ret: 1 } },
      ...end,
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.scenario;
}

const verified = [
  { call: 'SSL_accept', ssl: 'ss', expect: { ret: -1, sslError: 'SSL_ERROR_WANT_READ' } },
  { call: 'wait', sock: 'c', for: 'readable', timeoutMs: 5000 },
];

const CASES: Record<string, Scenario> = {
  'a verified handshake, then data both ways and a shutdown': handshake({ verify: 'SSL_VERIFY_PEER', caFile: 'demo', alpn: ['http/1.1'] }, {}, 'localhost', [
    ...verified,
    { call: 'SSL_connect', ssl: 'cs', expect: { ret: 1, sslError: 'SSL_ERROR_NONE', verifyResult: 0 } },
    { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 5000 },
    { call: 'SSL_accept', ssl: 'ss', expect: { ret: 1 } },
    { call: 'SSL_write', ssl: 'cs', data: 'over TLS', expect: { ret: 8 } },
    { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 5000 },
    { call: 'SSL_read', ssl: 'ss', max: 64, expect: { data: 'over TLS' } },
    { call: 'SSL_shutdown', ssl: 'cs', expect: { ret: 0 } },
    { call: 'SSL_free', ssl: 'cs', expect: { ret: null } },
    { call: 'SSL_CTX_free', ctx: 'cctx', expect: { ret: null } },
  ]),
  'verification fails on the self-signed certificate': handshake({ verify: 'SSL_VERIFY_PEER' }, {}, 'localhost', [
    ...verified,
    { call: 'SSL_connect', ssl: 'cs', expect: { ret: -1, sslError: 'SSL_ERROR_SSL', errorQueue: ['certificate verify failed'], verifyResult: 18 } },
  ]),
  'verification fails on a host name the certificate does not name': handshake({ verify: 'SSL_VERIFY_PEER', caFile: 'demo' }, {}, 'wrong.example', [
    ...verified,
    { call: 'SSL_connect', ssl: 'cs', expect: { ret: -1, sslError: 'SSL_ERROR_SSL', verifyResult: 62 } },
  ]),
  'versions that do not overlap': handshake({ maxVersion: 'TLS1_2_VERSION' }, { minVersion: 'TLS1_3_VERSION' }, 'localhost', [
    { call: 'SSL_accept', ssl: 'ss', expect: { ret: -1, sslError: 'SSL_ERROR_SSL', errorQueue: ['unsupported protocol'] } },
    { call: 'wait', sock: 'c', for: 'readable', timeoutMs: 5000 },
    { call: 'SSL_connect', ssl: 'cs', expect: { ret: -1, sslError: 'SSL_ERROR_SSL', errorQueue: ['protocol version'] } },
  ]),
};

describe('TLS: the engine and the exported C program agree', () => {
  for (const [name, s] of Object.entries(CASES)) {
    it(name, async () => {
      const slug = name.replace(/[^a-z]+/gi, '-').slice(0, 40);
      const [engine, c] = await Promise.all([runEngine(work, s, `${slug}-engine`), runC(work, s, `${slug}-c`)]);
      const misses = (o: typeof c) => o.steps.filter((r) => r.expect && !r.expect.ok).map((r) => [r.index, r.call, r.expect!.mismatches, r.errorQueue.map((q) => q.text)]);
      expect(misses(engine), 'engine expectations').toEqual([]);
      expect(misses(c), 'C expectations').toEqual([]);
      expect(compareRuns(s, engine, c)).toEqual([]);
    }, 120_000);
  }
});
