// The README's classroom screenshots: `npm run screenshots` (the web host in Debian's chromium)
// rewrites docs/screenshots/classroom-*.png. Not part of `npm test`: pictures are not assertions.
import { defineConfig } from '@playwright/test';
import type { WorkbenchOptions } from './e2e/fixture';

const CHROMIUM = process.env.BIO_WORKBENCH_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig<WorkbenchOptions>({
  testDir: 'e2e',
  testMatch: '**/*.shots.ts',
  outputDir: 'test-results/screenshots',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  projects: [
    {
      name: 'web-chromium',
      use: {
        workbenchMode: 'web',
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--font-render-hinting=none'] },
      },
    },
  ],
});
