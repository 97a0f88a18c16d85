// export-c's program text: it compiles with `cc prog.c -lcrypto` on the OpenSSL 3.0 headers,
// guards the flags those headers lack, names sockets as the scenario does, and runs. Its C
// runtime compiles on its own, part by part.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportC } from './export-c';
import { C_RUNTIME } from './export-c/runtime';
import { cExpression } from '../../shared/c-expression';
import { checkScenario } from '../../shared/scenario-check';
import type { Scenario, Step } from '../../shared/steps';
import type { CallRecord } from '../../shared/record';

const run = promisify(execFile);
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bio-export-c-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scenario(steps: unknown[]): Scenario {
  const checked = checkScenario({ title: 'unit', steps });
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.scenario;
}

/** Compiles with warnings as errors, runs, and parses the JSON the program prints. */
async function compileAndRun(name: string, s: Scenario): Promise<{ ok: boolean; steps: CallRecord[] }> {
  const src = join(work, `${name}.c`);
  writeFileSync(src, exportC(s));
  await run('cc', ['-Wall', '-Wextra', '-Werror', '-o', join(work, name), src, '-lcrypto']).catch((e: { stderr?: string }) => {
    throw new Error(`cc failed:\n${e.stderr}`);
  });
  const out = await run(join(work, name), [], { timeout: 20_000 }).catch((e: { code?: number; stdout?: string }) => {
    if (e.code === 1 && e.stdout) return { stdout: e.stdout };
    throw e;
  });
  return JSON.parse(out.stdout);
}

const runtimeDir = fileURLToPath(new URL('./export-c/runtime/', import.meta.url));
const WARNINGS_AS_ERRORS = ['-Wall', '-Wextra', '-Werror'];

describe('the C runtime', () => {
  const parts = readdirSync(runtimeDir).filter((f) => f.endsWith('.c'));

  it('compiles part by part on its own, warning-free, and links with a stub main', async () => {
    expect(parts.length).toBeGreaterThan(1);
    const objects = await Promise.all(
      parts.map(async (part) => {
        const object = join(work, part.replace(/\.c$/, '.o'));
        await run('cc', [...WARNINGS_AS_ERRORS, '-c', '-o', object, join(runtimeDir, part)]).catch((e: { stderr?: string }) => {
          throw new Error(`cc -c ${part} failed:\n${e.stderr}`);
        });
        return object;
      }),
    );
    const stub = join(work, 'stub-main.c');
    writeFileSync(stub, '#include "wb-runtime.h"\nint main(void)\n{\n    static struct wb_rec recs[1];\n    wb_start(recs, 1);\n    return wb_print("stub") ? 0 : 1;\n}\n');
    await run('cc', [...WARNINGS_AS_ERRORS, '-I', runtimeDir, '-o', join(work, 'stub'), stub, ...objects, '-lcrypto']).catch((e: { stderr?: string }) => {
      throw new Error(`linking the runtime failed:\n${e.stderr}`);
    });
    const out = JSON.parse((await run(join(work, 'stub'), [], { timeout: 20_000 })).stdout);
    expect(out).toMatchObject({ ok: true, title: 'stub', libcrypto: { path: expect.stringContaining('libcrypto') }, steps: [{ ret: null }] });
  });

  it('is inlined whole into every program: the header and each part', () => {
    const program = exportC(scenario([{ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }]));
    for (const file of ['wb-runtime.h', ...parts]) {
      const text = readFileSync(join(runtimeDir, file), 'utf8').replace('#include "wb-runtime.h"\n', '');
      expect(C_RUNTIME, `runtime/${file} in C_RUNTIME`).toContain(text);
    }
    expect(program).toContain(C_RUNTIME);
    expect(program).not.toContain('#include "wb-runtime.h"');
  });
});

describe('exportC', () => {
  it('guards every BIO_SOCK_* flag, so BIO_SOCK_TFO compiles on 3.0 headers that lack it', async () => {
    const s = scenario([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['BIO_SOCK_TFO', 'BIO_SOCK_REUSEADDR'] },
    ]);
    const text = exportC(s);
    expect(text).toContain('#ifndef BIO_SOCK_TFO\n# define BIO_SOCK_TFO 0x20');
    expect(text).toContain('BIO_listen(l, addr, BIO_SOCK_REUSEADDR | BIO_SOCK_TFO)');
    const out = await compileAndRun('tfo', s);
    expect(out.steps[1].ret).toBe(1);
    expect(out.steps[1].socket?.applied.SO_REUSEADDR).toBe(true);
  });

  it('writes each call as cExpression gives it and records that same text as `c`', async () => {
    const steps = [
      { call: 'BIO_socket', as: 'u', domain: 'AF_INET', socktype: 'SOCK_DGRAM', protocol: 'IPPROTO_UDP' },
      { call: 'BIO_bind', sock: 'u', addr: '127.0.0.1:0', options: ['BIO_SOCK_REUSEADDR'] },
      { call: 'BIO_sock_error', sock: 'u' },
      { call: 'BIO_closesocket', sock: 'u' },
    ];
    const s = scenario(steps);
    const text = exportC(s);
    for (const step of s.steps) expect(text).toContain(cExpression(step as Step));
    const out = await compileAndRun('exprs', s);
    expect(out.steps.map((r) => r.c)).toEqual(s.steps.map((step) => cExpression(step as Step)));
    expect(out.steps.map((r) => r.ret)).toEqual([expect.any(Number), 1, 0, 1]);
    expect(out.steps[0].ret).toBeGreaterThanOrEqual(0);
    expect(out.steps[1].socket).toMatchObject({ role: 'datagram', family: 'AF_INET', type: 'SOCK_DGRAM', local: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(out.steps[3].socket?.role).toBe('closed');
  });

  it('fills {name.port} at run time from getsockname', async () => {
    const s = scenario([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' },
    ]);
    const out = await compileAndRun('port', s);
    const port = out.steps[1].socket!.local!.split(':')[1];
    expect(Number(port)).toBeGreaterThan(0);
    expect(out.steps[3]).toMatchObject({ ret: 1, errno: null, addresses: [{ family: 'AF_INET', address: `127.0.0.1:${port}`, used: true }] });
    expect(out.steps[3].socket?.peer).toBe(`127.0.0.1:${port}`);
  });

  it('writes a step on an fd number as a comment and records it refused, with no call made', async () => {
    const s = scenario([{ call: 'BIO_closesocket', sock: 0 }]);
    const text = exportC(s);
    expect(text).toMatch(/\/\* step 1: BIO_closesocket\(0\) is not made: fd 0 is not a socket this program created/);
    expect(text).not.toMatch(/wb_ret = BIO_closesocket\(0\)/);
    const out = await compileAndRun('refused', s);
    expect(out.steps[0]).toMatchObject({ ret: null, refused: expect.stringContaining('fd 0') });
  });

  it('refuses the test-only __crash, in a comment that opens no nested comment (-Wcomment)', async () => {
    const s = scenario([{ call: '__crash' }, { call: 'BIO_socket', as: 'x', domain: 'AF_INET', socktype: 'SOCK_STREAM', note: 'a note with /* and */ in it' }]);
    const out = await compileAndRun('crash', s);
    expect(out.steps[0]).toMatchObject({ ret: null, refused: expect.stringContaining('not exported to C') });
    expect(out.steps[1].ret).toBeGreaterThanOrEqual(0);
  });

  it('gives sockets named like C identifiers a variable that compiles, and keeps their names in the record', async () => {
    const s = scenario([
      { call: 'BIO_socket', as: 'socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_socket', as: 'my-sock', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_socket', as: 'r', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_closesocket', sock: 'socket' },
      { call: 'BIO_closesocket', sock: 'my-sock' },
      { call: 'BIO_closesocket', sock: 'r', expect: { ret: 1 } },
      { call: 'BIO_closesocket', sock: 'r', expect: { refused: true } },
    ]);
    const text = exportC(s);
    expect(text).toContain('static int socket_sock = -1;');
    expect(text).toContain('static int my_sock = -1;');
    const out = await compileAndRun('names', s);
    expect(out.steps.slice(0, 3).map((r) => r.socket?.name)).toEqual(['socket', 'my-sock', 'r']);
    expect(out.steps[6]).toMatchObject({ ret: null, refused: expect.stringContaining('"r"') });
    expect(out.ok).toBe(true);
  });

  it("writes each lesson step's caption as a comment, steps counted from 1 (the JSON keeps 0-based indexes)", () => {
    const text = exportC(
      scenario([
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'A socket: */ not yet\nbound' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', background: true, caption: 'Listening' },
        { call: 'await', step: 1, caption: 'The listen is done' },
      ]),
    );
    expect(text).toContain('/* step 1: l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)\n * caption: A socket: * / not yet bound\n */\nstatic int wb_step_0(');
    expect(text).toContain('    /* step 3: await step 2\n     * caption: The listen is done\n     */');
    expect(text).toContain('wb_begin(0, "BIO_socket"');
  });

  it('gives two names that map to one C identifier (a-b, a_b) a variable each, so the program compiles', async () => {
    const s = scenario([
      { call: 'BIO_socket', as: 'a-b', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_socket', as: 'a_b', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_closesocket', sock: 'a-b', expect: { ret: 1 } },
      { call: 'BIO_closesocket', sock: 'a_b', expect: { ret: 1 } },
    ]);
    const text = exportC(s);
    expect(text).toContain('static int a_b = -1;');
    expect(text).toContain('static int a_b_ = -1;');
    const out = await compileAndRun('collision', s);
    expect(out.steps.map((r) => r.socket?.name ?? r.args.sock)).toEqual(['a-b', 'a_b', 'a-b', 'a_b']);
    expect(out.ok).toBe(true);
  });

  it('checks expectations as the workbench does and exits 1 when one fails', async () => {
    const s = scenario([
      { call: 'BIO_socket', as: 'bad', domain: 'AF_UNIX', socktype: 'SOCK_STREAM', protocol: 'IPPROTO_TCP', expect: { ret: -1, errno: 'EPROTONOSUPPORT', errorQueue: ['unable to create socket'] } },
      { call: 'BIO_socket', as: 'ok', domain: 'AF_INET', socktype: 'SOCK_STREAM', expect: { errno: 'EBADF' } },
    ]);
    const out = await compileAndRun('expect', s);
    expect(out.steps[0].expect).toEqual({ ok: true, mismatches: [] });
    expect(out.steps[0].errorQueue.map((e) => e.hex)).toEqual(['8000005D', '10000076']);
    expect(out.steps[1].expect).toEqual({ ok: false, mismatches: [{ field: 'errno', expected: 'EBADF', actual: null }] });
    expect(out.ok).toBe(false);
  });
});
