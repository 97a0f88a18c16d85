// The engine's link to its host: Electron's utilityProcess parentPort when it has one, else the
// node child process channel that fork() opened.
import { Batcher, unbatch } from '../../shared/rpc/batch';
import type { Envelope } from '../../shared/rpc/envelope';
import { BasePort } from '../../shared/rpc/port';

/** What a utilityProcess child gets as `process.parentPort` (and what a MessagePort offers). */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

class ElectronParentPort extends BasePort {
  constructor(private readonly parent: ParentPortLike) {
    super('open');
    parent.on('message', (e) => this.receive(e.data));
  }

  send(message: Envelope): void {
    this.parent.postMessage(message);
  }

  close(): void {
    this.setState('closed', 'closed by the engine');
  }
}

/** The node host's channel: what is sent in one turn goes as one message (the host unbatches). */
class ForkedChildPort extends BasePort {
  private readonly batcher: Batcher;

  constructor(private readonly proc: NodeJS.Process) {
    super(proc.connected ? 'open' : 'closed');
    this.batcher = new Batcher((m) => this.proc.connected && this.proc.send?.(m), setImmediate);
    proc.on('message', (m) => unbatch(m).forEach((one) => this.receive(one)));
    proc.on('disconnect', () => this.setState('closed', 'the host went away'));
  }

  send(message: Envelope): void {
    if (this.proc.connected) this.batcher.send(message);
  }

  close(): void {
    this.batcher.flush();
    this.setState('closed', 'closed by the engine');
    if (this.proc.connected) this.proc.disconnect?.();
  }
}

/** The link to whoever started this process, or null when nobody did (run by hand). */
export function parentPort(proc: NodeJS.Process = process, electronPort = (proc as { parentPort?: ParentPortLike }).parentPort): BasePort | null {
  if (electronPort) return new ElectronParentPort(electronPort);
  if (proc.send) return new ForkedChildPort(proc);
  return null;
}
