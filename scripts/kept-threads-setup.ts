// Runs in the test thread before each file of a mutation run. A native addon (koffi) cannot declare
// its types twice in one thread, so the moment one is loaded the kept-threads pool is told, and that
// thread is not given another file, whether the file then passes, fails or never finishes loading.
import { parentPort } from 'node:worker_threads';
import { NATIVE_LOADED } from './kept-threads';

const watched = Symbol.for('kept-threads: dlopen watched');
const proc = process as typeof process & { [watched]?: true };
if (!proc[watched]) {
  proc[watched] = true;
  const dlopen = process.dlopen.bind(process);
  process.dlopen = ((...args: Parameters<typeof process.dlopen>) => {
    parentPort?.postMessage({ [NATIVE_LOADED]: true });
    return dlopen(...args);
  }) as typeof process.dlopen;
}
