// The web host refuses to start on a data directory another local user could write to or
// redirect: its session log would otherwise land wherever that user points it.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost } from './web-host';
import { within } from '../testing/process-waits';

let root: string;
let renderer: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bio-datadir-'));
  renderer = join(root, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbench</title>');
});

afterEach(() => {
  delete process.env.BIO_WORKBENCH_DATA_DIR;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** startWebHost on `dataDir`: the error it refused with (it must not start). */
async function refusal(dataDir: string): Promise<string> {
  process.env.BIO_WORKBENCH_DATA_DIR = dataDir;
  const started = await startWebHost({ rendererDir: renderer, warn: () => undefined }).then(
    async (host) => (await host.close(), null),
    (e: Error) => e.message,
  );
  expect(started, `the web host started on ${dataDir}`).not.toBeNull();
  return started!;
}

describe('the web host and its data directory', () => {
  it('refuses a world-writable data directory, naming it and the chmod that fixes it', async () => {
    const dataDir = join(root, 'open');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o777);
    expect(await refusal(dataDir)).toBe(`the data directory ${dataDir} is writable by group and others (mode 0777): make it yours alone with chmod 700 ${dataDir}`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a sessions directory that is a symbolic link, naming it and how to remove it', async () => {
    const dataDir = join(root, 'linked');
    mkdirSync(dataDir, { mode: 0o700 });
    const target = join(root, 'someone-elses');
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, join(dataDir, 'sessions'));
    const message = await refusal(dataDir);
    expect(message).toContain(`the sessions directory ${join(dataDir, 'sessions')} is a symbolic link (to ${target})`);
    expect(message).toContain(`remove the link (rm ${join(dataDir, 'sessions')})`);
    expect(readdirSync(target)).toEqual([]);
  });

  it('`npm run web` prints the refusal and exits 3 without serving', async () => {
    const dataDir = join(root, 'cli-open');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o757);
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'web-main.ts'), '--port', '0'], {
      env: { ...process.env, BIO_WORKBENCH_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await within(new Promise<number | null>((r) => child.once('exit', r)), 30_000, 'the web host to exit');
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe(`the web host could not start: the data directory ${dataDir} is writable by others (mode 0757): make it yours alone with chmod 700 ${dataDir}\n`);
  }, 40_000);
});
