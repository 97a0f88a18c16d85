// Runs in the test thread around each file of a mutation run and tells the kept-threads pool when
// the thread cannot serve another file as a fresh thread would: a native addon (koffi) was loaded,
// whose types cannot be declared twice in one thread, or the file left timers, sockets or other
// handles behind, which would go on running (and counting a mutant's hits) under the next file.
import { parentPort } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';
import { DISCARD_THREAD } from './kept-threads';

const spent = (why: string) => parentPort?.postMessage({ [DISCARD_THREAD]: why });

const watched = Symbol.for('kept-threads: dlopen watched');
const proc = process as typeof process & { [watched]?: true };
if (!proc[watched]) {
  proc[watched] = true;
  const dlopen = process.dlopen.bind(process);
  process.dlopen = ((...args: Parameters<typeof process.dlopen>) => {
    spent('a native addon was loaded');
    return dlopen(...args);
  }) as typeof process.dlopen;
}

/** How many handles of each kind are open ("Timeout", "TCPSocketWrap", ...). */
function handles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

// Both hooks run under a hook's own timer, so that timer is in both counts; this file's beforeAll
// runs before the test file's hooks, its afterAll after them.
let before = new Map<string, number>();
beforeAll(() => {
  before = handles();
});
afterAll(() => {
  const left = [...handles()].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind]) => kind);
  if (left.length > 0) spent(`left ${left.join(', ')} open`);
});
