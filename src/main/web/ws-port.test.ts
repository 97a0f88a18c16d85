// The host's end of a page's WebSocket: the frames sent in one turn (a call's events and its
// answer) are held on the TCP stream and leave together, in order, after the turn.
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketPort } from './ws-port';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** A server-side port over a real loopback WebSocket, and what its client receives. */
async function linked(): Promise<{ port: WebSocketPort; stream: Duplex; received: unknown[] }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  closers.push(() => wss.close());
  const upgraded = new Promise<{ ws: WebSocket; stream: Duplex }>((resolve) => wss.on('connection', (ws, req) => resolve({ ws, stream: req.socket })));
  await new Promise((r) => wss.once('listening', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  closers.push(() => client.close());
  const received: unknown[] = [];
  client.on('message', (m: Buffer) => received.push(JSON.parse(m.toString())));
  const { ws, stream } = await upgraded;
  return { port: new WebSocketPort(ws, () => undefined, stream), stream, received };
}

describe('WebSocketPort', () => {
  it('holds the frames of one turn on the stream and sends them together, in order, after it', async () => {
    const { port, stream, received } = await linked();
    const frames = [1, 2, 3].map((n) => ({ type: 'event' as const, event: 'tick', payload: n }));
    for (const f of frames) port.send(f);
    expect(stream.writableCorked).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(stream.writableCorked).toBe(0);
    for (let i = 0; i < 100 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual(frames);
  });
});
