// The unit tests beside the modules `npm run mutation` mutates: no engine process, no cc, no
// browser, threads instead of forks, so each mutant is judged in seconds. Integration tests stay
// in vitest.config.ts (through them a mutation run does not finish on a 2-core machine).
import { defineConfig } from 'vitest/config';
import { keptThreadsPool } from './scripts/kept-threads.js';
import { QuickFilesFirst } from './scripts/quick-files-first.js';

// The web host's tests serve a real engine in process (libcrypto through koffi, no child
// process), a second or so per mutant: they join a run that mutates src/main/web (or everything),
// not one of another folder whose mutants they would only slow. scripts/mutation.mjs says which
// paths a run mutates; `npm run web` as a process (web-main.test) and the hostile and fuzz suites
// stay in `npm test`.
const mutating = (process.env.MUTATION_PATHS ?? '').split(',').filter(Boolean).map((p) => p.replace(/\/+$/, ''));
const web = 'src/main/web';
const hostTests = mutating.length === 0 || mutating.some((p) => p.startsWith(web) || web.startsWith(`${p}/`));

export default defineConfig({
  plugins: process.env.MUTATION_FRESH_THREADS ? [] : [keptThreadsPool()],
  test: {
    include: [
      'src/shared/{c-expression,compare,expect,flags,issue-text,lesson-prediction,scenario-check,steps}.test.ts',
      'src/shared/{address,blank-record,closest-name,data-bytes,json-position,refusals,scenario-runner,tls-steps}.test.ts',
      'src/shared/escape/*.test.ts',
      'src/shared/rpc/*.test.ts',
      'src/shared/commands/{bio-tls-walk,commands-text,commands-cases,endpoints,tls-words,tools}.test.ts',
      'src/shared/{log-search,bulk-text,packet-filters-text,issue-text-shapes}.test.ts',
      'src/shared/{lesson-footprint,lesson-measures,lesson-objects,lesson-rebuild,lesson-recording,lesson-run,lesson-sockets,packets,step-groups,tls-c-expression}.test.ts',
      'src/main/engine/{socket-table,parent-port,records}.test.ts',
      'src/main/web/{access,headers,ws-port,connection-cap,http-answers,web-host-cli}.test.ts',
      ...(hostTests ? ['src/main/web/{web-host,web-host-answers}.test.ts'] : []),
      'src/main/cli/export-c/*.test.ts',
      'src/renderer/src/store/*.test.ts',
    ],
    // A mutant that hangs a test fails it here (killed) before Stryker's own timer would restart the runner, ~5 s each.
    testTimeout: 2_000,
    hookTimeout: 60_000,
    pool: 'threads',
    sequence: process.env.MUTATION_VITEST_ORDER ? {} : { sequencer: QuickFilesFirst },
  },
});
