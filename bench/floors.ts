// The floors each layer is measured against, in the bench's own run: what a layer cannot go under.
//   - the same system calls in C: what a full BIO_socket + BIO_closesocket record costs the kernel
//     (the pair, the address read, TCP_INFO, the option reads, the pending-error poll), made by a
//     C program built here as the bulk bench builds its sender;
//   - a bare parent-child echo over the IPC the engine process uses (child_process.fork, its
//     default JSON serialization), carrying a real record;
//   - a bare WebSocket echo (measured in web-bench.ts beside the call it is the floor of).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { percentile } from './stats';

/**
 * The system calls the engine makes for an AF_INET stream socket's BIO_socket record and its
 * BIO_closesocket (strace of the engine in process): socket, getsockname, TCP_INFO, SO_REUSEADDR,
 * SO_KEEPALIVE, F_GETFL, TCP_NODELAY, TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, poll, close. The close's
 * record rereads nothing for a socket that was never bound or connected. Prints ns per pair.
 */
const C_SAME_SYSCALLS = `
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/bio.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
static int opt(int fd, int level, int name) { int v = 0; socklen_t n = sizeof v; getsockopt(fd, level, name, &v, &n); return v; }
int main(int argc, char **argv) {
  long pairs = atol(argv[1]);
  struct timespec t0, t1;
  struct sockaddr_storage ss; struct tcp_info ti; volatile int sink = 0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < pairs; i++) {
    int fd = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    socklen_t n = sizeof ss; getsockname(fd, (struct sockaddr *)&ss, &n);
    n = sizeof ti; getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &n);
    sink += opt(fd, SOL_SOCKET, SO_REUSEADDR) + opt(fd, SOL_SOCKET, SO_KEEPALIVE) + fcntl(fd, F_GETFL);
    sink += opt(fd, IPPROTO_TCP, TCP_NODELAY) + opt(fd, IPPROTO_TCP, TCP_FASTOPEN) + opt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT);
    struct pollfd p = { .fd = fd, .events = 0 }; sink += poll(&p, 1, 0);
    BIO_closesocket(fd);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.1f\\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / pairs);
  return sink == -1;
}`;

/** ms per pair of the C floor: the median of `rounds` runs of `pairs` pairs each. */
export function sameSyscallsInC(pairs: number, rounds: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'bio-floor-bench-'));
  try {
    writeFileSync(join(dir, 'pair.c'), C_SAME_SYSCALLS);
    execFileSync('cc', ['-O2', '-o', join(dir, 'pair'), join(dir, 'pair.c'), '-lcrypto']);
    const ns = Array.from({ length: rounds }, () => Number(execFileSync(join(dir, 'pair'), [String(pairs)], { encoding: 'utf8' })));
    return percentile(ns, 0.5) / 1e6;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: answers each request envelope with a response carrying the record it was given first. */
const ECHO_CHILD = `let answer = null;
process.on('message', (m) => { if (answer === null) { answer = m; return; } process.send({ type: 'response', id: m.id, output: answer }); });`;

/** A forked node child (the engine's channel, with no engine behind it) and one echo through it. */
export class IpcEcho {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  /** Forks the echo child; every answer carries `record`, so the same bytes cross as for a call. */
  static start(record: object): IpcEcho {
    const dir = mkdtempSync(join(tmpdir(), 'bio-ipc-echo-'));
    writeFileSync(join(dir, 'echo.cjs'), ECHO_CHILD);
    const child = fork(join(dir, 'echo.cjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.send(record);
    return new IpcEcho(child, dir);
  }

  /** ms for one request envelope out and its answer back. */
  trip(id: number, input: object): Promise<number> {
    const t0 = process.hrtime.bigint();
    return new Promise((resolve) => {
      this.child.once('message', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
      this.child.send({ type: 'request', id, method: 'call', input });
    });
  }

  /** ms per trip over `count` trips, each starting when the last one ended. */
  async trips(count: number, input: object): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(await this.trip(i, input));
    return out;
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.disconnect();
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const RUSAGE_CHILDREN = -1;
let getrusage: ((who: number, usage: Buffer) => number) | null = null;

/**
 * CPU seconds (user + system) of every child this process has waited for, grandchildren they
 * waited for included: the difference across one child's life is that child's CPU time.
 */
export function childrenCpuSeconds(): number {
  getrusage ??= koffi.load('libc.so.6').func('int getrusage(int who, void *usage)') as (who: number, usage: Buffer) => number;
  const usage = Buffer.alloc(144); // struct rusage: ru_utime and ru_stime (two timevals) come first
  if (getrusage(RUSAGE_CHILDREN, usage) !== 0) throw new Error('getrusage(RUSAGE_CHILDREN) failed');
  const tv = (at: number) => Number(usage.readBigInt64LE(at)) + Number(usage.readBigInt64LE(at + 8)) / 1e6;
  return tv(0) + tv(16);
}
