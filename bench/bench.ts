// npm run bench: costs printed as ratios against baselines measured in the same run, never as
// absolute targets (these machines are noisy). Loops are bounded in count and time.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBindings } from '../src/main/engine/bindings';
import { Engine } from '../src/main/engine/engine';
import { startEngine } from '../src/main/engine-host';
import { webBenchmarks } from './web-bench';

const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const BULK_BYTES = Number(process.env.BENCH_BYTES ?? 256 * 1024 * 1024);
/** Loopback's segment size (65,483 bytes): writes of exactly this size ran about 6x faster than 64 KiB ones. */
const CHUNK = 65483;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(label: string, rounds: number, fn: () => Promise<void> | void): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const m = median(samples);
  console.error(`  ${label}: median ${m.toFixed(1)} ms over ${rounds} rounds`);
  return m;
}

async function callOverhead(): Promise<void> {
  console.log(`\n## Call overhead: BIO_socket + BIO_closesocket, ${CALLS} pairs per round`);
  const b = loadBindings();
  const bare = await timeIt('bare koffi', 5, () => {
    for (let i = 0; i < CALLS; i++) b.crypto.BIO_closesocket(b.crypto.BIO_socket(2, 1, 0, 0));
  });
  const engine = new Engine({ bindings: b, libcryptoPath: 'libcrypto.so.3', workerUrl: new URL('./engine-worker.js', import.meta.url) });
  const inProcess = await timeIt('engine, in process (record + kernel snapshot)', 5, async () => {
    for (let i = 0; i < CALLS; i++) {
      const rec = await engine.call({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      await engine.call({ call: 'BIO_closesocket', sock: rec.ret! });
    }
  });
  await engine.stop();
  const client = await startEngine();
  const calls = Math.min(CALLS, 2000);
  const remote = await timeIt(`engine process round trip (${calls} pairs)`, 3, async () => {
    for (let i = 0; i < calls; i++) {
      const rec = await client.request('call', { step: { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
      await client.request('call', { step: { call: 'BIO_closesocket', sock: rec.ret! } });
    }
  });
  await client.stop();
  console.log(`engine in process / bare koffi:    ${(inProcess / bare).toFixed(1)}x`);
  console.log(`engine process trip / bare koffi:  ${((remote / calls) / (bare / CALLS)).toFixed(1)}x`);
}

/** A sink that counts bytes and says when `total` arrived. */
async function sink(total: number): Promise<{ port: number; done: Promise<void>; close: () => void }> {
  let got = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const server = createServer((s) => {
    s.on('data', (d) => {
      got += d.length;
      if (got >= total) resolve();
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, done, close: () => server.close() };
}

const C_SENDER = `
#include <sys/socket.h>
#include <openssl/bio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  long total = atol(argv[2]); int chunk = atoi(argv[3]);
  BIO_ADDRINFO *res; char *buf = calloc(1, chunk);
  if (!BIO_lookup_ex("127.0.0.1", argv[1], BIO_LOOKUP_CLIENT, AF_INET, SOCK_STREAM, 0, &res)) return 3;
  int fd = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
  if (!BIO_connect(fd, BIO_ADDRINFO_address(res), 0)) return 4;
  BIO *b = BIO_new_socket(fd, BIO_NOCLOSE);
  for (long sent = 0; sent < total;) { int n = BIO_write(b, buf, chunk); if (n <= 0) return 5; sent += n; }
  BIO_free(b); BIO_closesocket(fd); return 0;
}`;

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function throughput(): Promise<void> {
  console.log(`\n## Loopback throughput, ${(BULK_BYTES / 2 ** 20).toFixed(0)} MiB in ${CHUNK}-byte writes to a counting sink`);
  const dir = mkdtempSync(join(tmpdir(), 'bio-bench-'));
  writeFileSync(join(dir, 'sender.c'), C_SENDER);
  execFileSync('cc', ['-O2', '-o', join(dir, 'sender'), join(dir, 'sender.c'), '-lcrypto']);
  const mbps = (ms: number) => BULK_BYTES / 2 ** 20 / (ms / 1000);

  const viaC = await timeIt('C sender (BIO_write)', 3, async () => {
    const s = await sink(BULK_BYTES);
    await run(join(dir, 'sender'), [String(s.port), String(BULK_BYTES), String(CHUNK)]);
    await s.done;
    s.close();
  });

  let viaSocat: number | null = null;
  if (existsSync('/usr/bin/socat')) {
    viaSocat = await timeIt('socat', 3, async () => {
      const s = await sink(BULK_BYTES);
      await run('socat', ['-u', '-b', String(CHUNK), `OPEN:/dev/zero,readbytes=${BULK_BYTES}`, `TCP:127.0.0.1:${s.port}`]);
      await s.done;
      s.close();
    });
  } else console.log('socat is not installed: its comparison is skipped (apt-get install socat)');

  // Through the engine process: every BIO_write is one contract request carrying its bytes.
  const client = await startEngine();
  const engineBytes = Math.min(BULK_BYTES, 64 * 2 ** 20);
  const payload = 'x'.repeat(CHUNK);
  const viaEngine = await timeIt(`engine BIO_write requests (${(engineBytes / 2 ** 20).toFixed(0)} MiB)`, 3, async () => {
    const s = await sink(engineBytes);
    await client.request('call', { step: { call: 'BIO_socket', as: 'bench', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
    await client.request('call', { step: { call: 'BIO_connect', sock: 'bench', addr: `127.0.0.1:${s.port}`, options: ['BIO_SOCK_NONBLOCK'] } });
    await client.request('call', { step: { call: 'wait', sock: 'bench', for: 'writable', timeoutMs: 5000 } });
    let sent = 0;
    for (let i = 0; sent < engineBytes && i < 1_000_000; i++) {
      const rec = await client.request('call', { step: { call: 'BIO_write', sock: 'bench', data: payload } });
      if (rec.ret !== null && rec.ret > 0) sent += rec.ret;
      else await client.request('call', { step: { call: 'wait', sock: 'bench', for: 'writable', timeoutMs: 5000 } });
    }
    await s.done;
    await client.request('call', { step: { call: 'BIO_closesocket', sock: 'bench' } });
    s.close();
  });
  await client.stop();
  const engineRate = engineBytes / 2 ** 20 / (viaEngine / 1000);
  console.log(`C sender:             ${mbps(viaC).toFixed(0)} MiB/s (baseline 1.00x)`);
  if (viaSocat !== null) console.log(`socat:                ${mbps(viaSocat).toFixed(0)} MiB/s (${(mbps(viaSocat) / mbps(viaC)).toFixed(2)}x C)`);
  console.log(`engine via requests:  ${engineRate.toFixed(0)} MiB/s (${(engineRate / mbps(viaC)).toFixed(2)}x C)`);
}

async function main(): Promise<void> {
  console.log('# BIO Socket Workbench benchmarks (ratios against baselines measured in this run)');
  await callOverhead();
  await throughput();
  await webBenchmarks();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
