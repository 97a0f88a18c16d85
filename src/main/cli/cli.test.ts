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
    expect(r.stderr).toMatch(/^bio-workbench: step 2, addr: .*port from 0 to 65535/);
  });

  it('a step refused before the call fails the run (exit 1) and says why, in text and in --json', () => {
    const scenario = { steps: [sock, { call: 'BIO_connect', sock: 'c', addr: '[::1]:1' }] };
    const text = cliRun(['run', 'FILE'], scenario);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/the run FAILED/);
    expect(text.stdout).toMatch(/step 2, refused: refused before the call: addr: "\[::1\]:1" resolves only to AF_INET6/);
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
    const error = { step: 1, field: 'addr', message: 'missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path' };
    // `error` keeps its shape (the first error, step counted from 0); `errors` lists them all.
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error, errors: [error] });
    expect(r.stderr).toBe('bio-workbench: step 2, addr: missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path\n');
  });

  it('a misspelled call gets a "did you mean", and the list of calls leaves out __crash', () => {
    const r = cliRun(['validate', 'FILE'], { steps: [{ call: 'BIO_conect', sock: 'c' }] });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bio-workbench: step 1, call: unknown call "BIO_conect"; did you mean BIO_connect\?/);
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

describe('bio-workbench for a person reading it', () => {
  it('validate reports every error, each on its own line with steps counted from 1, and all of them under --json', () => {
    const scenario = { steps: [{ call: 'BIO_conect', sock: 'c' }, sock, { call: 'BIO_connect', sock: 'c' }, { call: 'BIO_listen', sock: 'nope', addr: '127.0.0.1:0' }] };
    const text = cliRun(['validate', 'FILE'], scenario);
    expect(text.code).toBe(2);
    expect(text.stderr.split('\n').filter(Boolean).map((l) => l.replace(/: .*$/, ''))).toEqual(['bio-workbench', 'bio-workbench', 'bio-workbench']);
    expect(text.stderr).toMatch(/^bio-workbench: step 1, call: unknown call "BIO_conect".*\nbio-workbench: step 3, addr: missing; .*\nbio-workbench: step 4, sock: no earlier step names a socket "nope"/);
    const json = JSON.parse(cliRun(['validate', '--json', 'FILE'], scenario).stdout) as { error: unknown; errors: { step: number; field: string }[] };
    expect(json.errors.map((e) => [e.step, e.field])).toEqual([
      [0, 'call'],
      [2, 'addr'],
      [3, 'sock'],
    ]);
    expect(json.error).toEqual(json.errors[0]);
  });

  it('invalid JSON says the line and column', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "steps": [\n    {"call": "BIO_socket",}\n  ]\n}\n');
    const r = cliRun(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bio-workbench: the file is not valid JSON: line 3, column 27: unexpected \'}\'; expected a "name" in quotes\n');
  });

  it('a misspelt flag gets a "did you mean"', () => {
    const r = cliRun(['validate', 'FILE'], { steps: [sock, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', options: ['BIO_SOCK_NODELY'] }] });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bio-workbench: step 2, options: unknown flag name "BIO_SOCK_NODELY"; did you mean BIO_SOCK_NODELAY\?/);
  });

  it('run of a lesson prints each caption, the prediction with its choices and which held, steps counted from 1', () => {
    const lesson = {
      steps: [
        { ...sock, caption: 'A socket for the client.' },
        {
          call: 'BIO_connect',
          sock: 'c',
          addr: '127.0.0.1:1',
          group: 'refused',
          caption: 'Nobody listens on port 1.',
          prediction: { question: 'What does BIO_connect return?', choices: [{ ret: 1, label: 'connected' }, { ret: 0, errno: 'ECONNREFUSED', label: 'refused' }], explanation: 'Port 1 has no listener.' },
        },
      ],
    };
    const r = cliRun(['run', 'FILE'], lesson);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}A socket for the client\.\n#1 {2}c = BIO_socket\(/);
    expect(r.stdout).toMatch(/\n-- group refused: steps 2 to 2 ran back to back in the engine --\n {2}Nobody listens on port 1\.\n#2 {2}BIO_connect\(c, /);
    expect(r.stdout).toContain(['      prediction: What does BIO_connect return?', '        1. connected', '        2. refused   <- held', '      explanation: Port 1 has no listener.'].join('\n'));
  });

  it('run of a lesson with measured steps prints them after the steps as bars in ms; --json stays records only', () => {
    const readable = (sock: string, measure: string) => ({ call: 'wait', sock, for: 'readable', timeoutMs: 5000, measure, expect: { ret: 1 } });
    const steps = [
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', expect: { ret: 1 } },
      sock,
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', expect: { ret: 1 } },
      readable('l', 'a pending accept'),
      { call: 'BIO_accept_ex', sock: 'l', as: 's', timeoutMs: 5000, expect: { ret: 'fd' } },
      { call: 'BIO_write', sock: 'c', data: 'hi', expect: { ret: 2 } },
      readable('s', 'bytes\u001b[2J\nwaiting'),
    ];
    // A lesson: every step has a caption.
    const lesson = { steps: steps.map((s, k) => ({ ...s, caption: `Step ${k + 1}.` })) };
    const r = cliRun(['run', 'FILE'], lesson);
    expect(r.code).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf("\nmeasured (the lesson's chart):\n"));
    expect(block).toMatch(/^\nmeasured \(the lesson's chart\):\n {2}a pending accept #1 {9} *\d+\.\d\d? ms {2}#+\n {2}bytes\\x1b\[2J\\x0awaiting #1 +\d+\.\d\d? ms {2}#+\n\n8 steps; /);
    expect(r.stdout.indexOf('#8  ')).toBeLessThan(r.stdout.indexOf('measured ('));
    const json = cliRun(['run', '--json', 'FILE'], lesson);
    expect(json.stdout).not.toContain('measured (');
    expect(Object.keys(JSON.parse(json.stdout) as object).sort()).toEqual(['failures', 'libcrypto', 'ok', 'steps', 'title']);
  });
});
