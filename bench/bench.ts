// npm run bench: every row of the performance table, each a ratio against a baseline measured in
// the same run (these machines are noisy), or a plain size or time where one is asked for.
//   npm run bench                 the human report
//   npm run bench -- --json       one JSON object of figures on stdout (the report goes to stderr)
//   BIO_WORKBENCH_BENCH_QUICK=1   a smaller run (CI): fewer rounds, 500 sockets instead of 10,000
// Loops are bounded in count and time; everything runs on loopback.
import { bulkData } from './bulk-bench';
import { callOverhead } from './call-bench';
import { cliStart } from './cli-bench';
import type { BenchContext, BenchFigures, BenchSection } from './section';
import { manySockets } from './sockets-bench';
import { webRoundTrip } from './web-bench';
import { windowStart } from './window-bench';

/** The sections, in the order they run. */
export const SECTIONS: BenchSection[] = [callOverhead, webRoundTrip, bulkData, cliStart, windowStart, manySockets];

export async function runBench(sections: readonly BenchSection[], ctx: BenchContext): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  for (const section of sections) {
    ctx.say(`\n## ${section.title}`);
    Object.assign(figures, await section.run(ctx));
  }
  return figures;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const quick = process.env.BIO_WORKBENCH_BENCH_QUICK === '1';
  const say = (line: string) => (json ? process.stderr : process.stdout).write(line + '\n');
  say(`# BIO Socket Workbench benchmarks${quick ? ' (quick run)' : ''}: ratios against baselines measured in this run`);
  const figures = await runBench(SECTIONS, { quick, say });
  if (json) process.stdout.write(JSON.stringify(figures) + '\n');
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
