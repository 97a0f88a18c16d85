// `npm start` (out/main/launch.js) with an Electron binary present: a stand-in that records the
// arguments it was started with, in a copy of the built app, so the real launch code decides.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, renameSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = process.cwd();
let appRoot: string;

beforeAll(() => {
  const built = resolve(repo, 'out/main/launch.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  appRoot = mkdtempSync(join(tmpdir(), 'bio-launch-'));
  cpSync(resolve(repo, 'out/main'), join(appRoot, 'out/main'), { recursive: true });
  mkdirSync(join(appRoot, 'node_modules/electron/dist'), { recursive: true });
  for (const name of readdirSync(resolve(repo, 'node_modules'))) {
    if (name !== 'electron') symlinkSync(resolve(repo, 'node_modules', name), join(appRoot, 'node_modules', name));
  }
  writeFileSync(join(appRoot, 'node_modules/electron/path.txt'), 'electron');
  const fake = join(appRoot, 'node_modules/electron/dist/electron');
  writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do printf \'%s\\n\' "$a"; done > "$FAKE_ELECTRON_ARGS"\n');
  chmodSync(fake, 0o755);
});
afterAll(() => rmSync(appRoot, { recursive: true, force: true }));

function launch(...argv: string[]) {
  const argsFile = join(appRoot, `args-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, [join(appRoot, 'out/main/launch.js'), ...argv], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, FAKE_ELECTRON_ARGS: argsFile } });
  const electronArgs = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trim().split('\n') : null;
  return { code: r.status, stderr: r.stderr, electronArgs };
}

const isRoot = process.getuid?.() === 0;

/** Skips, saying why, a test written for the other kind of user. */
function onlyAs(root: boolean, ctx: { skip: (note?: string) => void }): void {
  if (isRoot === root) return;
  const why = root ? 'not running as root: the root launch test does not apply' : 'running as root: the ordinary-user launch test does not apply';
  console.log(`skipped: ${why}`);
  ctx.skip(why);
}

describe('npm start with the Electron binary present', () => {
  it('as root: refuses to start Electron without --allow-root, saying what to do', (ctx) => {
    onlyAs(true, ctx);
    const r = launch();
    expect(r.electronArgs, 'Electron must not have been started').toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('npm start -- --allow-root');
  });

  it('as root with --allow-root: Electron gets --no-sandbox and the root switch, not the flag itself', (ctx) => {
    onlyAs(true, ctx);
    const r = launch('--allow-root', '--libcrypto', '/x/libcrypto.so.3');
    expect(r.code).toBe(0);
    expect(r.electronArgs).toEqual(['--no-sandbox', '--workbench-as-root', `${appRoot}/`, '--libcrypto', '/x/libcrypto.so.3']);
    expect(r.stderr).toMatch(/sandbox is off/);
  });

  it('as an ordinary user: Electron starts with the sandbox on, the flag dropped', (ctx) => {
    onlyAs(false, ctx);
    const r = launch('--allow-root');
    expect(r.code).toBe(0);
    expect(r.electronArgs).toEqual([`${appRoot}/`]);
  });

  it('without the binary: the web host starts instead, whoever runs it, and ignores --allow-root', () => {
    const pathTxt = join(appRoot, 'node_modules/electron/path.txt');
    renameSync(pathTxt, `${pathTxt}.away`);
    try {
      const r = launch('--allow-root', '--help');
      expect(r.electronArgs).toBeNull();
      expect(r.stderr).toMatch(/starting the web host instead/);
      expect(r.code).toBe(0);
    } finally {
      renameSync(`${pathTxt}.away`, pathTxt);
    }
  });
});
