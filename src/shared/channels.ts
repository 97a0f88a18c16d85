// The one IPC channel between the window and the Electron main process, and the bridge the
// preload gives the page: a port of the message layer, nothing else.
import type { ClientEnvelope } from './rpc/envelope';

/** Envelopes both ways: the page's requests in, responses and events out. */
export const IPC_CHANNEL = 'workbench:rpc';

/** `window.workbench` inside Electron: send an envelope to the main process, hear its envelopes. */
export interface WorkbenchBridge {
  send(message: ClientEnvelope): void;
  onMessage(listener: (message: unknown) => void): () => void;
}
