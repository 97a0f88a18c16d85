// Named window.d.ts, not index.d.ts: beside index.ts an index.d.ts is left out of the program.
// `window.workbench` for the renderer: the preload's bridge, present only inside Electron
// (in a browser the renderer uses its WebSocket client instead).
import type { ContractClient } from '../shared/contract';

declare global {
  interface Window {
    workbench?: ContractClient;
  }
}

export {};
