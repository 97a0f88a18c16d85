// The order of test files in a mutation run. Stryker stops a mutant's run at its first failing test,
// so the file that failed last time goes first, then the quickest: vitest's own order (longest
// first) started every mutant a web-host test covers with that test's host, and few needed it.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export class QuickFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const key = (f: TestSpecification) => `${f.project.name}:${relative(config.root, f.moduleId)}`;
    const last = (f: TestSpecification) => cache.getFileTestResults(key(f));
    const size = (f: TestSpecification) => cache.getFileStats(key(f))?.size ?? Number.MAX_SAFE_INTEGER;
    return [...files].sort((a, b) => {
      const [ra, rb] = [last(a), last(b)];
      if (Boolean(ra?.failed) !== Boolean(rb?.failed)) return ra?.failed ? -1 : 1;
      if (ra && rb) return ra.duration - rb.duration;
      if (ra || rb) return ra ? -1 : 1;
      return size(a) - size(b);
    });
  }
}
