// Picks the page's contract client: the Electron preload's object, else the web host's WebSocket.
import type { ContractClient } from '../../../shared/contract';
import { WebSocketContractClient, type ConnectionAware } from './ws-client';

export type WorkbenchClient = ContractClient & Partial<ConnectionAware>;

/** The web host serves the page and the WebSocket from one origin; its cookie authenticates both. */
export function webSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function createClient(win: Window = window): WorkbenchClient {
  const bridged = (win as unknown as { workbench?: ContractClient }).workbench;
  if (bridged) return bridged;
  return new WebSocketContractClient(webSocketUrl(win.location));
}
