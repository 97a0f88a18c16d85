// Mutation testing (`npm run mutation`; one file or folder: `npm run mutation -- --mutate PATH`):
// StrykerJS plants small bugs in the modules below and runs the unit tests of
// vitest.mutation.config.ts against each. A surviving mutant is a bug no test notices; the ones
// that cannot be told apart from the original are listed in docs/mutation-equivalents.md.
// Incremental: only mutants of changed code or changed tests run again.

/** The engine's modules that make no native call (the rest run libcrypto through koffi). */
const enginePure = ['socket-table', 'parent-port', 'records'].map((m) => `src/main/engine/${m}.ts`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/shared/**/*.ts',
    ...enginePure,
    'src/main/web/**/*.ts',
    'src/main/cli/export-c/**/*.ts',
    'src/renderer/src/store/**/*.ts',
    '!**/*.test.ts',
    '!**/*.d.ts',
  ],
  coverageAnalysis: 'perTest',
  // A mutant of a module-level constant runs every test (87% of a run's time here); it is left out.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'html', 'progress'],
  htmlReporter: { fileName: process.env.MUTATION_HTML ?? 'reports/mutation/index.html' },
  clearTextReporter: { reportScoreTable: true, reportMutants: false, allowEmojis: false },
  concurrency: 2,
  // A mutant that hangs a test is a timeout (counted as detected) after the test's own time plus this.
  timeoutMS: 3_000,
  tempDirName: '.stryker-tmp',
  // Sandboxes of other runs (a run given its own --tempDirName) and build output stay out of this one's.
  ignorePatterns: ['/.stryker-tmp*', '/out', '/dist', '/test-results', '/playwright-report'],
  cleanTempDir: 'always',
};
