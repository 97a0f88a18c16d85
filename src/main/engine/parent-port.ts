// The engine's link to its host: Electron's utilityProcess parentPort when it has one, else the
// node child process channel that fork() opened.
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

class ForkedChildPort extends BasePort {
  constructor(private readonly proc: NodeJS.Process) {
    super(proc.connected ? 'open' : 'closed');
    proc.on('message', (m) => this.receive(m));
    proc.on('disconnect', () => this.setState('closed', 'the host went away'));
  }

  send(message: Envelope): void {
    if (this.proc.connected) this.proc.send?.(message);
  }

  close(): void {
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
