// Picks the page's link to its host: the Electron preload's bridge, else the web host's WebSocket.
// Either way one client of the message layer speaks the contract over it.
import type { Contract, ContractClient, EventMap } from '../../../shared/contract';
import { RpcClient } from '../../../shared/rpc/client';
import type { LinkState } from '../../../shared/rpc/port';
import { BridgePort } from './bridge-port';
import { takeSessionToken } from './session-token';
import { ReconnectingWebSocketPort, webSocketProtocols, type WebSocketLike } from './ws-port';

/** The contract's client, and (where the link can drop and come back) its connection state. */
export type WorkbenchClient = ContractClient & Partial<{ readonly connection: LinkState; onConnection(listener: (state: LinkState) => void): () => void }>;

/** The web host serves the page and the WebSocket from one origin. */
export function webSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** The page's client, or null in a browser tab that was never given the session token. */
export function createClient(win: Window = window): WorkbenchClient | null {
  if (win.workbench) return new RpcClient<Contract, EventMap>(new BridgePort(win.workbench));
  const token = takeSessionToken(win);
  // A host restarted on the same port prints a new token: opening its URL only changes the fragment.
  win.addEventListener('hashchange', () => takeSessionToken(win) !== token && win.location.reload());
  if (!token) return null;
  const port = new ReconnectingWebSocketPort(webSocketUrl(win.location), {
    protocols: webSocketProtocols(token),
    createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
  });
  return new RpcClient<Contract, EventMap>(port, { lostMessage: (reason) => reason });
}
