// `bio-workbench run` of a 4-step scenario against node loading koffi and libcrypto, the floor of
// any run: both started as fresh processes, alternately, the median of each, in wall time and in
// CPU time (the child's own and its engine process's, from getrusage of waited-for children).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childrenCpuSeconds } from './floors';
import type { BenchSection } from './section';
import { median, msSince } from './stats';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../resources/scenarios/nonblocking-accept-empty.json', import.meta.url));
const NODE_KOFFI = "const k = require('koffi'); k.load('libcrypto.so.3', { deep: true });";
/** The least a crash-isolated run can be: a bare node that starts node loading koffi and libcrypto, and waits for it. */
const ISOLATED_NODE_KOFFI = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(NODE_KOFFI)}], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 1));`;

/** Wall ms and CPU ms of one run of node with `args` (nothing else is spawned meanwhile). */
function timed(args: string[]): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuSeconds();
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`node ${args.join(' ').slice(0, 60)} exited ${code}`));
      resolve({ wallMs: msSince(t0), cpuMs: (childrenCpuSeconds() - cpu0) * 1000 });
    });
  });
}

export const cliStart: BenchSection = {
  title: 'CLI start: bio-workbench run of a 4-step scenario',
  async run({ quick, say }) {
    const runs = quick ? 3 : 9;
    const cli: { wallMs: number; cpuMs: number }[] = [];
    const floor: { wallMs: number; cpuMs: number }[] = [];
    const isolated: { wallMs: number; cpuMs: number }[] = [];
    for (let i = 0; i < runs; i++) {
      cli.push(await timed([CLI, 'run', SCENARIO]));
      floor.push(await timed(['-e', NODE_KOFFI]));
      isolated.push(await timed(['-e', ISOLATED_NODE_KOFFI]));
    }
    const wall = (xs: typeof cli) => median(xs.map((x) => x.wallMs));
    const cpu = (xs: typeof cli) => median(xs.map((x) => x.cpuMs));
    const ratio = wall(cli) / wall(floor);
    const cpuRatio = cpu(cli) / cpu(floor);
    const isolatedWall = wall(isolated) / wall(floor);
    const isolatedCpu = cpu(isolated) / cpu(floor);
    say(`floor: node loading koffi + libcrypto: ${wall(floor).toFixed(0)} ms wall, ${cpu(floor).toFixed(0)} ms CPU (baseline 1.00x)`);
    say(`crash isolation's own floor:           ${wall(isolated).toFixed(0)} ms wall (${isolatedWall.toFixed(2)}x), ${cpu(isolated).toFixed(0)} ms CPU (${isolatedCpu.toFixed(2)}x): a bare node starting that floor as its child and waiting for it`);
    say(`bio-workbench run (4 steps):           ${wall(cli).toFixed(0)} ms wall (${ratio.toFixed(2)}x; target <= 2x), ${cpu(cli).toFixed(0)} ms CPU with its engine process (${cpuRatio.toFixed(2)}x; target <= 1.5x)`);
    return { cliRunVsNodeKoffi: ratio, cliCpuVsNodeKoffi: cpuRatio, cliIsolationFloorVsNodeKoffi: isolatedWall, cliIsolationCpuFloorVsNodeKoffi: isolatedCpu };
  },
};
