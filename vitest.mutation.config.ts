// The unit tests beside the modules `npm run mutation` mutates: no engine process, no cc, no
// browser, threads instead of forks, so each mutant is judged in seconds. Integration tests stay
// in vitest.config.ts (through them a mutation run does not finish on a 2-core machine).
import { defineConfig } from 'vitest/config';

// web-host.test starts a host and its engine for every mutant it judges: too slow for a habit
// (hours for src/main/web here), so it joins only with MUTATION_WEB_HOST=1, and only for a run of
// src/main/web (scripts/mutation.mjs says which paths a run mutates). Its test that starts the
// host as a process through tsx is left to `npm test`.
const mutating = (process.env.MUTATION_PATHS ?? '').split(',');
const webHost = process.env.MUTATION_WEB_HOST === '1' && mutating.some((p) => p.startsWith('src/main/web'));

export default defineConfig({
  test: {
    include: [
      'src/shared/{c-expression,compare,expect,flags,issue-text,lesson-prediction,scenario-check,steps}.test.ts',
      'src/shared/{address,blank-record,closest-name,data-bytes,json-position,scenario-runner,tls-steps}.test.ts',
      'src/shared/escape/*.test.ts',
      'src/shared/rpc/*.test.ts',
      'src/shared/commands/commands-{text,cases}.test.ts',
      'src/shared/{log-search,bulk-text,packet-filters-text,issue-text-shapes}.test.ts',
      'src/shared/{lesson-footprint,lesson-objects,lesson-rebuild,lesson-recording,lesson-run,lesson-sockets,packets,step-groups,tls-c-expression}.test.ts',
      'src/main/engine/{socket-table,parent-port,records}.test.ts',
      'src/main/web/{access,headers,ws-port}.test.ts',
      ...(webHost ? ['src/main/web/web-host.test.ts'] : []),
      'src/main/cli/export-c/*.test.ts',
      'src/renderer/src/store/*.test.ts',
    ],
    ...(webHost ? { testNamePattern: /^(?!.*prints exactly the URL on stdout)/ } : {}),
    testTimeout: 10_000,
    hookTimeout: 60_000,
    pool: 'threads',
  },
});
