// Connect/accept BIO and TLS scenarios through the built command line (out/main/cli.js): both
// ends in the workbench, so no peer program is needed; expectations on SSL_get_error, the verify
// result and the error queue hold, `validate` names the field, `schema` lists the calls, and
// export-c writes the TLS calls.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../shared/record';

const cli = resolve(process.cwd(), 'out/main/cli.js');
let dir: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'bio-tls-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cliRun(args: string[], scenario?: unknown) {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
  if (scenario !== undefined) writeFileSync(file, JSON.stringify(scenario));
  const r = spawnSync(process.execPath, [cli, ...args.map((a) => (a === 'FILE' ? file : a))], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A connect BIO reaching an accept BIO on the port it was given ({ab.port}): both BIO_do_accept calls, BIO_pop, data both ways. */
const bioScenario = {
  title: 'a connect BIO and an accept BIO',
  steps: [
    { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0', expect: { ret: 1 } },
    { call: 'BIO_do_accept', bio: 'ab', expect: { ret: 1, state: 'LISTEN' } },
    { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:{ab.port}', expect: { ret: 1 } },
    { call: 'BIO_do_connect', bio: 'cb', expect: { ret: 1, state: 'ESTABLISHED' } },
    { call: 'BIO_do_accept', bio: 'ab', timeoutMs: 10_000, expect: { ret: 1 } },
    { call: 'BIO_pop', bio: 'ab', as: 'conn', expect: { ret: 1, state: 'ESTABLISHED' } },
    { call: 'BIO_write', sock: 'cb', data: 'ping', expect: { ret: 4 } },
    { call: 'BIO_read', sock: 'conn', max: 16, timeoutMs: 10_000, expect: { data: 'ping' } },
    { call: 'BIO_free', bio: 'conn', expect: { ret: 1 } },
    { call: 'BIO_free', bio: 'cb', expect: { ret: 1 } },
    { call: 'BIO_free', bio: 'ab', expect: { ret: 1 } },
  ],
};

/** A nonblocking TLS handshake between a workbench client and a workbench server; `client` configures the client's context. */
function tlsScenario(client: Record<string, unknown>, host: string, end: unknown[]) {
  return {
    steps: [
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', expect: { ret: 1 } },
      { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo', expect: { ret: 1 } },
      { call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', ...client, expect: { ret: 1 } },
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', options: ['BIO_SOCK_NONBLOCK'] },
      { call: 'wait', sock: 'c', for: 'writable', timeoutMs: 10_000, expect: { ret: 1 } },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a', options: ['BIO_SOCK_NONBLOCK'], timeoutMs: 10_000, expect: { ret: 'fd' } },
      { call: 'SSL_new', as: 'cs', ctx: 'cctx', sock: 'c', host, expect: { ret: 1 } },
      { call: 'SSL_new', as: 'ss', ctx: 'sctx', sock: 'a', expect: { ret: 1 } },
      { call: 'SSL_connect', ssl: 'cs', expect: { ret: -1, sslError: 'SSL_ERROR_WANT_READ' } },
      { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 10_000, expect: { ret: 1 } },
      { call: 'SSL_accept', ssl: 'ss', expect: { ret: -1, sslError: 'SSL_ERROR_WANT_READ' } },
      { call: 'wait', sock: 'c', for: 'readable', timeoutMs: 10_000, expect: { ret: 1 } },
      ...end,
    ],
  };
}

describe('bio-workbench run: connect, accept and TLS steps', () => {
  it('a connect BIO reaches an accept BIO and data goes through (exit 0)', () => {
    const r = cliRun(['run', '--json', 'FILE'], bioScenario);
    const out = JSON.parse(r.stdout) as ScenarioResult;
    expect(out.failures).toEqual([]);
    expect(r.code).toBe(0);
    expect(out.steps[5].bio).toMatchObject({ name: 'conn', type: 'BIO_s_socket' });
    expect(out.steps[1].ctrl).toEqual({ cmd: 101, name: 'BIO_C_DO_STATE_MACHINE', larg: 0, parg: null });
  });

  it('a nonblocking handshake completes and verifies the demo certificate with it as the CA file', () => {
    const end = [
      { call: 'SSL_connect', ssl: 'cs', expect: { ret: 1, sslError: 'SSL_ERROR_NONE', verifyResult: 0 } },
      { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 10_000 },
      { call: 'SSL_accept', ssl: 'ss', expect: { ret: 1 } },
      { call: 'SSL_write', ssl: 'cs', data: 'over TLS', expect: { ret: 8 } },
      { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 10_000 },
      { call: 'SSL_read', ssl: 'ss', max: 64, expect: { data: 'over TLS' } },
    ];
    const r = cliRun(['run', '--json', 'FILE'], tlsScenario({ verify: 'SSL_VERIFY_PEER', caFile: 'demo' }, 'localhost', end));
    const out = JSON.parse(r.stdout) as ScenarioResult;
    expect(out.failures).toEqual([]);
    expect(r.code).toBe(0);
    expect(out.steps[14].tls).toMatchObject({ version: 'TLSv1.3', peer: { subject: expect.stringContaining('CN=localhost') } });
  });

  it('verification fails on the self-signed certificate, and on a host name it does not name', () => {
    const fails = (verifyResult: number) => [{ call: 'SSL_connect', ssl: 'cs', expect: { ret: -1, sslError: 'SSL_ERROR_SSL', errorQueue: ['certificate verify failed'], verifyResult } }];
    const selfSigned = cliRun(['run', '--json', 'FILE'], tlsScenario({ verify: 'SSL_VERIFY_PEER' }, 'localhost', fails(18)));
    expect((JSON.parse(selfSigned.stdout) as ScenarioResult).failures).toEqual([]);
    const wrongHost = cliRun(['run', '--json', 'FILE'], tlsScenario({ verify: 'SSL_VERIFY_PEER', caFile: 'demo' }, 'wrong.example', fails(62)));
    const out = JSON.parse(wrongHost.stdout) as ScenarioResult;
    expect(out.failures).toEqual([]);
    expect(out.steps[14].tls!.verify).toEqual({ code: 62, text: 'hostname mismatch' });
    // The human report shows the verify result's text.
    expect(cliRun(['run', 'FILE'], tlsScenario({ verify: 'SSL_VERIFY_PEER' }, 'localhost', fails(18))).stdout).toMatch(/verify result 18: self.signed certificate/);
  });

  it('validate names the field of a bad step and runs nothing (exit 2)', () => {
    const r = cliRun(['validate', '--json', 'FILE'], { steps: [{ call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' }, { call: 'BIO_set_nbio', bio: 'cb', on: 'yes' }] });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ step: 1, field: 'on', message: expect.stringMatching(/expected true/) });
    const unknown = cliRun(['validate', '--json', 'FILE'], { steps: [{ call: 'SSL_connect', ssl: 'nobody' }] });
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ step: 0, field: 'ssl', message: expect.stringMatching(/no earlier step names a TLS connection/) });
  });

  it('schema lists the new calls; export-c writes the TLS calls, and BIO_set_conn_address as not made yet', () => {
    expect(cliRun(['schema']).stdout).toContain('"BIO_do_accept"');
    const c = cliRun(['export-c', 'FILE'], tlsScenario({}, 'localhost', [{ call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' }, { call: 'BIO_set_conn_address', bio: 'cb', addr: '127.0.0.1:1' }]));
    expect(c.stdout).toMatch(/wb_ret = SSL_connect\(ssl_cs\);/);
    expect(c.stdout).toMatch(/#include <openssl\/ssl\.h>/);
    expect(c.stdout).toMatch(/BIO_set_conn_address\(cb, addr\) is not made: BIO_set_conn_address is not exported to C yet/);
  });
});
