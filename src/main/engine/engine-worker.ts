// Worker threads of the engine. One "poller" waits for readiness of every waiting socket at
// once (poll on their fds and a wake pipe); "pool" workers make blocking calls that cannot be
// pre-polled (a blocking connect, a large blocking write) synchronously. errno and the error
// queue are per thread, so a pool thread reads both itself, right after its call.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { loadBindings } from './bindings';
import { runPoller } from './poller-loop';
import { runPoolJob, type PoolMessage, type PoolRequest } from './pool-jobs';

const { role, libcryptoPath, wakeFd }: { role: 'poller' | 'pool'; libcryptoPath: string; wakeFd: number } = workerData;
const b = loadBindings(libcryptoPath);
const port = parentPort!;

if (role === 'poller') {
  runPoller(b, wakeFd, port, (p) => receiveMessageOnPort(p));
} else {
  port.on('message', (request: PoolRequest) => {
    const result = runPoolJob(b, request, () => port.postMessage({ entering: true } satisfies PoolMessage));
    port.postMessage({ result } satisfies PoolMessage);
  });
}
