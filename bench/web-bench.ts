// The window's costs: a call's round trip through the web host's WebSocket against a bare
// WebSocket echo, and the call log with 100,000 entries against one with 1,000 (frame times
// while scrolling, renderer heap), measured in Debian's chromium.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { WebSocket, WebSocketServer } from 'ws';
import { startWebHost, type WebHost } from '../src/main/web/web-host';
import type { CallRecord } from '../src/shared/record';

const CHROMIUM = process.env.BIO_WORKBENCH_CHROMIUM ?? '/usr/bin/chromium';
const TRIPS = Number(process.env.BENCH_TRIPS ?? 2000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

/** Sends `count` frames one after another, each after the previous answer; returns µs per trip. */
async function pingPong(ws: WebSocket, count: number, frame: (i: number) => string): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(frame(i));
    });
  }
  return Number(process.hrtime.bigint() - t0) / 1000 / count;
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function roundTrip(host: WebHost): Promise<void> {
  console.log(`\n## Call round trip over WebSocket, ${TRIPS} trips`);
  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  echo.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));
  await new Promise((r) => echo.once('listening', r));
  const bare = await open(`ws://127.0.0.1:${(echo.address() as AddressInfo).port}`);
  const request = (id: number) => JSON.stringify({ type: 'request', id, method: 'call', input: { step: { call: 'BIO_sock_error', sock: 'bench' } } });
  const bareUs = median([await pingPong(bare, TRIPS, request), await pingPong(bare, TRIPS, request)]);
  bare.close();
  echo.close();

  const ws = await open(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  // Only our own responses end a trip: events (log, socket) arrive on the same socket.
  const call = (step: unknown) =>
    new Promise<void>((resolve) => {
      const id = Math.floor(Math.random() * 1e9);
      const onMessage = (m: Buffer) => {
        const frame = JSON.parse(m.toString()) as { type: string; id?: number };
        if (frame.type === 'response' && frame.id === id) {
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'request', id, method: 'call', input: { step } }));
    });
  await call({ call: 'BIO_socket', as: 'bench', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const hostRuns: number[] = [];
  for (let r = 0; r < 2; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < TRIPS; i++) await call({ call: 'BIO_sock_error', sock: 'bench' });
    hostRuns.push(Number(process.hrtime.bigint() - t0) / 1000 / TRIPS);
  }
  await call({ call: 'BIO_closesocket', sock: 'bench' });
  ws.close();
  const hostUs = median(hostRuns);
  console.log(`bare WebSocket echo:         ${bareUs.toFixed(0)} us per trip (baseline 1.00x)`);
  console.log(`BIO_sock_error via web host: ${hostUs.toFixed(0)} us per trip (${(hostUs / bareUs).toFixed(1)}x; engine process, kernel snapshot and session log included)`);
  console.log('Electron IPC path: not measured here, the Electron binary cannot be installed on this machine');
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
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
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    return { medianMs: median(deltas), p95Ms: percentile(deltas, 0.95), heapMb: heap / 2 ** 20 };
  } finally {
    await browser.close();
  }
}

async function logScrolling(): Promise<void> {
  console.log('\n## Call log scrolling in chromium: 100,000 entries against 1,000');
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
  console.log(`1,000 entries:   frame median ${small.medianMs.toFixed(1)} ms, p95 ${small.p95Ms.toFixed(1)} ms, heap ${small.heapMb.toFixed(1)} MiB (baseline)`);
  console.log(`100,000 entries: frame median ${big.medianMs.toFixed(1)} ms (${(big.medianMs / small.medianMs).toFixed(2)}x), p95 ${big.p95Ms.toFixed(1)} ms (${(big.p95Ms / small.p95Ms).toFixed(2)}x), heap ${big.heapMb.toFixed(1)} MiB (${(big.heapMb / small.heapMb).toFixed(2)}x)`);
}

export async function webBenchmarks(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`\nWeb benchmarks skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set BIO_WORKBENCH_CHROMIUM)`);
    return;
  }
  process.env.BIO_WORKBENCH_DATA_DIR ??= (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'bio-bench-log-'));
  const host = await startWebHost({ warn: () => undefined });
  try {
    await roundTrip(host);
  } finally {
    await host.close();
  }
  await logScrolling();
}
