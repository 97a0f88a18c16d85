// Playwright: the web host in Debian's chromium always; the Electron app where its binary exists
// (that project skips, printing why, elsewhere). Each test gets its own host and engine.
import { defineConfig } from '@playwright/test';
import type { WorkbenchOptions } from './e2e/fixture';

const CHROMIUM = process.env.BIO_WORKBENCH_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig<WorkbenchOptions>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // Two cores shared with the engine processes: keep it modest.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 1000 },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'web-chromium',
      use: {
        workbenchMode: 'web',
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    {
      name: 'electron',
      use: { workbenchMode: 'electron' },
    },
  ],
});
