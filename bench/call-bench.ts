// A BIO_socket + BIO_closesocket pair with its full records, against the same pair made by bare
// koffi: in process (the engine's own cost) and through the engine process (plus the round trips).
import { loadBindings } from '../src/main/engine/bindings';
import { Engine } from '../src/main/engine/engine';
import { startEngine } from '../src/main/engine-host';
import type { BenchSection } from './section';
import { medianRound } from './stats';

const SOCKET = { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;

export const callOverhead: BenchSection = {
  title: 'Call overhead: BIO_socket + BIO_closesocket',
  async run({ quick, say }) {
    const pairs = Number(process.env.BENCH_CALLS ?? (quick ? 500 : 5000));
    const remotePairs = Math.min(pairs, quick ? 300 : 2000);
    const rounds = quick ? 3 : 5;
    const b = loadBindings();
    const bare = (await medianRound(rounds, () => {
      for (let i = 0; i < pairs; i++) b.crypto.BIO_closesocket(b.crypto.BIO_socket(2, 1, 0, 0));
    })) / pairs;

    const engine = new Engine({ bindings: b, libcryptoPath: 'libcrypto.so.3', workerUrl: new URL('./engine-worker.js', import.meta.url) });
    const inProcess = (await medianRound(rounds, async () => {
      for (let i = 0; i < pairs; i++) {
        const rec = await engine.call(SOCKET);
        await engine.call({ call: 'BIO_closesocket', sock: rec.ret! });
      }
    })) / pairs;
    await engine.stop();

    const client = await startEngine();
    const remote = (await medianRound(rounds, async () => {
      for (let i = 0; i < remotePairs; i++) {
        const rec = await client.request('call', { step: SOCKET });
        await client.request('call', { step: { call: 'BIO_closesocket', sock: rec.ret! } });
      }
    })) / remotePairs;
    await client.stop();

    const us = (ms: number) => `${(ms * 1000).toFixed(1)} us`;
    say(`bare koffi pair:                 ${us(bare)} (baseline 1.00x)`);
    say(`engine in process (full record): ${us(inProcess)} (${(inProcess / bare).toFixed(1)}x; target <= 5x)`);
    say(`through the engine process:      ${us(remote)} (${(remote / bare).toFixed(1)}x; target <= 12x)`);
    return { pairInProcessVsKoffi: inProcess / bare, pairEngineProcessVsKoffi: remote / bare };
  },
};
