// `npm run check-support` (scripts/check-support.mjs): whether the pinned Electron is still in
// Electron's support window. Kept out of `npm test` because its answer changes with the date;
// here it is asked about fixed dates, so this test does not.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const script = join(repo, 'scripts', 'check-support.mjs');
const pin = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron;
const major = Number(pin.split('.')[0]);

function check(today: string) {
  const r = spawnSync(process.execPath, [script, '--today', today], { cwd: repo, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('npm run check-support', () => {
  it('is a script of its own, not part of npm test', () => {
    const scripts = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['check-support']).toBe('node scripts/check-support.mjs');
    expect(scripts.test).not.toMatch(/check-support/);
  });

  it('passes while the pinned major is supported, saying until when', () => {
    const r = check('2026-07-01');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Electron ${pin.replace(/\./g, '\\.')}: supported until about \\d{4}-\\d{2}-\\d{2}, when Electron ${major + 3} ships`));
  });

  it('fails once the pinned major has left support, saying to upgrade', () => {
    const r = check('2099-01-01');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`Electron ${major} reached end of life about \\d{4}-\\d{2}-\\d{2}.*upgrade`));
  });

  it('refuses a date it cannot read', () => {
    const r = check('tomorrow');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--today: expected YYYY-MM-DD/);
  });
});
