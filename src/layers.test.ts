// The layer rules (.dependency-cruiser.cjs) hold on the real tree, and catch each crossing they
// name when one is made: throwaway trees of one-line files, each breaking one rule, are cruised
// with them. The trees link the real node_modules, so imports of packages resolve as they do here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const made: string[] = [];

/** `npm run layers` as it runs, in a tree: both passes of depcruise with the project's config. */
function layers(baseDir: string): { failed: boolean; output: string } {
  const pass = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: baseDir, env, encoding: 'utf8' });
  const layered = pass({ ...process.env, LAYERS_PASS: '' });
  const loaded = pass({ ...process.env, LAYERS_PASS: 'loaded' });
  return { failed: layered.status !== 0 || loaded.status !== 0, output: `${layered.stdout}${layered.stderr}${loaded.stdout}${loaded.stderr}` };
}

/** A throwaway tree of the given files (path to text) with the project's config, tsconfig and node_modules. */
function writeTree(files: Record<string, string>): string {
  const tree = mkdtempSync(join(tmpdir(), 'bio-layers-'));
  made.push(tree);
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  for (const config of ['.dependency-cruiser.cjs', 'tsconfig.base.json']) writeFileSync(join(tree, config), readFileSync(join(root, config)));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(tree, dirname(file)), { recursive: true });
    writeFileSync(join(tree, file), text);
  }
  return tree;
}

/** The "error RULE: FROM → TO" lines of depcruise's output (a cycle names its next module on the next line). */
function violations(output: string): string[] {
  return [...output.matchAll(/^\s*error (\S+): (\S+) →\s+(\S+)/gm)].map((m) => `${m[1]}: ${m[2]} -> ${m[3]}`).sort();
}

afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('layers', () => {
  it('hold on the real tree, packages included', () => {
    const { failed, output } = layers(root);
    expect(output).toMatch(/no dependency violations found \(\d+ modules/);
    expect(output).not.toMatch(/\b0 modules/);
    expect(failed).toBe(false);
  }, 60_000);

  it('catch each crossing between our own layers', () => {
    const tree = writeTree({
      'src/shared/contract.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'src/main/engine/pool.ts': "import { host } from '../host';\nexport const pool = host;\n",
      'src/main/host.ts': 'export const host = 1;\n',
      'src/preload/index.ts': "import { host } from '../main/host';\nexport const bridge = host;\n",
      'src/renderer/src/page.ts': "import { host } from '../../main/host';\nimport { join } from 'node:path';\nexport const page = [host, join];\n",
      'src/playwright/fixture.ts': "import { host } from '../main/host';\nexport const fixture = host;\n",
      'src/renderer/src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/renderer/src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    const { failed, output } = layers(tree);
    expect(failed).toBe(true);
    expect(violations(output)).toEqual([
      'engine-imports-no-host: src/main/engine/pool.ts -> src/main/host.ts',
      'fixture-starts-the-built-app: src/playwright/fixture.ts -> src/main/host.ts',
      'no-circular: src/renderer/src/a.ts -> src/renderer/src/b.ts',
      'preload-imports-only-shared-and-electron: src/preload/index.ts -> src/main/host.ts',
      'renderer-imports-only-shared-and-its-own: src/renderer/src/page.ts -> path',
      'renderer-imports-only-shared-and-its-own: src/renderer/src/page.ts -> src/main/host.ts',
      'renderer-uses-no-node-builtin: src/renderer/src/page.ts -> path',
      'shared-imports-only-shared: src/shared/contract.ts -> fs',
    ]);
  }, 60_000);

  // Each forbidden package import alone in its own tree: the tool must see the package to fail.
  it.each([
    ['electron in src/shared', 'src/shared/words.ts', "import { app } from 'electron';\nexport const words = app;\n", 'shared-imports-only-shared'],
    ['electron in the engine', 'src/main/engine/engine.ts', "import { app } from 'electron';\nexport const engine = app;\n", 'engine-imports-no-host'],
    ['koffi in a host', 'src/main/host.ts', "import koffi from 'koffi';\nexport const host = koffi;\n", 'hosts-never-load-koffi'],
    ['ws in the renderer', 'src/renderer/src/socket.ts', "import { WebSocket } from 'ws';\nexport const socket = WebSocket;\n", 'renderer-imports-only-shared-and-its-own'],
    ['koffi in the Playwright fixture', 'src/playwright/fixture.ts', "import koffi from 'koffi';\nexport const fixture = koffi;\n", 'fixture-starts-the-built-app'],
    ['the renderer importing src/playwright', 'src/renderer/src/page.ts', "import { fixture } from '../../playwright/fixture';\nexport const page = fixture;\n", 'renderer-imports-only-shared-and-its-own'],
    ['zod in the engine through src/shared', 'src/main/engine/engine.ts', "import { words } from '../../shared/words';\nexport const engine = words;\n", 'engine-loads-no-schema-library'],
  ])('fail on %s', (_what, file, text, rule) => {
    const tree = writeTree({
      'src/shared/words.ts': "import { z } from 'zod';\nexport const words = z.string();\n",
      'src/playwright/fixture.ts': 'export const fixture = 1;\n',
      [file]: text,
    });
    const { failed, output } = layers(tree);
    expect(failed).toBe(true);
    expect(violations(output).map((v) => v.split(':')[0])).toEqual([rule]);
    expect(violations(output)[0]).toContain(`${rule}: ${file} -> `);
  }, 60_000);

  it('let the engine import types from a module that loads zod: type-only imports vanish when compiled', () => {
    const tree = writeTree({
      'src/shared/steps.ts': "import { z } from 'zod';\nexport const Step = z.object({});\nexport const CHUNK = 1;\nexport type StepT = { call: string };\n",
      'src/shared/words.ts': "import { CHUNK } from './steps';\nexport const words = CHUNK;\n",
      'src/main/engine/typed.ts': "import type { StepT } from '../../shared/steps';\nexport const typed = (s: StepT) => s.call;\n",
    });
    const { failed, output } = layers(tree);
    expect(output).toMatch(/no dependency violations found \(\d+ modules/);
    expect(failed).toBe(false);
  }, 60_000);
});
