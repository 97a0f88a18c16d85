// A Playwright fixture that starts the workbench and hands the test a page: the loopback web host
// (built out/main/web.js) opened in the project's browser, or the Electron app where its binary
// exists. Users' own tests import { test, expect } from here.
import { test as base, expect, _electron, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type WorkbenchMode = 'web' | 'electron';

export interface WorkbenchOptions {
  /** Which host to start: the web host (default) or the Electron app. */
  workbenchMode: WorkbenchMode;
  /** libcrypto for the engine (default: the system's). */
  workbenchLibcrypto: string | undefined;
  /** Node binary that runs the engine (e.g. NODE35 for OpenSSL 3.5). */
  workbenchEngineNode: string | undefined;
}

export interface WorkbenchFixtures {
  /** A page showing the workbench, connected to its own fresh engine. */
  workbench: Page;
  /** The data directory the test's host keeps its session logs in (BIO_WORKBENCH_DATA_DIR). */
  workbenchDataDir: string;
  /** The web host behind `workbench`, to stop and start again on the same data directory; null under Electron. */
  workbenchHost: RestartableWebHost | null;
}

export interface RestartableWebHost {
  readonly url: string;
  readonly dataDir: string;
  /** Stops the host (SIGTERM) and its engine; the session log stays on disk. */
  stop(): Promise<void>;
  /** Stops the host if running and starts a new one on the same data directory; returns its URL. */
  restart(): Promise<string>;
}

export interface StartedWebHost {
  url: string;
  close(): Promise<void>;
}

/** Why the Electron project cannot run here, or null when its binary exists. */
function electronMissing(root = PROJECT_ROOT): string | null {
  // Reading path.txt, not require('electron'): that would try to download the binary.
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return `the Electron binary is not installed (${join('node_modules', 'electron', 'path.txt')} is missing)`;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `the Electron binary named by node_modules/electron/path.txt is missing (${binary})`;
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) return 'the app is not built (out/main/index.js is missing): run npm run build';
  return null;
}

/** Starts `node out/main/web.js --port 0` and reads the one line it prints: the URL with its token. */
async function startWebHostProcess(opts: { libcrypto?: string; engineNode?: string; dataDir: string }): Promise<StartedWebHost> {
  const entry = join(PROJECT_ROOT, 'out', 'main', 'web.js');
  if (!existsSync(entry)) throw new Error('the web host is not built (out/main/web.js is missing): run npm run build');
  const args = [entry, '--port', '0'];
  if (opts.libcrypto) args.push('--libcrypto', opts.libcrypto);
  if (opts.engineNode) args.push('--engine-node', opts.engineNode);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, BIO_WORKBENCH_DATA_DIR: opts.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within 20 s: ${stderr}`)), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      if (line.startsWith('http://127.0.0.1:')) resolveUrl(line.trim());
      else reject(new Error(`the web host printed ${JSON.stringify(line)}, not its URL: ${stderr}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited (code ${code}) before printing its URL: ${stderr}`));
    });
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The page is ready once it is connected and the header names the loaded libcrypto. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Connected', { timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Loaded libcrypto' })).toContainText('OpenSSL', { timeout: 15_000 });
}

interface WorkerFixtures {
  /** The project's browser, launched on first use: the Electron project never launches one. */
  workbenchBrowser: () => Promise<Browser>;
}

export const test = base.extend<WorkbenchFixtures & WorkbenchOptions, WorkerFixtures>({
  workbenchMode: ['web', { option: true }],
  workbenchLibcrypto: [undefined, { option: true }],
  workbenchEngineNode: [undefined, { option: true }],

  workbenchBrowser: [
    async ({ playwright, browserName, launchOptions }, use) => {
      let launched = null as Promise<Browser> | null;
      await use(() => (launched ??= playwright[browserName].launch(launchOptions)));
      if (launched) await (await launched).close();
    },
    { scope: 'worker' },
  ],

  workbenchDataDir: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bio-workbench-e2e-'));
    try {
      await use(dataDir);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },

  workbenchHost: async ({ workbenchMode, workbenchLibcrypto, workbenchEngineNode, workbenchDataDir }, use) => {
    if (workbenchMode !== 'web') {
      await use(null);
      return;
    }
    const start = () => startWebHostProcess({ libcrypto: workbenchLibcrypto, engineNode: workbenchEngineNode, dataDir: workbenchDataDir });
    let current = await start();
    const host: RestartableWebHost = {
      get url() {
        return current.url;
      },
      dataDir: workbenchDataDir,
      stop: () => current.close(),
      async restart() {
        await current.close();
        current = await start();
        return current.url;
      },
    };
    try {
      await use(host);
    } finally {
      await current.close();
    }
  },

  workbench: async ({ workbenchMode, workbenchLibcrypto, workbenchEngineNode, workbenchBrowser, workbenchDataDir: dataDir, workbenchHost }, use, testInfo) => {
    if (workbenchMode === 'electron') {
      const why = electronMissing();
      if (why) {
        console.log(`[electron] skipped: ${why}`);
        testInfo.skip(true, why);
        return;
      }
      const app: ElectronApplication = await _electron.launch({
        args: [join(PROJECT_ROOT, 'out', 'main', 'index.js'), ...(workbenchLibcrypto ? [`--libcrypto=${workbenchLibcrypto}`] : [])],
        cwd: PROJECT_ROOT,
        env: {
          ...(process.env as Record<string, string>),
          BIO_WORKBENCH_DATA_DIR: dataDir,
          ...(workbenchEngineNode ? { BIO_WORKBENCH_NODE: workbenchEngineNode } : {}),
        },
      });
      try {
        const page = await app.firstWindow();
        await waitForWorkbench(page);
        await use(page);
      } finally {
        await app.close();
      }
      return;
    }
    const browser = await workbenchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(workbenchHost!.url);
      await waitForWorkbench(page);
      await use(page);
    } finally {
      await context.close();
    }
  },
});

export { expect };
