// The window's first paint from a cold start (spawning the web host to chromium's first
// contentful paint: the time to the URL line plus the paint's time after navigation) and the
// renderer bundle's size as gzip would send it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { browserMissing, launchBrowser } from './browser';
import type { BenchFigures, BenchSection } from './section';
import { median, msSince } from './stats';

const WEB = fileURLToPath(new URL('./web.js', import.meta.url));
const ASSETS = fileURLToPath(new URL('../renderer/assets', import.meta.url));

/** Gzip bytes of every renderer asset (scripts, styles), as a browser would download them. */
export function bundleGzipBytes(dir = ASSETS): number {
  return readdirSync(dir).reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
}

/** Spawns the web host, waits for its URL line, opens it; ms from spawn to the first contentful paint. */
async function coldStart(browser: Browser): Promise<{ urlMs: number; paintMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bio-bench-paint-'));
  const t0 = process.hrtime.bigint();
  const host = spawn(process.execPath, [WEB, '--port', '0'], { env: { ...process.env, BIO_WORKBENCH_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => host.once('exit', () => r()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('the web host printed no URL within 30 s')), 30_000);
      host.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const line = /^(http:\/\/\S+)$/m.exec(out);
        if (line) {
          clearTimeout(timer);
          resolve(line[1]);
        }
      });
      host.once('exit', (code) => reject(new Error(`the web host exited (${code}) before printing its URL`)));
    });
    const urlMs = msSince(t0);
    const page = await browser.newPage();
    try {
      await page.goto(url);
      const fcp = await page.waitForFunction(() => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime, undefined, { timeout: 15_000 });
      return { urlMs, paintMs: urlMs + Number(await fcp.jsonValue()) };
    } finally {
      await page.close();
    }
  } finally {
    host.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const windowStart: BenchSection = {
  title: 'The window: first paint from a cold start, and the bundle',
  async run({ quick, say }) {
    const figures: BenchFigures = { bundleGzipBytes: bundleGzipBytes() };
    say(`renderer bundle: ${(figures.bundleGzipBytes / 1024).toFixed(1)} KiB gzip`);
    const missing = browserMissing();
    if (missing) {
      say(`first paint: not measured, ${missing}`);
      return figures;
    }
    const browser = await launchBrowser();
    try {
      const runs: { urlMs: number; paintMs: number }[] = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) runs.push(await coldStart(browser));
      figures.firstPaintMs = median(runs.map((r) => r.paintMs));
      say(`first paint: ${figures.firstPaintMs.toFixed(0)} ms from spawning the web host (its URL line after ${median(runs.map((r) => r.urlMs)).toFixed(0)} ms)`);
    } finally {
      await browser.close();
    }
    return figures;
  },
};
