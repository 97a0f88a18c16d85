// The Playwright configuration of a project that installed the packed workbench: its own browser
// (Debian's chromium here, named by CHROMIUM), one worker.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] },
  },
});
