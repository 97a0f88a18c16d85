// The package's node API against the real libcrypto: a shipped scenario's records, a failed
// expectation, and rejections that name the step and field (or the engine) before anything runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lessonsDir, runScenarioFile, ScenarioRunError, scenariosDir } from './api';

const dir = mkdtempSync(join(tmpdir(), 'bio-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<ScenarioRunError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ScenarioRunError)) throw new Error(`expected a ScenarioRunError, got ${String(e)}`);
  return e;
}

describe('runScenarioFile', () => {
  it('runs a shipped scenario and resolves with its records, as run --json prints them', async () => {
    const report = await runScenarioFile(join(scenariosDir, 'refused-connect.json'));
    expect(report.ok).toBe(true);
    expect(report.failures).toEqual([]);
    expect(report.title).toBe('A refused connect: two entries on the OpenSSL error queue');
    expect(report.libcrypto?.version).toMatch(/^OpenSSL 3\./);
    expect(report.steps.map((r) => r.call)).toEqual(['BIO_socket', 'BIO_listen', 'BIO_closesocket', 'BIO_socket', 'BIO_connect', 'BIO_closesocket']);
    const connect = report.steps[4];
    expect(connect.ret).toBe(0);
    expect(connect.errno?.name).toBe('ECONNREFUSED');
    expect(connect.errorQueue.map((e) => e.reason)).toEqual(['Connection refused', 'connect error']);
    expect(connect.socket).toMatchObject({ name: 'c', family: 'AF_INET', type: 'SOCK_STREAM' });
  });

  it('takes the scenario as an object; a failed expectation resolves with ok false and says which', async () => {
    const report = await runScenarioFile({
      steps: [
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', expect: { errno: 'EINPROGRESS' } },
      ],
    });
    expect(report.ok).toBe(false);
    expect(report.steps).toHaveLength(2);
    expect(report.failures).toEqual([{ step: 1, field: 'errno', message: 'expected "EINPROGRESS", got "ECONNREFUSED"' }]);
  });

  it('an invalid scenario rejects naming the step and the field; nothing runs', async () => {
    const file = join(dir, 'no-addr.json');
    writeFileSync(file, JSON.stringify({ steps: [{ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_connect', sock: 'c' }] }));
    const e = await rejection(runScenarioFile(file));
    expect(e.kind).toBe('invalid');
    expect(e.error).toEqual({ step: 1, field: 'addr', message: 'missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path' });
    expect(e.message).toBe('step 2, addr: missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path');
  });

  it('runs the connect/accept BIO and TLS calls: a BIO\'s type, fd and chain, a handshake\'s verify result and its text', async () => {
    const report = await runScenarioFile(join(lessonsDir, 'tls-verify.json'));
    expect(report.ok).toBe(true);
    const failed = report.steps.find((r) => r.call === 'SSL_connect' && r.ret === -1 && r.tls?.sslError?.name === 'SSL_ERROR_SSL');
    expect(failed?.tls?.verify).toEqual({ code: 18, text: 'self-signed certificate' });
    expect(failed?.errorQueue.map((e) => e.reason)).toContain('certificate verify failed');

    const bios = await runScenarioFile({
      steps: [
        { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' },
        { call: 'BIO_do_accept', bio: 'ab', expect: { ret: 1 } },
        { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:{ab.port}' },
        { call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_NONBLOCK'] },
        { call: 'BIO_do_connect', bio: 'cb' },
      ],
    });
    expect(bios.ok).toBe(true);
    expect(bios.steps[1].bio).toMatchObject({ name: 'ab', type: 'BIO_s_accept', chain: ['BIO_s_accept'] });
    expect(bios.steps[1].bio!.fd).toBeGreaterThanOrEqual(0);
    expect(bios.steps[3].ctrl).toEqual({ cmd: 155, name: 'BIO_C_SET_CONNECT_MODE', larg: 8, parg: null });
    expect(bios.steps[4]).toMatchObject({ ret: 0, errno: { name: 'EINPROGRESS' }, bio: { retry: { shouldRetry: true, reason: 'BIO_RR_CONNECT' } } });
  });

  it('a BIO step naming no BIO made earlier rejects in the field "bio"; nothing runs', async () => {
    const e = await rejection(runScenarioFile({ steps: [{ call: 'BIO_do_connect', bio: 'cb' }] }));
    expect(e).toMatchObject({ kind: 'invalid', step: 0, field: 'bio' });
    expect(e.message).toMatch(/^step 1, bio: no earlier step names a BIO "cb"/);
  });

  it('a file that cannot be read rejects in the field "file"', async () => {
    const e = await rejection(runScenarioFile(join(dir, 'missing.json')));
    expect(e).toMatchObject({ kind: 'invalid', step: null, field: 'file' });
    expect(e.message).toMatch(/^cannot read .*missing\.json: ENOENT/);
  });

  it('an engine that cannot load its libcrypto rejects with kind "engine", in the field "libcrypto"', async () => {
    const e = await rejection(runScenarioFile(join(scenariosDir, 'refused-connect.json'), { libcrypto: join(dir, 'no-libcrypto.so.3') }));
    expect(e).toMatchObject({ kind: 'engine', step: null, field: 'libcrypto' });
    expect(e.message).toMatch(/^the engine could not start: .*no-libcrypto\.so\.3/);
  });
});
