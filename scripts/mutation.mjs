#!/usr/bin/env node
// `npm run mutation [-- --mutate PATH] [other stryker options]`: StrykerJS with stryker.config.mjs.
// PATH may be a folder or a file (several, comma-separated); a folder means the modules the
// config mutates there (src/main/engine: only its pure ones), else all its modules, never its tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const configured = (await import('../stryker.config.mjs')).default.mutate.filter((g) => !g.startsWith('!'));
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
    if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return [path];
    const inside = configured.filter((g) => g.startsWith(`${path}/`));
    return inside.length > 0 ? inside : [`${path}/**/*.ts`, `${path}/**/*.tsx`];
  });
  process.env.MUTATION_PATHS = paths.join(',');
  args.splice(at, 2, '--mutate', [...globs, '!**/*.test.ts', '!**/*.test.tsx', '!**/*.d.ts'].join(','));
  // Each folder keeps its own incremental record and report, so runs of different folders do not undo each other.
  const full = paths.map((p) => p.replace(/\/+$/, '').replace(/[^A-Za-z0-9.-]+/g, '_')).join('+');
  // Many files' names joined pass the 255-byte limit of a file name: past 120, a digest stands for the rest.
  const slug = full.length <= 120 ? full : `${full.slice(0, 80)}+${paths.length}-paths-${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
  if (!args.includes('--incrementalFile')) args.push('--incrementalFile', `reports/mutation/${slug}.incremental.json`);
  if (!args.some((a) => a.startsWith('--htmlReporter'))) process.env.MUTATION_HTML = `reports/mutation/${slug}.html`;
}
const stryker = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin/stryker.js');
const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
