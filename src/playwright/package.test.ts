// The package as another project gets it: `npm pack` of this checkout, installed into a fresh
// project (./consumer, with @playwright/test as its own dependency). Its Playwright tests import
// bio-socket-workbench/playwright and make a refused connect; its node code runs the node API on a
// shipped scenario; its TypeScript sees both entries' types. Then nothing the workbench started is
// left: no process, no listening port, no socket file or directory.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const consumer = fileURLToPath(new URL('./consumer', import.meta.url));
const CHROMIUM = process.env.BIO_WORKBENCH_CHROMIUM ?? '/usr/bin/chromium';
const BUILT = ['out/main/api.js', 'out/main/playwright.js', 'out/main/web.js', 'out/types/main/api.d.ts', 'out/types/playwright/index.d.ts', 'out/renderer/index.html'];
const INSTALLED = 'node_modules/bio-socket-workbench/';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** This test runs under `npm test`: the npm that runs inside it must not take that run's package and lifecycle for its own. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_(package|lifecycle|config_local_prefix|command)/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  return { ...env, ...extra };
}

function run(command: string, args: string[], opts: { cwd: string; timeout: number; env?: NodeJS.ProcessEnv }): Ran {
  const r = spawnSync(command, args, { cwd: opts.cwd, env: childEnv(opts.env), encoding: 'utf8', timeout: opts.timeout, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}` };
}

/** Processes whose command line runs a file of the package installed in `project`. */
function workbenchProcesses(project: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(join(project, INSTALLED))) found.push(`${pid}: ${cmdline}`);
    } catch {
      // Gone while listed.
    }
  }
  return found;
}

/** Loopback ports in LISTEN, from the kernel's tables. */
function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local) ports.add(parseInt(local.split(':')[1], 16));
    }
  }
  return ports;
}

/** Every socket file, and every file or directory named bio-workbench*, under `dir`. */
function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = lstatSync(path);
      if (name.startsWith('bio-workbench') || st.isSocket()) found.push(path);
      if (st.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found;
}

let work: string;
let project: string;
/** What `npm pack --json` says of the tarball. */
let packed: { filename: string; files: { path: string }[] };
/** Why the fresh project could not be installed, when the npm registry cannot be reached. */
let unavailable: string | null = null;

function needsRegistry(ctx: { skip: (note?: string) => void }): void {
  if (!unavailable) return;
  console.log(`skipped: ${unavailable}`);
  ctx.skip(unavailable);
}

beforeAll(() => {
  const missing = BUILT.filter((f) => !existsSync(join(repo, f)));
  if (missing.length) throw new Error(`the package is not built (${missing.join(', ')} missing): run npm run build first`);
  work = mkdtempSync(join(tmpdir(), 'bio-package-'));
  // --ignore-scripts: packs the build this test run uses, without rebuilding out/ under the other tests' feet.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repo, timeout: 60_000 });
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0];
  const tarball = join(work, packed.filename);

  project = join(work, 'project');
  cpSync(consumer, project, { recursive: true });
  const playwrightVersion = (JSON.parse(readFileSync(join(repo, 'node_modules/@playwright/test/package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'workbench-consumer', private: true, type: 'module', devDependencies: { '@playwright/test': playwrightVersion, 'bio-socket-workbench': `file:${tarball}` } }, null, 2),
  );
  // The npm cache already holds what this checkout installed: offline when it can be.
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, timeout: 240_000 });
  if (install.code === 0) return;
  const ping = run('npm', ['ping'], { cwd: project, timeout: 30_000 });
  if (ping.code !== 0) unavailable = `the npm registry is unreachable, so the fresh project cannot install its dependencies (npm ping: ${ping.stderr.trim().split('\n').pop()})`;
  else throw new Error(`npm install of the packed workbench failed:\n${install.stderr}`);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed workbench, installed in a fresh project', () => {
  it('ships the built app, its type declarations and the scenarios, not the sources', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'out/main/api.js', 'out/main/playwright.js', 'out/main/web.js', 'out/main/engine.js', 'out/main/cli.js']));
    expect(files).toEqual(expect.arrayContaining(['out/types/main/api.d.ts', 'out/types/playwright/index.d.ts', 'out/renderer/index.html', 'resources/scenarios/refused-connect.json']));
    expect(files.filter((f) => /^(src|e2e|bench|scripts)\//.test(f) || f === 'out/main/bench.js')).toEqual([]);
  });

  it('runs its own Playwright tests on bio-socket-workbench/playwright: a refused connect, then nothing is left', (ctx) => {
    needsRegistry(ctx);
    const tmp = join(work, 'playwright-tmp');
    mkdirSync(tmp);
    const seen = join(work, 'seen.jsonl');
    const r = run(join(project, 'node_modules/.bin/playwright'), ['test'], { cwd: project, timeout: 180_000, env: { TMPDIR: tmp, CHROMIUM, WORKBENCH_SEEN: seen, CI: '1' } });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('2 passed');

    const tests = readFileSync(seen, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { url: string; processes: { pid: number; cmdline: string }[] });
    expect(tests).toHaveLength(2);
    for (const t of tests) {
      // While each test ran, its web host and its engine ran from the installed package.
      expect(t.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
      expect(t.processes.map((p) => p.cmdline)).toEqual(expect.arrayContaining([expect.stringContaining(`${INSTALLED}out/main/web.js`), expect.stringContaining(`${INSTALLED}out/main/engine.js`)]));
    }
    expect(workbenchProcesses(project)).toEqual([]);
    const listening = listeningPorts();
    expect(tests.map((t) => Number(new URL(t.url).port)).filter((p) => listening.has(p))).toEqual([]);
    expect(leftovers(tmp)).toEqual([]);
  }, 240_000);

  it('runs a shipped scenario through the node API and gets its records; an invalid one rejects naming step and field', (ctx) => {
    needsRegistry(ctx);
    const tmp = join(work, 'api-tmp');
    mkdirSync(tmp);
    const r = run(process.execPath, ['run-api.mjs'], { cwd: project, timeout: 60_000, env: { TMPDIR: tmp } });
    expect(r.code, r.stderr).toBe(0);
    const { report, invalid } = JSON.parse(r.stdout) as {
      report: { ok: boolean; title: string; steps: { call: string; errno: { name: string } | null; errorQueue: { reason: string }[] }[] };
      invalid: unknown;
    };
    expect(report.ok).toBe(true);
    expect(report.title).toBe('A refused connect: two entries on the OpenSSL error queue');
    expect(report.steps.map((s) => s.call)).toEqual(['BIO_socket', 'BIO_listen', 'BIO_closesocket', 'BIO_socket', 'BIO_connect', 'BIO_closesocket']);
    expect(report.steps[4].errno?.name).toBe('ECONNREFUSED');
    expect(report.steps[4].errorQueue.map((e) => e.reason)).toEqual(['Connection refused', 'connect error']);
    expect(invalid).toMatchObject({ isScenarioRunError: true, kind: 'invalid', step: 0, field: 'sock', message: expect.stringMatching(/^step 1, sock: no earlier step names a socket "c"/) });
    expect(workbenchProcesses(project)).toEqual([]);
    expect(leftovers(tmp)).toEqual([]);

    // CommonJS code (node's require of an ES module) gets the same API.
    const cjs = run(process.execPath, ['-e', "const w = require('bio-socket-workbench'); process.stdout.write(typeof w.runScenarioFile)"], { cwd: project, timeout: 30_000 });
    expect(cjs.stdout, cjs.stderr).toBe('function');
  }, 120_000);

  it("gives TypeScript on node's ESM resolution real types for both entries", (ctx) => {
    needsRegistry(ctx);
    const r = run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, timeout: 120_000 });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 150_000);
});
