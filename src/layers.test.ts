// The layer rules (.dependency-cruiser.cjs) hold on the real tree, and catch each crossing they
// name when one is made: a tree of one-line files, each breaking one rule, is cruised with them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as IConfiguration;
const made: string[] = [];

/**
 * The engine trusts its host's validation and never loads zod, whose start-up every CLI run would
 * pay: no value import of the engine's reaches a module of src/shared that loads it (type-only
 * imports vanish when compiled, so this rule is cruised without them).
 */
const ENGINE_WITHOUT_SCHEMAS: NonNullable<IConfiguration['forbidden']> = [
  {
    name: 'engine-loads-no-schema-library',
    severity: 'error',
    from: { path: '^src/main/engine/', pathNot: '\\.test\\.tsx?$|/testing/' },
    to: { path: '^src/shared/(steps|contract|issue-text|rpc/validate)\\.ts$', reachable: true },
  },
];

async function violations(baseDir: string, tsConfig?: string, forbidden = config.forbidden, typeOnly = true): Promise<string[]> {
  const cwd = process.cwd();
  process.chdir(baseDir);
  try {
    const result = await cruise(['src'], { ...config.options, tsPreCompilationDeps: typeOnly, ruleSet: { forbidden }, tsConfig: tsConfig ? { fileName: tsConfig } : undefined, validate: true });
    return (result.output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
  } finally {
    process.chdir(cwd);
  }
}

/** A throwaway tree of the given files (path to text), removed after the tests. */
function writeTree(files: Record<string, string>): string {
  const tree = mkdtempSync(join(tmpdir(), 'bio-layers-'));
  made.push(tree);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(tree, dirname(file)), { recursive: true });
    writeFileSync(join(tree, file), text);
  }
  return tree;
}

afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('layers', () => {
  it('hold on the real tree', async () => {
    expect(await violations(root, 'tsconfig.base.json')).toEqual([]);
  }, 60_000);

  it('catch each crossing they name', async () => {
    const files: Record<string, string> = {
      'src/shared/contract.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'src/main/engine/engine.ts': "import { app } from 'electron';\nexport const engine = app;\n",
      'src/main/engine/pool.ts': "import { host } from '../host';\nexport const pool = host;\n",
      'src/main/host.ts': "import koffi from 'koffi';\nexport const host = koffi;\n",
      'src/preload/index.ts': "import { host } from '../main/host';\nexport const bridge = host;\n",
      'src/renderer/src/page.ts': "import { host } from '../../main/host';\nimport { join } from 'node:path';\nexport const page = [host, join];\n",
      'src/playwright/fixture.ts': "import { host } from '../main/host';\nexport const fixture = host;\n",
      'src/renderer/src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/renderer/src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    };
    const tree = writeTree(files);
    const found = await violations(tree);
    const rules = [...new Set(found.map((v) => v.split(':')[0]))].sort();
    expect(rules).toEqual([
      'engine-imports-no-host',
      'fixture-starts-the-built-app',
      'hosts-never-load-koffi',
      'no-circular',
      'preload-imports-only-shared-and-electron',
      'renderer-imports-only-shared-and-its-own',
      'renderer-uses-no-node-builtin',
      'shared-imports-only-shared',
    ]);
    expect(found).toContain('engine-imports-no-host: src/main/engine/engine.ts -> electron');
    expect(found).toContain('engine-imports-no-host: src/main/engine/pool.ts -> src/main/host.ts');
    expect(found).toContain('shared-imports-only-shared: src/shared/contract.ts -> fs');
    expect(found).toContain('fixture-starts-the-built-app: src/playwright/fixture.ts -> src/main/host.ts');
  }, 60_000);

  it('keep every module that loads zod out of the engine: the real tree holds, a value import through src/shared is caught', async () => {
    expect(await violations(root, 'tsconfig.base.json', ENGINE_WITHOUT_SCHEMAS, false)).toEqual([]);
    const files: Record<string, string> = {
      'src/shared/steps.ts': "import { z } from 'zod';\nexport const Step = z.object({});\nexport const CHUNK = 1;\nexport type StepT = { call: string };\n",
      'src/shared/words.ts': "import { CHUNK } from './steps';\nexport const words = CHUNK;\n",
      'src/main/engine/typed.ts': "import type { StepT } from '../../shared/steps';\nexport const typed = (s: StepT) => s.call;\n",
      'src/main/engine/engine.ts': "import { words } from '../../shared/words';\nexport const engine = words;\n",
    };
    const tree = writeTree(files);
    expect(await violations(tree, undefined, ENGINE_WITHOUT_SCHEMAS, false)).toEqual(['engine-loads-no-schema-library: src/main/engine/engine.ts -> src/shared/steps.ts']);
  }, 60_000);
});
