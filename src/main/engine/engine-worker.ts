// Worker threads of the engine. One "poller" waits for readiness of every waiting socket at
// once (poll on their fds and a wake pipe); "pool" workers make blocking calls that cannot be
// pre-polled (a blocking connect, a large blocking write) synchronously, reading errno and the
// error queue on their own thread (DESIGN facts 2 and 3).
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { loadBindings } from './bindings';
import { runPoller } from './poller-loop';
import { runPoolJob, type PoolJob, type PoolMessage } from './pool-jobs';

const { role, libcryptoPath, wakeFd } = workerData as { role: 'poller' | 'pool'; libcryptoPath: string; wakeFd: number };
const b = loadBindings(libcryptoPath);
const port = parentPort!;

if (role === 'poller') {
  runPoller(b, wakeFd, port, (p) => receiveMessageOnPort(p));
} else {
  port.on('message', (job: PoolJob) => {
    const result = runPoolJob(b, job, () => port.postMessage({ entering: true } satisfies PoolMessage));
    port.postMessage({ result } satisfies PoolMessage);
  });
}
