// A call's round trip through the web host's WebSocket against a bare WebSocket echo (per trip,
// p50 and p99), and, in the full run, the call log with 100,000 entries against one with 1,000
// (frame times while scrolling, renderer heap) in chromium.
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { startWebHost, type WebHost } from '../src/main/web/web-host';
import type { CallRecord } from '../src/shared/record';
import { browserMissing, launchBrowser } from './browser';
import type { BenchContext, BenchSection } from './section';
import { median, percentile } from './stats';

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** µs per trip, each trip ending with the answer to its own frame (events on the same socket do not end it). */
async function trips(ws: WebSocket, count: number, frame: (id: number) => string, isAnswer: (m: Buffer, id: number) => boolean): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      const onMessage = (m: Buffer) => {
        if (!isAnswer(m, i)) return;
        ws.off('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
      ws.send(frame(i));
    });
    out.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return out;
}

const request = (id: number, step: unknown) => JSON.stringify({ type: 'request', id, method: 'call', input: { step } });

async function roundTrip(host: WebHost, { quick, say }: BenchContext): Promise<{ p50: number; p99: number }> {
  const count = Number(process.env.BENCH_TRIPS ?? (quick ? 300 : 2000));
  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  echo.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));
  await new Promise((r) => echo.once('listening', r));
  const bare = await open(`ws://127.0.0.1:${(echo.address() as AddressInfo).port}`);
  const step = { call: 'BIO_sock_error', sock: 'bench' };
  const bareUs = await trips(bare, count, (id) => request(id, step), () => true);
  bare.close();
  echo.close();

  const ws = await open(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  const answers = (m: Buffer, id: number) => {
    const frame = JSON.parse(m.toString()) as { type: string; id?: number };
    return frame.type === 'response' && frame.id === id;
  };
  await trips(ws, 1, (id) => request(id, { call: 'BIO_socket', as: 'bench', domain: 'AF_INET', socktype: 'SOCK_STREAM' }), answers);
  const hostUs = await trips(ws, count, (id) => request(id, step), answers);
  await trips(ws, 1, (id) => request(id, { call: 'BIO_closesocket', sock: 'bench' }), answers);
  ws.close();

  const p50 = median(hostUs) / median(bareUs);
  const p99 = percentile(hostUs, 0.99) / percentile(bareUs, 0.99);
  say(`bare WebSocket echo:         p50 ${median(bareUs).toFixed(0)} us, p99 ${percentile(bareUs, 0.99).toFixed(0)} us over ${count} trips (baseline 1.00x)`);
  say(`BIO_sock_error via web host: p50 ${median(hostUs).toFixed(0)} us (${p50.toFixed(1)}x; target <= 2x), p99 ${percentile(hostUs, 0.99).toFixed(0)} us (${p99.toFixed(1)}x; target <= 3x)`);
  say('  (the engine process, the kernel snapshot and the session log are in every trip; the Electron IPC path is not measured: no Electron binary here)');
  return { p50, p99 };
}

/** Fills the session log with `count` copies of a real record, as a long session would. */
async function fillLog(host: WebHost, count: number): Promise<void> {
  const rec = (await host.session.request('call', { step: { call: 'BIO_socket', as: 'filler', domain: 'AF_INET', socktype: 'SOCK_STREAM' } })) as CallRecord;
  await host.session.request('call', { step: { call: 'BIO_closesocket', sock: 'filler' } });
  for (let i = host.session.log.total; i < count; i++) host.session.log.append({ ...rec, index: i });
}

interface ScrollFigures {
  medianMs: number;
  p95Ms: number;
  heapMb: number;
}

async function scrollLog(host: WebHost, frames: number): Promise<ScrollFigures> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(host.url);
    const log = page.getByRole('log', { name: 'Call log' });
    await log.waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[role="log"] [role="option"], [role="log"] button, [role="log"] li').length > 0, undefined, { timeout: 20_000 });
    // Scroll the log's scroller (the log itself or its first scrollable descendant) a page per frame.
    const deltas = await log.evaluate(async (el, n) => {
      const scroller = [el, ...Array.from(el.querySelectorAll<HTMLElement>('*'))].find((e) => e.scrollHeight > e.clientHeight + 10) ?? el;
      const out: number[] = [];
      let last = performance.now();
      for (let i = 0; i < n; i++) {
        scroller.scrollTop = (scroller.scrollTop + scroller.clientHeight * 0.9) % Math.max(1, scroller.scrollHeight - scroller.clientHeight);
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        out.push(now - last);
        last = now;
      }
      return out;
    }, frames);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const heap = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    return { medianMs: median(deltas), p95Ms: percentile(deltas, 0.95), heapMb: heap / 2 ** 20 };
  } finally {
    await browser.close();
  }
}

async function logScrolling({ say }: BenchContext): Promise<void> {
  const figures: Record<number, ScrollFigures> = {};
  for (const count of [1_000, 100_000]) {
    const host = await startWebHost({ warn: () => undefined });
    try {
      await fillLog(host, count);
      figures[count] = await scrollLog(host, 240);
    } finally {
      await host.close();
    }
  }
  const small = figures[1_000];
  const big = figures[100_000];
  say(`call log, 1,000 entries:   frame median ${small.medianMs.toFixed(1)} ms, p95 ${small.p95Ms.toFixed(1)} ms, heap ${small.heapMb.toFixed(1)} MiB (baseline)`);
  say(`call log, 100,000 entries: frame median ${big.medianMs.toFixed(1)} ms (${(big.medianMs / small.medianMs).toFixed(2)}x), p95 ${big.p95Ms.toFixed(1)} ms (${(big.p95Ms / small.p95Ms).toFixed(2)}x), heap ${big.heapMb.toFixed(1)} MiB (${(big.heapMb / small.heapMb).toFixed(2)}x)`);
}

export const webRoundTrip: BenchSection = {
  title: 'Round trip through the web host',
  async run(ctx) {
    process.env.BIO_WORKBENCH_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'bio-bench-log-'));
    const host = await startWebHost({ warn: () => undefined });
    let rtt: { p50: number; p99: number };
    try {
      rtt = await roundTrip(host, ctx);
    } finally {
      await host.close();
    }
    const missing = browserMissing();
    if (ctx.quick) ctx.say('call log scrolling: measured in the full run only');
    else if (missing) ctx.say(`call log scrolling: skipped, ${missing}`);
    else await logScrolling(ctx);
    return { webRttP50VsWsEcho: rtt.p50, webRttP99VsWsEcho: rtt.p99 };
  },
};
