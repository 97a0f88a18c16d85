// The package's node API against the real libcrypto: a shipped scenario's records, a failed
// expectation, and rejections that name the step and field (or the engine) before anything runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenarioFile, ScenarioRunError, scenariosDir } from './api';

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
