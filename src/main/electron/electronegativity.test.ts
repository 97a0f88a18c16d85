// Electronegativity in `npm test`: the repository passes with its allowlist, and the script really
// fails on an unexplained finding or a stale allowlist entry (the tool itself always exits 0).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const script = join(repo, 'scripts', 'electronegativity.mjs');

interface Report {
  ok: boolean;
  summary: string;
  problems: string[];
  findings: Array<{ file: string; line: number; check: string }>;
  scanned: string[];
}

function runScript(args: string[]): { status: number | null; report: Report; stderr: string } {
  const r = spawnSync(process.execPath, [script, '--json', ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`the script printed no JSON report (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

const fixtures: string[] = [];
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bio-electronegativity-'));
  fixtures.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterAll(() => fixtures.forEach((d) => rmSync(d, { recursive: true, force: true })));

const unsafeMain = `import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({
  webPreferences: { contextIsolation: true, sandbox: false, nodeIntegration: false },
});
`;

describe('electronegativity over the repository', () => {
  it('finds nothing the allowlist does not explain, and the allowlist explains only real findings', () => {
    const { status, report } = runScript([]);
    console.log(report.summary);
    for (const p of report.problems) console.log(`FAIL ${p}`);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
    expect(report.scanned).toContain('src');
    expect(report.summary).toMatch(/0 unexplained/);
  });
});

describe('the electronegativity script', () => {
  it('fails on an unexplained finding, naming file:line and the check', () => {
    const root = fixture({ 'package.json': JSON.stringify({ devDependencies: { electron: '45.5.0' } }), 'src/main.ts': unsafeMain });
    const { status, report } = runScript(['--root', root]);
    expect(status).toBe(1);
    expect(report.problems).toContainEqual(expect.stringMatching(/^src\/main\.ts:3:\d+ SANDBOX_JS_CHECK /));
    expect(report.summary).toMatch(/[1-9]\d* unexplained/);
  });

  it('passes a finding explained per file and check, and fails an entry that explains nothing', () => {
    const allowlist = [
      { file: 'src/main.ts', check: 'SANDBOX_JS_CHECK', reason: 'fixture' },
      { file: 'src/other.ts', check: 'SANDBOX_JS_CHECK', reason: 'stale: no such finding' },
    ];
    const root = fixture({
      'package.json': JSON.stringify({ devDependencies: { electron: '45.5.0' } }),
      'src/main.ts': unsafeMain,
      'allow.json': JSON.stringify(allowlist),
    });
    const { status, report } = runScript(['--root', root, '--allowlist', 'allow.json']);
    expect(report.problems.some((p) => p.includes('SANDBOX_JS_CHECK') && p.startsWith('src/main.ts'))).toBe(false);
    expect(report.problems).toContain('allowlist entry explains no finding (remove it): src/other.ts SANDBOX_JS_CHECK');
    expect(status).toBe(1);
  });

  it('refuses an allowlist entry without a reason', () => {
    const root = fixture({
      'package.json': JSON.stringify({ devDependencies: { electron: '45.5.0' } }),
      'src/main.ts': unsafeMain,
      'allow.json': JSON.stringify([{ file: 'src/main.ts', check: 'SANDBOX_JS_CHECK', reason: ' ' }]),
    });
    const { status, report } = runScript(['--root', root, '--allowlist', 'allow.json']);
    expect(report.problems).toContainEqual(expect.stringMatching(/allowlist entry 0 must be exactly \{file, check, reason\}/));
    expect(status).toBe(1);
  });
});
