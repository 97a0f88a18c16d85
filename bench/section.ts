// What a section of the bench is: it prints its rows as it goes and returns its figures, which
// `--json` merges into one object. Every figure is a ratio against a baseline measured in the
// same run, or a plain size or time where the issue asks for one.

export interface BenchContext {
  /** The smaller run chosen by BIO_WORKBENCH_BENCH_QUICK=1 (CI): fewer rounds, fewer sockets. */
  quick: boolean;
  /** Prints one line of the human report (on stderr under --json, so stdout holds only the JSON). */
  say(line: string): void;
}

export type BenchFigures = Record<string, number>;

export interface BenchSection {
  title: string;
  run(ctx: BenchContext): Promise<BenchFigures>;
}
