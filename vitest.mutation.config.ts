// The unit tests beside the modules `npm run mutation` mutates: no engine process, no cc, no
// browser, threads instead of forks, so each mutant is judged in seconds. Integration tests stay
// in vitest.config.ts (through them a mutation run does not finish on a 2-core machine).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/shared/{c-expression,compare,expect,flags,issue-text,lesson-prediction,scenario-check,steps}.test.ts',
      'src/shared/rpc/*.test.ts',
      'src/main/engine/{socket-table,parent-port}.test.ts',
      'src/main/web/{access,ws-port}.test.ts',
      'src/main/cli/export-c/*.test.ts',
      'src/renderer/src/store/*.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'threads',
  },
});
