// The renderer's own client as a page uses it, over node's `ws`: the token taken from the printed
// URL's fragment and offered as a WebSocket subprotocol, reconnecting after a drop.
import WebSocket from 'ws';
import type { Contract, EventMap } from '../../shared/contract';
import { RpcClient } from '../../shared/rpc/client';
import { ReconnectingWebSocketPort, webSocketProtocols, type WebSocketLike } from '../../renderer/src/client/ws-port';

/** The session token in a URL the web host printed (`.../#token=...`). */
function tokenOf(printed: string | URL): string {
  const token = new URLSearchParams(new URL(printed).hash.slice(1)).get('token');
  if (!token) throw new Error(`no #token= in ${printed}`);
  return token;
}

export type PageClient = RpcClient<Contract, EventMap>;

export function pageClient(printed: string | URL, backoffMs: readonly number[] = [100]): PageClient {
  const u = new URL(printed);
  const port = new ReconnectingWebSocketPort(`ws://${u.host}/ws`, {
    protocols: webSocketProtocols(tokenOf(u)),
    createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
    backoffMs,
  });
  return new RpcClient(port, { lostMessage: (reason) => reason });
}
