// A BIO_socket + BIO_closesocket pair with its full records, each layer against its own floor in
// the same run: in process against bare koffi and against a C program making the same system
// calls; through the engine process, whose hop (the pair there minus the pair in process) is set
// against two bare IPC echoes carrying the same record.
import { loadBindings } from '../src/main/engine/bindings';
import { Engine } from '../src/main/engine/engine';
import { startEngine } from '../src/main/engine-host';
import type { CallRecord } from '../src/shared/record';
import { IpcEcho, sameSyscallsInC } from './floors';
import type { BenchSection } from './section';
import { median, medianRound } from './stats';

const SOCKET = { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;

/** ms per pair made in process by the engine, and the last BIO_socket record (the echo's payload). */
async function inProcessPairs(pairs: number, rounds: number): Promise<{ ms: number; record: CallRecord }> {
  const engine = new Engine({ bindings: loadBindings(), libcryptoPath: 'libcrypto.so.3', workerUrl: new URL('./engine-worker.js', import.meta.url) });
  let record: CallRecord | null = null;
  const round = async () => {
    for (let i = 0; i < pairs; i++) {
      record = await engine.call(SOCKET);
      await engine.call({ call: 'BIO_closesocket', sock: record.ret! });
    }
  };
  // One round unmeasured first: V8 optimises the engine's code over the first thousands of pairs.
  await round();
  const ms = (await medianRound(rounds, round)) / pairs;
  await engine.stop();
  return { ms, record: record! };
}

async function remotePairs(pairs: number, rounds: number): Promise<number> {
  const client = await startEngine();
  const round = async () => {
    for (let i = 0; i < pairs; i++) {
      const rec = await client.request('call', { step: SOCKET });
      await client.request('call', { step: { call: 'BIO_closesocket', sock: rec.ret! } });
    }
  };
  await round();
  const ms = (await medianRound(rounds, round)) / pairs;
  await client.stop();
  return ms;
}

export const callOverhead: BenchSection = {
  title: 'Call overhead: BIO_socket + BIO_closesocket',
  async run({ quick, say }) {
    const pairs = Number(process.env.BENCH_CALLS ?? (quick ? 500 : 5000));
    const remoteCount = Math.min(pairs, quick ? 300 : 2000);
    const rounds = quick ? 3 : 5;
    const b = loadBindings();
    const barePairs = () => {
      for (let i = 0; i < pairs; i++) b.crypto.BIO_closesocket(b.crypto.BIO_socket(2, 1, 0, 0));
    };
    barePairs();
    const bare = (await medianRound(rounds, barePairs)) / pairs;
    const cFloor = sameSyscallsInC(pairs * 4, rounds);
    const { ms: inProcess, record } = await inProcessPairs(pairs, rounds);
    const remote = await remotePairs(remoteCount, rounds);
    const echo = IpcEcho.start(record);
    await echo.trips(remoteCount, { step: SOCKET });
    const echoMs = median(await echo.trips(remoteCount * 2, { step: SOCKET }));
    await echo.stop();

    const us = (ms: number) => `${(ms * 1000).toFixed(1)} us`;
    const hop = remote - inProcess;
    say(`bare koffi pair:                 ${us(bare)} (baseline of the old ratios)`);
    say(`floor: the same syscalls in C:   ${us(cFloor)} (the pair, getsockname, TCP_INFO, 5 option reads, F_GETFL, poll)`);
    say(`engine in process (full record): ${us(inProcess)} (${(inProcess / bare).toFixed(1)}x koffi; ${(inProcess / cFloor).toFixed(2)}x the C floor, target <= 2x)`);
    say(`floor: bare IPC echo (fork, JSON serialization, the record as payload): ${us(echoMs)} per trip`);
    say(`through the engine process:      ${us(remote)} (${(remote / bare).toFixed(1)}x koffi); its hop ${us(hop)} = ${(hop / (2 * echoMs)).toFixed(2)}x two IPC echoes, target <= 1.5x`);
    return {
      pairInProcessVsKoffi: inProcess / bare,
      pairEngineProcessVsKoffi: remote / bare,
      pairInProcessVsSameSyscallsC: inProcess / cFloor,
      engineHopVsIpcEcho: hop / (2 * echoMs),
    };
  },
};
