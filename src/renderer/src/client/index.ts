// Picks the page's link to its host: the Electron preload's bridge, else the web host's WebSocket.
// Either way one client of the message layer speaks the contract over it.
import type { Contract, ContractClient, EventMap } from '../../../shared/contract';
import { RpcClient } from '../../../shared/rpc/client';
import type { LinkState } from '../../../shared/rpc/port';
import { BridgePort } from './bridge-port';
import { takeSessionToken } from './session-token';
import { ReconnectingWebSocketPort } from './ws-port';

/** The contract's client, and (where the link can drop and come back) its connection state. */
export type WorkbenchClient = ContractClient & Partial<{ readonly connection: LinkState; onConnection(listener: (state: LinkState) => void): () => void }>;

/** The subprotocols a page offers: the plain one the host answers with, and one carrying the token. */
export function webSocketProtocols(token: string | null): string[] {
  return token ? ['bio-workbench', `bio-workbench.token.${token}`] : ['bio-workbench'];
}

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
  return new RpcClient<Contract, EventMap>(new ReconnectingWebSocketPort(webSocketUrl(win.location), { protocols: webSocketProtocols(token) }), {
    lostMessage: (reason) => reason,
  });
}
