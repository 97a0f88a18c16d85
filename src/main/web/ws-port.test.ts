// The host's end of a page's WebSocket: the envelopes sent in one turn (a call's events and its
// answer) leave as one batch frame, in order, after the turn.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { UnreadableMessage } from '../../shared/rpc/envelope';
import { MAX_BATCH_FRAME_CHARS, WebSocketPort } from './ws-port';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** A server-side port over a real loopback WebSocket, and what its client receives. */
async function linked(): Promise<{ port: WebSocketPort; received: unknown[] }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  closers.push(() => wss.close());
  const upgraded = new Promise<WebSocket>((resolve) => wss.on('connection', (ws) => resolve(ws)));
  await new Promise((r) => wss.once('listening', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  closers.push(() => client.close());
  const received: unknown[] = [];
  client.on('message', (m: Buffer) => received.push(JSON.parse(m.toString())));
  const ws = await upgraded;
  return { port: new WebSocketPort(ws, () => undefined), received };
}

describe('WebSocketPort', () => {
  it('sends the envelopes of one turn as one batch frame, in order, after it; a turn with one sends it alone', async () => {
    const { port, received } = await linked();
    const frames = [1, 2, 3].map((n) => ({ type: 'event' as const, event: 'tick', payload: n }));
    for (const f of frames) port.send(f);
    await new Promise((r) => setImmediate(r));
    port.send(frames[0]);
    for (let i = 0; i < 100 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([{ type: 'batch', messages: frames }, frames[0]]);
  });

  it('sends a turn too large for one frame envelope by envelope, and what is pending before it closes', async () => {
    const { port, received } = await linked();
    const big = (n: number) => ({ type: 'event' as const, event: 'tick', payload: `${n}`.repeat(5 * 1024 * 1024) });
    port.send(big(1));
    port.send(big(2));
    await new Promise((r) => setImmediate(r));
    port.send(big(3));
    port.close();
    for (let i = 0; i < 200 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([big(1), big(2), big(3)]);
  });

  it('sends a batch of exactly the frame limit as one frame, one character more envelope by envelope, and a lone large envelope as it is', async () => {
    const { port, received } = await linked();
    // Two events whose batch frame is `chars` long: the second one's payload takes up the rest.
    const pair = (chars: number) => {
      const first = { type: 'event' as const, event: 'tick', payload: 'a' };
      const bare = JSON.stringify({ type: 'batch', messages: [first, { type: 'event', event: 'tick', payload: '' }] }).length;
      return [first, { type: 'event' as const, event: 'tick', payload: 'b'.repeat(chars - bare) }];
    };
    const atLimit = pair(MAX_BATCH_FRAME_CHARS);
    expect(JSON.stringify({ type: 'batch', messages: atLimit })).toHaveLength(MAX_BATCH_FRAME_CHARS);
    for (const m of atLimit) port.send(m);
    await new Promise((r) => setImmediate(r));
    const over = pair(MAX_BATCH_FRAME_CHARS + 1);
    for (const m of over) port.send(m);
    await new Promise((r) => setImmediate(r));
    const lone = { type: 'event' as const, event: 'tick', payload: 'c'.repeat(MAX_BATCH_FRAME_CHARS + 1) };
    port.send(lone);
    for (let i = 0; i < 300 && received.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([{ type: 'batch', messages: atLimit }, ...over, lone]);
  });
});

/** A port over a real loopback WebSocket with everything it reports: messages, states, warnings. */
async function watched(maxBufferedBytes?: number, serverOpts: { maxPayload?: number } = {}) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...serverOpts });
  closers.push(() => wss.close());
  const upgraded = new Promise<WebSocket>((resolve) => wss.on('connection', (ws) => resolve(ws)));
  await new Promise((r) => wss.once('listening', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  client.on('error', () => undefined);
  closers.push(() => client.terminate());
  const ws = await upgraded;
  const warned: string[] = [];
  const port = new WebSocketPort(ws, (m) => warned.push(m), maxBufferedBytes);
  const messages: unknown[] = [];
  const states: Array<[string, string]> = [];
  port.onMessage((m) => messages.push(m));
  port.onState((s, reason) => states.push([s, reason]));
  await new Promise<void>((r) => (client.readyState === WebSocket.OPEN ? r() : client.once('open', () => r())));
  return { port, ws, client, warned, messages, states };
}

const frame = (payload: unknown) => ({ type: 'event' as const, event: 'tick', payload });

describe('WebSocketPort receiving and closing', () => {
  it('is open on an open WebSocket and closed on one that is not', async () => {
    const { port, ws, client } = await watched();
    expect(port.state).toBe('open');
    const closed = new Promise((r) => ws.once('close', r));
    client.close();
    await closed;
    expect(new WebSocketPort(ws, () => undefined).state).toBe('closed');
  });

  it('hands on a text frame of JSON, and a binary or non-JSON frame as unreadable, saying why', async () => {
    const { client, messages } = await watched();
    client.send('{"type":"request","id":1}');
    client.send(Buffer.from('{}'), { binary: true });
    client.send('{not json');
    for (let i = 0; i < 200 && messages.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(messages[0]).toEqual({ type: 'request', id: 1 });
    expect(messages[1]).toEqual(new UnreadableMessage('expected a text frame of JSON, got binary'));
    expect(messages[2]).toBeInstanceOf(UnreadableMessage);
    expect((messages[2] as UnreadableMessage).reason).toMatch(/^the frame is not JSON: \S/);
  });

  it('closes when the WebSocket does, with its code, and sends nothing after', async () => {
    const { port, ws, client, states } = await watched();
    const closed = new Promise((r) => ws.once('close', r));
    client.close(4001);
    await closed;
    expect(states).toEqual([['closed', 'the WebSocket closed (4001)']]);
    port.send(frame(1));
    expect(ws.bufferedAmount).toBe(0);
  });

  it('tells the page the workbench is stopping when closed', async () => {
    const { port, client } = await watched();
    const seen = new Promise<[number, string]>((r) => client.once('close', (code, reason) => r([code, reason.toString()])));
    port.close();
    expect(await seen).toEqual([1001, 'the workbench is stopping']);
  });

  it('reports a WebSocket error (a frame over the limit) as a warning', async () => {
    const { client, warned, states } = await watched(undefined, { maxPayload: 16 });
    client.send('x'.repeat(64));
    const closed = new Promise((r) => client.once('close', r));
    await closed;
    expect(warned).toEqual([expect.stringMatching(/^WebSocket error: \S/)]);
    expect(states).toEqual([['closed', expect.stringMatching(/^the WebSocket closed \(\d+\)$/)]]);
  });

  it('cuts off a page that stops reading once its queue passes the limit, saying so', async () => {
    const { port, ws, client, warned } = await watched(1024 * 1024);
    client.pause();
    const closed = new Promise((r) => ws.once('close', r));
    const big = 'y'.repeat(64 * 1024);
    // One envelope a turn: each turn's frame is written before the next is queued.
    for (let i = 0; i < 4096 && warned.length === 0; i++) {
      port.send(frame(big));
      await new Promise((r) => setImmediate(r));
    }
    expect(warned).toEqual(['a page stopped reading its WebSocket; it was disconnected']);
    await closed;
  });
});
