// Named window.d.ts, not index.d.ts: beside index.ts an index.d.ts is left out of the program.
// `window.workbench` for the renderer: the preload's bridge, present only inside Electron
// (in a browser the renderer opens the web host's WebSocket instead).
import type { WorkbenchBridge } from '../shared/channels';

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

export {};
