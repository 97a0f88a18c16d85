// Figures from samples: the median and percentiles every section reports.

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

export const median = (xs: readonly number[]): number => percentile(xs, 0.5);

/** Milliseconds since `t0` (a process.hrtime.bigint() reading). */
export const msSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Runs `fn` `rounds` times; the median round in ms. */
export async function medianRound(rounds: number, fn: () => Promise<void> | void): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(msSince(t0));
  }
  return median(samples);
}
