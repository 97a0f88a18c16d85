// The built command line (out/main/cli.js) on bad input: exit codes, what --json says and what
// a person reads. `run` calls the real libcrypto through the engine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = resolve(process.cwd(), 'out/main/cli.js');
let dir: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'bio-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sock = { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' };

function cliRun(args: string[], scenario?: unknown, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
  if (scenario !== undefined) writeFileSync(file, JSON.stringify(scenario));
  const r = spawnSync(process.execPath, [cli, ...args.map((a) => (a === 'FILE' ? file : a))], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bio-workbench on bad input', () => {
  it('a port above 65535 is an invalid file (exit 2) naming the step, addr and the range; nothing runs', () => {
    const r = cliRun(['run', '--json', 'FILE'], { steps: [sock, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:99999' }] });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: { step: number; field: string; message: string } };
    expect(out.ok).toBe(false);
    expect(out.error).toMatchObject({ step: 1, field: 'addr' });
    expect(out.error.message).toMatch(/port from 0 to 65535/);
    expect(r.stderr).toMatch(/^bio-workbench: step 1, addr: .*port from 0 to 65535/);
  });

  it('a step refused before the call fails the run (exit 1) and says why, in text and in --json', () => {
    const scenario = { steps: [sock, { call: 'BIO_connect', sock: 'c', addr: '[::1]:1' }] };
    const text = cliRun(['run', 'FILE'], scenario);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/the run FAILED/);
    expect(text.stdout).toMatch(/step 1, refused: refused before the call: addr: "\[::1\]:1" resolves only to AF_INET6/);
    const json = cliRun(['run', '--json', 'FILE'], scenario);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { ok: boolean; failures: Array<{ step: number; field: string; message: string }> };
    expect(out.ok).toBe(false);
    expect(out.failures).toHaveLength(1);
    expect(out.failures[0]).toMatchObject({ step: 1, field: 'refused' });
    expect(out.failures[0].message).toMatch(/^refused before the call: /);
  });

  it('a refusal the step expects ("refused": true) passes (exit 0)', () => {
    const r = cliRun(['run', '--json', 'FILE'], { steps: [sock, { call: 'BIO_connect', sock: 'c', addr: '[::1]:1', expect: { refused: true } }] });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, failures: [] });
  });

  it('validate --json: a missing field says what the call needs, without repeating the step and field', () => {
    const r = cliRun(['validate', '--json', 'FILE'], { steps: [sock, { call: 'BIO_connect', sock: 'c' }] });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: { step: 1, field: 'addr', message: 'missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path' } });
    expect(r.stderr).toBe('bio-workbench: step 1, addr: missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path\n');
  });

  it('a misspelled call gets a "did you mean", and the list of calls leaves out __crash', () => {
    const r = cliRun(['validate', 'FILE'], { steps: [{ call: 'BIO_conect', sock: 'c' }] });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bio-workbench: step 0, call: unknown call "BIO_conect"; did you mean BIO_connect\?/);
    expect(r.stderr).toContain('BIO_lookup_ex');
    expect(r.stderr).not.toContain('__crash');
  });

  it('schema lists __crash only where BIO_WORKBENCH_TEST_CRASH=1', () => {
    const plain = cliRun(['schema'], undefined, { BIO_WORKBENCH_TEST_CRASH: '' });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('"BIO_connect"');
    expect(plain.stdout).not.toContain('__crash');
    const testing = cliRun(['schema'], undefined, { BIO_WORKBENCH_TEST_CRASH: '1' });
    expect(testing.stdout).toContain('"__crash"');
  });
});
