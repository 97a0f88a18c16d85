// Bulk data: the engine's BIO_write loop (65,483-byte chunks, on a pool thread) against a C
// sender making the same BIO_write calls and against socat, all into the same C sink on
// loopback; and the ping-pong round trip on another socket of the same engine while the loop
// runs. Ratios are measured in the same run; nothing here is asserted.
// Alone: npx tsx bench/bulk-bench.ts [--quick] [--json]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { startEngine, type EngineClient } from '../src/main/engine-host';
import type { Step } from '../src/shared/steps';
import type { BenchSection } from './section';

/** Loopback's segment size: the chunk the figures are for. */
const CHUNK = 65_483;

export interface BulkBenchResult {
  /** Engine loop MiB/s over the C sender's. */
  bulkVsC: number;
  /** Engine loop MiB/s over socat's (null where socat is not installed). */
  bulkVsSocat: number | null;
  /** Ping-pong round trip on another socket of the engine while the loop runs, 99th percentile. */
  bulkOtherSocketP99Ms: number;
  /** Engine loop MiB/s as the peer saw it (until it had every byte). */
  engineMiBs: number;
  /** The same, counted until the record came (its SHA-256 is computed after the last call). */
  engineRecordMiBs: number;
  cMiBs: number;
  socatMiBs: number | null;
  pingPongP50Ms: number;
  /** The ping-pong's 99th percentile with no loop running, for comparison. */
  idlePingPongP99Ms: number;
  pingPongs: number;
  bytes: number;
}

/** Accepts one connection on loopback, reads in 256 KiB reads, says when argv[1] bytes came, then reads to end of file. */
const C_SINK = `
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  long long expected = argc > 1 ? atoll(argv[1]) : 0;
  int l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t n = sizeof a;
  if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) || getsockname(l, (struct sockaddr *)&a, &n)) return 2;
  printf("%d\\n", ntohs(a.sin_port));
  fflush(stdout);
  int c = accept(l, NULL, NULL);
  static char buf[262144];
  long long total = 0;
  int told = 0;
  for (ssize_t r; (r = read(c, buf, sizeof buf)) > 0;) {
    total += r;
    if (!told && total >= expected) {
      printf("%lld\\n", total);
      fflush(stdout);
      told = 1;
    }
  }
  if (!told) printf("%lld\\n", total);
  return 0;
}`;

/** The same BIO_write calls the engine's loop makes, in C: chunk bytes at a time until total went. */
const C_SENDER = `
#include <sys/socket.h>
#include <openssl/bio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  long long total = atoll(argv[2]); int chunk = atoi(argv[3]);
  BIO_ADDRINFO *res; char *buf = malloc(chunk); memset(buf, 'x', chunk);
  if (!BIO_lookup_ex("127.0.0.1", argv[1], BIO_LOOKUP_CLIENT, AF_INET, SOCK_STREAM, 0, &res)) return 3;
  int fd = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
  if (!BIO_connect(fd, BIO_ADDRINFO_address(res), 0)) return 4;
  BIO *b = BIO_new_socket(fd, BIO_NOCLOSE);
  for (long long sent = 0; sent < total;) {
    int want = total - sent < chunk ? (int)(total - sent) : chunk;
    int n = BIO_write(b, buf, want);
    if (n <= 0) return 5;
    sent += n;
  }
  BIO_free(b); BIO_closesocket(fd); return 0;
}`;

interface Sink {
  port: number;
  /** Bytes the sink read before end of file. */
  done: Promise<number>;
}

function startSink(binary: string, expected: number): Promise<Sink> {
  const p = spawn(binary, [String(expected)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: p.stdout });
  return new Promise((resolve, reject) => {
    let port: number | null = null;
    let resolveDone!: (n: number) => void;
    const done = new Promise<number>((r) => (resolveDone = r));
    p.on('error', reject);
    p.on('exit', (code) => code !== 0 && reject(new Error(`the sink exited ${code}`)));
    lines.on('line', (line) => {
      if (port === null) {
        port = Number(line);
        resolve({ port, done });
      } else resolveDone(Number(line));
    });
  });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
}

function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** Wall time of one transfer of `bytes` into a fresh sink: from the start of sending until the sink has read them all. */
async function timed(sinkBinary: string, bytes: number, send: (port: number) => Promise<void>): Promise<number> {
  const sink = await startSink(sinkBinary, bytes);
  const t0 = process.hrtime.bigint();
  const sending = send(sink.port);
  const got = await sink.done;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await sending;
  if (got !== bytes) throw new Error(`the sink read ${got} bytes, expected ${bytes}`);
  return ms;
}

async function call(engine: EngineClient, step: Step, callId?: string) {
  const rec = await engine.request('call', { step, callId });
  if (rec.refused) throw new Error(`${rec.c}: refused: ${rec.refused}`);
  return rec;
}

/** A connected pair of engine sockets to bounce one byte on. */
async function pingPair(engine: EngineClient): Promise<{ ping: () => Promise<number> }> {
  await call(engine, { call: 'BIO_socket', as: 'pl', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const l = await call(engine, { call: 'BIO_listen', sock: 'pl', addr: '127.0.0.1:0' });
  await call(engine, { call: 'BIO_socket', as: 'pc', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  await call(engine, { call: 'BIO_connect', sock: 'pc', addr: l.socket!.local!, options: ['BIO_SOCK_NODELAY'] });
  await call(engine, { call: 'BIO_accept_ex', sock: 'pl', as: 'pa', options: ['BIO_SOCK_NODELAY'], timeoutMs: 5000 });
  return {
    ping: async () => {
      const t0 = process.hrtime.bigint();
      await call(engine, { call: 'BIO_write', sock: 'pc', data: 'p' });
      const r = await call(engine, { call: 'BIO_read', sock: 'pa', max: 16, timeoutMs: 5000 });
      if (r.ret !== 1) throw new Error(`ping read returned ${r.ret}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    },
  };
}

export async function bulkBenchmarks(options: { quick: boolean }): Promise<BulkBenchResult> {
  const bytes = options.quick ? 64 * 2 ** 20 : 1024 * 2 ** 20;
  const rounds = options.quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), 'bio-bulk-bench-'));
  const engine = await startEngine();
  try {
    writeFileSync(join(dir, 'sink.c'), C_SINK);
    writeFileSync(join(dir, 'sender.c'), C_SENDER);
    execFileSync('cc', ['-O2', '-o', join(dir, 'sink'), join(dir, 'sink.c')]);
    execFileSync('cc', ['-O2', '-o', join(dir, 'sender'), join(dir, 'sender.c'), '-lcrypto']);
    const sink = join(dir, 'sink');
    const mibs = (ms: number) => bytes / 2 ** 20 / (ms / 1000);
    const cMs: number[] = [];
    const socatMs: number[] = [];
    const engineMs: number[] = [];
    const pings: number[] = [];
    const hasSocat = existsSync('/usr/bin/socat');
    const { ping } = await pingPair(engine);
    // The same ping-pong with no loop running: what the machine gives without one.
    const idlePings: number[] = [];
    for (let i = 0; i < (options.quick ? 50 : 300); i++) idlePings.push(await ping());
    // The loop's pool thread is started (koffi and libcrypto loaded in it) before anything is timed.
    await timed(sink, 2 ** 20, async (port) => {
      await call(engine, { call: 'BIO_socket', as: 'warm', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      await call(engine, { call: 'BIO_connect', sock: 'warm', addr: `127.0.0.1:${port}` });
      await call(engine, { call: 'BIO_write', sock: 'warm', data: 'x', bytes: 2 ** 20 });
      await call(engine, { call: 'BIO_closesocket', sock: 'warm' });
    });
    /** From the loop's request to its record: the transfer, then the SHA-256 of what went. */
    const recordMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      cMs.push(await timed(sink, bytes, (port) => run(join(dir, 'sender'), [String(port), String(bytes), String(CHUNK)])));
      if (hasSocat) socatMs.push(await timed(sink, bytes, (port) => run('socat', ['-u', '-b', String(CHUNK), `OPEN:/dev/zero,readbytes=${bytes}`, `TCP:127.0.0.1:${port}`])));
      engineMs.push(
        await timed(sink, bytes, async (port) => {
          await call(engine, { call: 'BIO_socket', as: 'bulk', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
          await call(engine, { call: 'BIO_connect', sock: 'bulk', addr: `127.0.0.1:${port}` });
          let running = true;
          const t0 = process.hrtime.bigint();
          const loop = call(engine, { call: 'BIO_write', sock: 'bulk', data: 'x', bytes, chunk: CHUNK }).finally(() => (running = false));
          // Ping-pong on the other pair for as long as the loop runs.
          while (running) pings.push(await ping());
          const rec = await loop;
          recordMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (rec.bulk?.bytes !== bytes) throw new Error(`the loop sent ${rec.bulk?.bytes} bytes: ${rec.cancelled ?? rec.warnings.join('; ')}`);
          await call(engine, { call: 'BIO_closesocket', sock: 'bulk' });
        }),
      );
    }
    const engineMiBs = mibs(median(engineMs));
    const cMiBs = mibs(median(cMs));
    const socatMiBs = hasSocat ? mibs(median(socatMs)) : null;
    return {
      bulkVsC: engineMiBs / cMiBs,
      bulkVsSocat: socatMiBs === null ? null : engineMiBs / socatMiBs,
      bulkOtherSocketP99Ms: percentile(pings, 99),
      engineMiBs,
      engineRecordMiBs: mibs(median(recordMs)),
      cMiBs,
      socatMiBs,
      pingPongP50Ms: percentile(pings, 50),
      idlePingPongP99Ms: percentile(idlePings, 99),
      pingPongs: pings.length,
      bytes,
    };
  } finally {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function bulkReport(r: BulkBenchResult): string {
  const x = (v: number | null) => (v === null ? 'n/a (socat not installed)' : `${v.toFixed(2)}x`);
  return [
    `## Bulk data: ${(r.bytes / 2 ** 20).toFixed(0)} MiB in ${CHUNK}-byte BIO_write calls into a C sink on loopback`,
    `C sender:                   ${r.cMiBs.toFixed(0)} MiB/s`,
    `socat:                      ${r.socatMiBs === null ? 'not installed' : `${r.socatMiBs.toFixed(0)} MiB/s`}`,
    `engine loop (pool thread):  ${r.engineMiBs.toFixed(0)} MiB/s  (${x(r.bulkVsC)} C, ${x(r.bulkVsSocat)} socat); ${r.engineRecordMiBs.toFixed(0)} MiB/s until its record (with the SHA-256)`,
    `ping-pong on another socket meanwhile: p50 ${r.pingPongP50Ms.toFixed(2)} ms, p99 ${r.bulkOtherSocketP99Ms.toFixed(2)} ms over ${r.pingPongs} round trips (p99 ${r.idlePingPongP99Ms.toFixed(2)} ms with no loop running)`,
  ].join('\n');
}

// Bundled into the bench, import.meta.url is the bench's own: only the file run by name runs alone.
if (/bulk-bench\.ts$/.test(process.argv[1] ?? '') && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  bulkBenchmarks({ quick })
    .then((r) => console.log(process.argv.includes('--json') ? JSON.stringify(r) : bulkReport(r)))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}

/** The bench's section: bulkVsC, bulkVsSocat (where socat is installed) and bulkOtherSocketP99Ms. */
export const bulkData: BenchSection = {
  title: 'Bulk data',
  async run({ quick, say }) {
    const r = await bulkBenchmarks({ quick });
    for (const line of bulkReport(r).split('\n')) say(line);
    return { bulkVsC: r.bulkVsC, ...(r.bulkVsSocat === null ? {} : { bulkVsSocat: r.bulkVsSocat }), bulkOtherSocketP99Ms: r.bulkOtherSocketP99Ms };
  },
};
