// Loaded with --import into the engine the electron stub forks: makes the child look like an
// Electron utilityProcess to the engine, which then talks over `process.parentPort` (a real
// MessagePort of a MessageChannel, its messages wrapped as Electron wraps them) instead of process.send.
import { MessageChannel } from 'node:worker_threads';

const send = process.send?.bind(process);
if (send) {
  const { port1, port2 } = new MessageChannel();
  process.on('message', (m) => port1.postMessage(m));
  port1.on('message', (m: unknown) => send(m));
  const parentPort = {
    on(event: 'message', listener: (e: { data: unknown }) => void) {
      if (event === 'message') port2.on('message', (data: unknown) => listener({ data }));
      return parentPort;
    },
    postMessage(message: unknown) {
      port2.postMessage(message);
    },
  };
  Object.defineProperty(process, 'parentPort', { value: parentPort, configurable: true });
  // Electron ends a utility process with its parent.
  process.on('disconnect', () => process.exit(0));
}
