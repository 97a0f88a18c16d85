#!/usr/bin/env node
// `npm run mutation [-- --mutate PATH] [other stryker options]`: StrykerJS with stryker.config.mjs.
// PATH may be a folder or a file (several, comma-separated); a folder means its modules, not its tests.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--mutate');
if (at >= 0) {
  const paths = (args[at + 1] ?? '').split(',').filter(Boolean);
  if (paths.length === 0) {
    process.stderr.write('--mutate: expected a file or folder under src, e.g. --mutate src/shared\n');
    process.exit(2);
  }
  const globs = paths.flatMap((p) => {
    const path = p.replace(/\/+$/, '');
    const folder = statSync(path, { throwIfNoEntry: false })?.isDirectory();
    return folder ? [`${path}/**/*.ts`, `${path}/**/*.tsx`] : [path];
  });
  args.splice(at, 2, '--mutate', [...globs, '!**/*.test.ts', '!**/*.test.tsx', '!**/*.d.ts'].join(','));
}
const stryker = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin/stryker.js');
const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
