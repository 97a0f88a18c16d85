// `bio-workbench run` of a 4-step scenario against node loading koffi and libcrypto, the floor of
// any run: both started as fresh processes, alternately, the median of each.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './section';
import { median, msSince } from './stats';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../resources/scenarios/nonblocking-accept-empty.json', import.meta.url));
const NODE_KOFFI = "const k = require('koffi'); k.load('libcrypto.so.3', { deep: true });";

function timed(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(msSince(t0)) : reject(new Error(`node ${args.join(' ').slice(0, 60)} exited ${code}`))));
  });
}

export const cliStart: BenchSection = {
  title: 'CLI start: bio-workbench run of a 4-step scenario',
  async run({ quick, say }) {
    const runs = quick ? 3 : 9;
    const cli: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      cli.push(await timed([CLI, 'run', SCENARIO]));
      floor.push(await timed(['-e', NODE_KOFFI]));
    }
    const ratio = median(cli) / median(floor);
    say(`node loading koffi + libcrypto: ${median(floor).toFixed(0)} ms (baseline 1.00x)`);
    say(`bio-workbench run (4 steps):    ${median(cli).toFixed(0)} ms (${ratio.toFixed(2)}x; target <= 2x)`);
    return { cliRunVsNodeKoffi: ratio };
  },
};
