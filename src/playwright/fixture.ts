// The Playwright fixture: starts the workbench for each test (the loopback web host opened in the
// project's browser, or the Electron app where its binary exists), hands the test a page connected
// to a fresh engine with the domain actions on it, and stops everything after the test.
import { test as base, expect, _electron, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectron, PACKAGE_ROOT, startWebHostProcess, type StartedWebHost } from './host-process';
import { withWorkbenchActions, type WorkbenchPage } from './actions';

export type WorkbenchMode = 'web' | 'electron';

export interface WorkbenchOptions {
  /** Which host to start: the web host (default) or the Electron app. */
  workbenchMode: WorkbenchMode;
  /** libcrypto for the engine (default: the system's). */
  workbenchLibcrypto: string | undefined;
  /** Node binary that runs the engine (e.g. one linked against a newer glibc, for OpenSSL 3.5). */
  workbenchEngineNode: string | undefined;
}

export interface WorkbenchFixtures {
  /** A page showing the workbench, connected to its own fresh engine, with call, lastRecord and runScenario. */
  workbench: WorkbenchPage;
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

export interface WorkbenchWorkerFixtures {
  /** The project's browser, launched on first use: the Electron project never launches one. */
  workbenchBrowser: () => Promise<Browser>;
}

/** The page is ready once it is connected and the header names the loaded libcrypto. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Connected', { timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Loaded libcrypto' })).toContainText('OpenSSL', { timeout: 15_000 });
}

export const test = base.extend<WorkbenchFixtures & WorkbenchOptions, WorkbenchWorkerFixtures>({
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
    let current: StartedWebHost = await start();
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
      const electron = findElectron();
      if (!electron.found) {
        console.log(`[electron] skipped: ${electron.reason}`);
        testInfo.skip(true, electron.reason);
        return;
      }
      const app: ElectronApplication = await _electron.launch({
        executablePath: electron.path,
        args: [electron.app, ...(workbenchLibcrypto ? [`--libcrypto=${workbenchLibcrypto}`] : [])],
        cwd: PACKAGE_ROOT,
        env: {
          ...(process.env as Record<string, string>),
          BIO_WORKBENCH_DATA_DIR: dataDir,
          ...(workbenchEngineNode ? { BIO_WORKBENCH_NODE: workbenchEngineNode } : {}),
        },
      });
      try {
        const page = await app.firstWindow();
        await waitForWorkbench(page);
        await use(withWorkbenchActions(page));
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
      await use(withWorkbenchActions(page));
    } finally {
      await context.close();
    }
  },
});

export { expect };
