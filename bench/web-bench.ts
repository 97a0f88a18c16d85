// A call's round trip through the web host's WebSocket against a bare WebSocket echo and against
// its floor, that echo plus one bare IPC echo plus the call in process (per trip, p50 and p99);
// and, in the full run, the call log with 100,000 entries against one with 1,000 (frame times
// while scrolling, renderer heap) in chromium.
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { loadBindings } from '../src/main/engine/bindings';
import { Engine } from '../src/main/engine/engine';
import { startWebHost, type WebHost } from '../src/main/web/web-host';
import type { CallRecord } from '../src/shared/record';
import { browserMissing, launchBrowser } from './browser';
import { IpcEcho } from './floors';
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

/** µs per BIO_sock_error made by an engine in process, and its last record (the IPC echo's payload). */
async function inProcessSockError(count: number): Promise<{ us: number[]; record: CallRecord }> {
  const engine = new Engine({ bindings: loadBindings(), libcryptoPath: 'libcrypto.so.3', workerUrl: new URL('./engine-worker.js', import.meta.url) });
  const made = await engine.call({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const us: number[] = [];
  let record = made;
  for (let i = 0; i < count; i++) await engine.call({ call: 'BIO_sock_error', sock: made.ret! }); // warming up
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    record = await engine.call({ call: 'BIO_sock_error', sock: made.ret! });
    us.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  await engine.stop();
  return { us, record };
}

/** The floor of a call through the web host: a bare WebSocket echo, one bare IPC echo and the call in process, per trip. */
async function floorTrips(count: number, step: object): Promise<{ wsUs: number[]; ipcUs: number[]; callUs: number[] }> {
  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  echo.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));
  await new Promise((r) => echo.once('listening', r));
  const bare = await open(`ws://127.0.0.1:${(echo.address() as AddressInfo).port}`);
  await trips(bare, count, (id) => request(id, step), () => true); // warming up, as every path here is
  const wsUs = await trips(bare, count, (id) => request(id, step), () => true);
  bare.close();
  echo.close();
  const { us: callUs, record } = await inProcessSockError(count);
  const ipc = IpcEcho.start(record);
  await ipc.trips(count, { step });
  const ipcUs = (await ipc.trips(count, { step })).map((ms) => ms * 1000);
  await ipc.stop();
  return { wsUs, ipcUs, callUs };
}

interface RoundTripFigures {
  p50: number;
  p99: number;
  floorP50: number;
  floorP99: number;
}

async function roundTrip(host: WebHost, { quick, say }: BenchContext): Promise<RoundTripFigures> {
  const count = Number(process.env.BENCH_TRIPS ?? (quick ? 300 : 2000));
  const step = { call: 'BIO_sock_error', sock: 'bench' };
  const { wsUs: bareUs, ipcUs, callUs } = await floorTrips(count, step);

  const ws = await open(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  // The host writes an answer's type and id first, alone or last in a batch frame with the call's events: the client
  // looks for it without parsing the frame, as the echo's client parses nothing.
  const answers = (m: Buffer, id: number) => m.toString('latin1').includes(`{"type":"response","id":${id},`);
  await trips(ws, 1, (id) => request(id, { call: 'BIO_socket', as: 'bench', domain: 'AF_INET', socktype: 'SOCK_STREAM' }), answers);
  // A session's engine runs for hours: V8 optimises its code, and the host's, over the first thousands of calls.
  for (let round = 0; round < 3; round++) await trips(ws, count, (id) => request(id, step), answers);
  const hostUs = await trips(ws, count, (id) => request(id, step), answers);
  await trips(ws, 1, (id) => request(id, { call: 'BIO_closesocket', sock: 'bench' }), answers);
  ws.close();

  const at = (xs: number[], p: number) => percentile(xs, p);
  const floor = (p: number) => at(bareUs, p) + at(ipcUs, p) + at(callUs, p);
  const figures = { p50: median(hostUs) / median(bareUs), p99: at(hostUs, 0.99) / at(bareUs, 0.99), floorP50: median(hostUs) / floor(0.5), floorP99: at(hostUs, 0.99) / floor(0.99) };
  const show = (xs: number[]) => `p50 ${median(xs).toFixed(0)} us, p99 ${at(xs, 0.99).toFixed(0)} us`;
  say(`bare WebSocket echo:         ${show(bareUs)} over ${count} trips (baseline of the old ratios)`);
  say(`bare IPC echo (fork, JSON):  ${show(ipcUs)}`);
  say(`BIO_sock_error in process:   ${show(callUs)}`);
  say(`floor (the three summed):    p50 ${floor(0.5).toFixed(0)} us, p99 ${floor(0.99).toFixed(0)} us`);
  say(`BIO_sock_error via web host: ${show(hostUs)}: ${figures.p50.toFixed(1)}x / ${figures.p99.toFixed(1)}x the WebSocket echo; ${figures.floorP50.toFixed(2)}x / ${figures.floorP99.toFixed(2)}x the floor (targets <= 1.5x p50, <= 2x p99)`);
  say('  (the engine process, the kernel snapshot and the session log are in every trip; the Electron IPC path is not measured: no Electron binary here)');
  return figures;
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
    let rtt: RoundTripFigures;
    try {
      rtt = await roundTrip(host, ctx);
    } finally {
      await host.close();
    }
    const missing = browserMissing();
    if (ctx.quick) ctx.say('call log scrolling: measured in the full run only');
    else if (missing) ctx.say(`call log scrolling: skipped, ${missing}`);
    else await logScrolling(ctx);
    return { webRttP50VsWsEcho: rtt.p50, webRttP99VsWsEcho: rtt.p99, webCallVsFloorP50: rtt.floorP50, webCallVsFloorP99: rtt.floorP99 };
  },
};
