// The window with 10,000 open sockets: they are opened through the session in a burst while a page
// watches, then a Composer button is clicked again and again; each click is timed from the
// input event to the frame after the page shows its result (the button pressed).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import type { Page } from '@playwright/test';
import { startWebHost } from '../src/main/web/web-host';
import { browserMissing, launchBrowser } from './browser';
import type { BenchFigures, BenchSection } from './section';
import { median, percentile } from './stats';

const RLIMIT_NOFILE = 7;

/** Raises this process's open-file limit to `wanted` (within the hard limit); the engine it forks inherits it. */
function raiseOpenFileLimit(wanted: number): number {
  koffi.struct('bench_rlimit', { cur: 'uint64_t', max: 'uint64_t' });
  const libc = koffi.load('libc.so.6');
  const getrlimit = libc.func('int getrlimit(int resource, _Out_ bench_rlimit *rlim)');
  const setrlimit = libc.func('int setrlimit(int resource, const bench_rlimit *rlim)');
  const now = { cur: 0, max: 0 };
  if (getrlimit(RLIMIT_NOFILE, now) !== 0) return 0;
  const cur = Number(now.cur);
  const max = Number(now.max);
  if (cur >= wanted) return cur;
  const target = Math.min(wanted, max);
  return setrlimit(RLIMIT_NOFILE, { cur: target, max: now.max }) === 0 ? target : cur;
}

interface ClickWindow {
  clickAt: number;
  frame: Promise<number>;
}

/** Waits (bounded) until the page paints 20 frames in a row, each within 50 ms: the event flood is over. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const until = performance.now() + 120_000;
    let calm = 0;
    let last = performance.now();
    while (calm < 20 && performance.now() < until) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      calm = now - last < 50 ? calm + 1 : 0;
      last = now;
    }
  });
}

/** ms from the click's input event to the frame after the button shows aria-pressed="true". */
async function timedClick(page: Page, name: string): Promise<number> {
  const button = page.getByRole('region', { name: 'Composer', exact: true }).getByRole('button', { name, exact: true });
  await button.evaluate((el) => {
    const w = window as unknown as ClickWindow;
    w.frame = new Promise<number>((resolve) => {
      const shown = () => requestAnimationFrame(() => resolve(performance.now() - w.clickAt));
      const watch = new MutationObserver(() => {
        if (el.getAttribute('aria-pressed') !== 'true') return;
        watch.disconnect();
        shown();
      });
      watch.observe(el, { attributes: true, attributeFilter: ['aria-pressed'] });
    });
  });
  await button.click();
  return page.evaluate(() => (window as unknown as ClickWindow).frame);
}

export const manySockets: BenchSection = {
  title: 'The window with 10,000 open sockets',
  async run({ quick, say }): Promise<BenchFigures> {
    const missing = browserMissing();
    if (missing) {
      say(`not measured: ${missing}`);
      return {};
    }
    const count = Number(process.env.BENCH_SOCKETS ?? (quick ? 500 : 10_000));
    const clicks = quick ? 20 : 50;
    const limit = raiseOpenFileLimit(count + 1024);
    if (limit < count + 256) throw new Error(`the open-file limit is ${limit} and cannot be raised to ${count + 256} (ulimit -Hn)`);
    process.env.BIO_WORKBENCH_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'bio-bench-log-'));
    const host = await startWebHost({ warn: () => undefined });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      await page.goto(host.url);
      await page.getByRole('status', { name: 'Connection' }).getByText('Connected').waitFor({ timeout: 30_000 });
      await page.evaluate(() => document.addEventListener('click', (e) => ((window as unknown as ClickWindow).clickAt = e.timeStamp), { capture: true }));
      const t0 = Date.now();
      // A burst, as a class opening sockets together would: each request a group of 500 calls made
      // back to back in the engine (one round trip for 500 sockets, a record and a log entry each),
      // two groups in flight at a time.
      const step = { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;
      const group = (n: number) => host.session.request('callGroup', { calls: Array.from({ length: n }, () => ({ step })) });
      for (let opened = 0; opened < count; ) {
        const batch = Math.min(1000, count - opened);
        const records = (await Promise.all([group(Math.min(500, batch)), ...(batch > 500 ? [group(batch - 500)] : [])])).flat();
        const failed = records.find((r) => r.ret === null || r.ret < 0);
        if (failed) throw new Error(`BIO_socket failed after ${opened} sockets: ${failed.refused ?? failed.errno?.name}`);
        opened += batch;
      }
      const openS = (Date.now() - t0) / 1000;
      const per10k = (openS / count) * 10_000;
      say(`${count} sockets opened through the session in ${openS.toFixed(2)} s${count === 10_000 ? '' : ` (${per10k.toFixed(2)} s per 10,000 at that rate)`}; target < 1 s per 10,000`);
      await settle(page);
      say(`the page settled ${((Date.now() - t0) / 1000).toFixed(1)} s after the burst began`);
      const samples: number[] = [];
      for (let i = 0; i < clicks; i++) samples.push(await timedClick(page, i % 2 ? 'BIO_bind' : 'BIO_listen'));
      const p95 = percentile(samples, 0.95);
      say(`click to the next frame showing it: median ${median(samples).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${clicks} clicks (target <= 100 ms)`);
      return { sockets10kClickP95Ms: p95, sockets10kOpenS: per10k };
    } finally {
      await browser.close();
      await host.close();
    }
  },
};
