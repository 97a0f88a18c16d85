// npm run bench: every row of the performance table, each a ratio against a baseline measured in
// the same run (these machines are noisy), or a plain size or time where one is asked for.
//   npm run bench                 the human report
//   npm run bench -- --json       one JSON object of figures on stdout (the report goes to stderr)
//   BIO_WORKBENCH_BENCH_QUICK=1   a smaller run (CI): fewer rounds, 500 sockets instead of 10,000
//   BIO_WORKBENCH_BENCH_ONLY=call,cli   only the sections whose titles contain one of these words
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

/** The sections `only` (comma-separated words, case-insensitive) names; all of them when it is empty. */
export function chosenSections(only: string | undefined): BenchSection[] {
  const words = (only ?? '').toLowerCase().split(',').map((w) => w.trim()).filter(Boolean);
  if (words.length === 0) return SECTIONS;
  const chosen = SECTIONS.filter((s) => words.some((w) => s.title.toLowerCase().includes(w)));
  if (chosen.length === 0) throw new Error(`BIO_WORKBENCH_BENCH_ONLY=${only} names no section; the titles are: ${SECTIONS.map((s) => s.title).join('; ')}`);
  return chosen;
}

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
  const figures = await runBench(chosenSections(process.env.BIO_WORKBENCH_BENCH_ONLY), { quick, say });
  if (json) process.stdout.write(JSON.stringify(figures) + '\n');
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
