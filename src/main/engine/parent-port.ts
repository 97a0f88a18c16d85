// The engine's link to its host: Electron's utilityProcess parentPort when it has one, else the
// node child process channel that fork() opened. Either way, what is sent in one turn goes as one
// message (the host's end, the same BatchedPort, takes batches apart).
import { BatchedPort, type ProcessLink } from '../../shared/rpc/batch';
import type { BasePort } from '../../shared/rpc/port';

/** What a utilityProcess child gets as `process.parentPort` (and what a MessagePort offers). */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** Electron's parentPort lives as long as the process: only the engine ends it. */
function electronParentLink(parent: ParentPortLike): ProcessLink {
  let open = true;
  return {
    connected: () => open,
    post: (m) => parent.postMessage(m),
    listen: (hear) => void parent.on('message', (e) => hear(e.data)),
    end: () => {
      open = false;
      return 'closed by the engine';
    },
  };
}

function forkedChildLink(proc: NodeJS.Process): ProcessLink {
  return {
    connected: () => proc.connected,
    post: (m) => void proc.send?.(m),
    listen: (hear, ended) => {
      proc.on('message', hear);
      proc.on('disconnect', () => ended('the host went away'));
    },
    end: () => {
      if (proc.connected) proc.disconnect?.();
      return 'closed by the engine';
    },
  };
}

/** The link to whoever started this process, or null when nobody did (run by hand). */
export function parentPort(proc: NodeJS.Process = process, electronPort = (proc as { parentPort?: ParentPortLike }).parentPort): BasePort | null {
  if (electronPort) return new BatchedPort(electronParentLink(electronPort), setImmediate);
  if (proc.send) return new BatchedPort(forkedChildLink(proc), setImmediate);
  return null;
}
