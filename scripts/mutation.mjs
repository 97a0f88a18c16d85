#!/usr/bin/env node
// `npm run mutation [-- --mutate PATH] [other stryker options]`: StrykerJS with stryker.config.mjs.
// PATH may be a folder or a file (several, comma-separated); a folder means the modules the
// config mutates there (src/main/engine: only its pure ones), else all its modules, never its tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const config = (await import('../stryker.config.mjs')).default;
const configured = config.mutate.filter((g) => !g.startsWith('!'));
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
  const whole = paths.map((p) => p.replace(/\/+$/, '').replace(/[^A-Za-z0-9.-]+/g, '_')).join('+');
  // A long list of files would make a file name past the 255-byte limit: its start and a hash instead.
  const slug = whole.length <= 120 ? whole : `${whole.slice(0, 80)}+${createHash('sha256').update(whole).digest('hex').slice(0, 12)}`;
  if (!args.includes('--incrementalFile')) args.push('--incrementalFile', `reports/mutation/${slug}.incremental.json`);
  if (!args.some((a) => a.startsWith('--htmlReporter'))) process.env.MUTATION_HTML = `reports/mutation/${slug}.html`;
}
// Stryker's incremental record knows a test by its own source, not by the golden files it compares
// against: a retaken golden would leave old verdicts standing. The tests of a golden folder that
// changed since the record was written are dropped from it, so the mutants they cover run again.
const GOLDEN_TESTS = {
  'src/main/cli/export-c/golden': ['src/main/cli/export-c/program-text.test.ts'],
  'src/shared/commands/golden': ['src/shared/commands/commands-text.test.ts', 'src/shared/commands/commands-cases.test.ts'],
};
const at2 = args.indexOf('--incrementalFile');
const record = at2 >= 0 ? args[at2 + 1] : config.incrementalFile;
const goldens = Object.fromEntries(Object.keys(GOLDEN_TESTS).map((dir) => [dir, folderHash(dir)]));
forgetStaleGoldens(record, goldens);
const stryker = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin/stryker.js');
const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...args], { stdio: 'inherit' });
if (run.status === 0 && existsSync(record)) writeFileSync(`${record}.goldens.json`, JSON.stringify(goldens, null, 2) + '\n');
process.exit(run.status ?? 1);

/** A hash of every file under `dir` (names and bytes). */
function folderHash(dir) {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name)).sort();
  for (const f of files) hash.update(f).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** Drops from the incremental record the tests of each golden folder that differs from when it was written. */
function forgetStaleGoldens(file, now) {
  if (!existsSync(file)) return;
  const seen = existsSync(`${file}.goldens.json`) ? JSON.parse(readFileSync(`${file}.goldens.json`, 'utf8')) : {};
  const stale = Object.keys(now).filter((dir) => seen[dir] !== now[dir]);
  if (stale.length === 0) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const dir of stale) for (const test of GOLDEN_TESTS[dir]) delete report.testFiles?.[test];
  writeFileSync(file, JSON.stringify(report));
  process.stderr.write(`mutation: ${stale.join(', ')} changed since ${file} was written: the mutants their tests cover run again\n`);
}
