// `bio-workbench compare` (the built out/main/cli.js) on the system libcrypto and on OpenSSL 3.5:
// the TFO scenario differs exactly at the applied TCP_FASTOPEN, a scenario without TFO agrees, a
// TLS handshake at the builds' defaults over a TFO connect BIO differs in the group and TFO only,
// and the exit codes say so; an invalid file exits 2 and an engine that cannot start exits 3,
// naming which library.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepComparison } from '../../shared/compare';
import { SYSTEM_LIBCRYPTO, userland35, type Userland35 } from '../testing/openssl35';

const cli = resolve(process.cwd(), 'out/main/cli.js');
const scenarios = resolve(process.cwd(), 'resources/scenarios');
let dir: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'bio-compare-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI, asynchronously: two engines run meanwhile, and a synchronous spawn would hold the test's event loop. */
function cliRun(args: string[]): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

interface CompareJson {
  agree: boolean;
  differing: number[];
  steps: StepComparison[];
  libraries: { label: string; path: string; libcrypto: { version: string } }[];
}

describe('compare on one libcrypto build twice', () => {
  it('agrees (exit 0): fd numbers and ports chosen by the kernel are not differences', async () => {
    const r = await cliRun(['compare', join(scenarios, 'tcp-exchange.json'), '--libcrypto', SYSTEM_LIBCRYPTO, '--libcrypto', SYSTEM_LIBCRYPTO, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as CompareJson;
    expect(out).toMatchObject({ agree: true, differing: [] });
    expect(out.steps).toHaveLength(13);
  });

  it('an invalid file exits 2 before any engine starts', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ steps: [{ call: 'BIO_socket', domain: 'AF_BOGUS', socktype: 'SOCK_STREAM' }] }));
    const r = await cliRun(['compare', file, '--libcrypto', SYSTEM_LIBCRYPTO, '--libcrypto', '/nonexistent/libcrypto.so.3', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { step: 0, field: 'domain' } });
  });

  it('one --libcrypto is a usage error (exit 2) naming the option', async () => {
    const r = await cliRun(['compare', join(scenarios, 'tfo-listen.json'), '--libcrypto', SYSTEM_LIBCRYPTO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected --libcrypto twice \(A, then B\), got it 1 time/);
  });

  it('an engine that cannot start exits 3, naming which library', async () => {
    const r = await cliRun(['compare', join(scenarios, 'tfo-listen.json'), '--libcrypto', SYSTEM_LIBCRYPTO, '--libcrypto', '/nonexistent/libcrypto.so.3', '--json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: { field: string; message: string } };
    expect(out.error.field).toBe('libcrypto[1]');
    expect(out.error.message).toMatch(/^the engine for B \(\/nonexistent\/libcrypto\.so\.3\) could not start: .*nonexistent/);
    expect(r.stderr).toMatch(/the engine for B \(\/nonexistent\/libcrypto\.so\.3\) could not start/);
  });
});

describe('compare on the system libcrypto and OpenSSL 3.5', () => {
  let u35: Userland35 | { why: string };
  beforeAll(() => {
    u35 = userland35();
    if ('why' in u35) console.warn(`skipping the OpenSSL 3.5 comparisons: ${u35.why}`);
  }, 20 * 60_000);
  const both = () => {
    const u = u35 as Userland35;
    return ['--libcrypto', SYSTEM_LIBCRYPTO, '--libcrypto', u.libcrypto, '--engine-node', '-', '--engine-node', u.node];
  };

  it('the TFO scenario differs exactly at the applied TCP_FASTOPEN (exit 1)', async (ctx) => {
    if ('why' in u35) return ctx.skip(`the OpenSSL 3.5 userland is unavailable: ${u35.why}`);
    const r = await cliRun(['compare', join(scenarios, 'tfo-listen.json'), ...both(), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as CompareJson;
    expect(out.libraries.map((l) => l.libcrypto.version)).toEqual([expect.stringMatching(/^OpenSSL 3\.0/), expect.stringMatching(/^OpenSSL 3\.5/)]);
    expect(out.differing).toEqual([1]);
    expect(out.steps.flatMap((s) => s.differences.map((d) => ({ step: s.index, ...d })))).toEqual([{ step: 1, field: 'applied.TCP_FASTOPEN', a: 0, b: expect.any(Number) }]);
    expect(out.steps[1].differences[0].b).toBeGreaterThan(0);

    const text = await cliRun(['compare', join(scenarios, 'tfo-listen.json'), ...both()]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/#2 {2}BIO_listen\(l, addr, BIO_SOCK_REUSEADDR \| BIO_SOCK_TFO\) {2}DIFFERS\n {6}applied\.TCP_FASTOPEN: A 0, B [1-9]\d*\n/);
    expect(text.stdout).toMatch(/1 of 3 steps differ \(step 2\)/);
  });

  it('a scenario without TFO agrees (exit 0)', async (ctx) => {
    if ('why' in u35) return ctx.skip(`the OpenSSL 3.5 userland is unavailable: ${u35.why}`);
    const r = await cliRun(['compare', join(scenarios, 'refused-connect.json'), ...both(), '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ agree: true, differing: [] });
  });

  it('a TLS handshake at both builds\' defaults, over a connect BIO asking for TFO, differs exactly where the builds do: the key exchange group and TCP_FASTOPEN_CONNECT (exit 1)', async (ctx) => {
    if ('why' in u35) return ctx.skip(`the OpenSSL 3.5 userland is unavailable: ${u35.why}`);
    const file = join(dir, 'tls-defaults.json');
    writeFileSync(file, JSON.stringify(TLS_DEFAULTS));
    const r = await cliRun(['compare', file, ...both(), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as CompareJson;
    const found = out.steps.flatMap((s) => s.differences.map((d) => ({ step: s.index, ...d })));
    // Seen: 3.0 agrees on x25519, 3.5 on the hybrid X25519MLKEM768; the version, cipher, verify result and SSL_get_error agree.
    expect(found).toEqual([
      { step: 7, field: 'applied.TCP_FASTOPEN_CONNECT', a: 0, b: 1 },
      { step: 16, field: 'tls.group', a: 'x25519', b: 'X25519MLKEM768' },
    ]);
    expect(out.steps[16].differences.map((d) => d.field)).not.toContain('tls.version');
  });
});

/** Both ends of a TLS handshake in one engine, nonblocking, at each build's defaults; the client over a connect BIO with BIO_SOCK_TFO in its mode. */
const TLS_DEFAULTS = {
  title: 'TLS at its defaults, and TFO through a connect BIO',
  steps: [
    { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
    { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
    { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' },
    { call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo' },
    { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:{l.port}' },
    { call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_TFO', 'BIO_SOCK_NONBLOCK'] },
    { call: 'BIO_set_nbio', bio: 'cb', on: true },
    { call: 'BIO_do_connect', bio: 'cb' },
    { call: 'wait', sock: 'cb', for: 'writable', timeoutMs: 5000 },
    { call: 'BIO_accept_ex', sock: 'l', as: 'a', options: ['BIO_SOCK_NONBLOCK'], timeoutMs: 5000 },
    { call: 'SSL_new', as: 'cs', ctx: 'cctx', bio: 'cb', host: 'localhost' },
    { call: 'SSL_new', as: 'ss', ctx: 'sctx', sock: 'a' },
    { call: 'SSL_connect', ssl: 'cs' },
    { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 5000 },
    { call: 'SSL_accept', ssl: 'ss' },
    { call: 'wait', sock: 'cb', for: 'readable', timeoutMs: 5000 },
    { call: 'SSL_connect', ssl: 'cs', expect: { ret: 1, verifyResult: 0 } },
  ],
};
