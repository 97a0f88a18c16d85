import { describe, expect, it, vi } from 'vitest';
import type { Contract, EventMap } from '../../../shared/contract';
import { RpcClient } from '../../../shared/rpc/client';
import { webSocketUrl } from './index';
import { ReconnectingWebSocketPort, webSocketProtocols, type WebSocketLike } from './ws-port';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly protocols: string[]) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const port = new ReconnectingWebSocketPort('ws://127.0.0.1:1/ws', {
    protocols: webSocketProtocols('ab'.repeat(32)),
    createSocket: (_url, protocols) => {
      const s = new FakeSocket(protocols);
      sockets.push(s);
      return s;
    },
    backoffMs: [10],
  });
  const client = new RpcClient<Contract, EventMap>(port, { lostMessage: (reason) => reason });
  return { client, sockets };
}

describe('ReconnectingWebSocketPort under the client', () => {
  it('offers the token as a subprotocol, queues requests until the socket opens, then resolves them by id', async () => {
    const { client, sockets } = setup();
    expect(sockets[0].protocols).toEqual(['bio-workbench', `bio-workbench.token.${'ab'.repeat(32)}`]);
    const pending = client.request('sockets', {});
    expect(sockets[0].sent).toEqual([]);
    sockets[0].open();
    const frame = JSON.parse(sockets[0].sent[0]);
    expect(frame).toMatchObject({ type: 'request', method: 'sockets', input: {} });
    sockets[0].receive({ type: 'response', id: frame.id, ok: true, result: [] });
    await expect(pending).resolves.toEqual([]);
  });

  it('rejects with the host\'s error, field included', async () => {
    const { client, sockets } = setup();
    sockets[0].open();
    const pending = client.request('call', { step: { call: 'BIO_closesocket', sock: 'x' } });
    const { id } = JSON.parse(sockets[0].sent[0]);
    sockets[0].receive({ type: 'response', id, ok: false, error: { code: 'invalid-request', field: 'step.addr', message: 'step.addr: expected host:service' } });
    await expect(pending).rejects.toMatchObject({ code: 'invalid-request', field: 'step.addr', message: 'step.addr: expected host:service' });
  });

  it('fans events out to listeners until they unsubscribe, and ignores frames that are not JSON', () => {
    const { client, sockets } = setup();
    sockets[0].open();
    const seen: unknown[] = [];
    const off = client.on('socketClosed', (p) => seen.push(p));
    sockets[0].onmessage?.({ data: '{not json' });
    sockets[0].receive({ type: 'event', event: 'socketClosed', payload: { fd: 7, name: 'c' } });
    off();
    sockets[0].receive({ type: 'event', event: 'socketClosed', payload: { fd: 8, name: 'd' } });
    expect(seen).toEqual([{ fd: 7, name: 'c' }]);
  });

  it('takes a batch frame apart: its events and the answer after them, in order', async () => {
    const { client, sockets } = setup();
    sockets[0].open();
    const order: string[] = [];
    client.on('socketClosed', (p) => order.push(`closed ${p.fd}`));
    const pending = client.request('sockets', {}).then(() => order.push('answer'));
    const { id } = JSON.parse(sockets[0].sent[0]);
    sockets[0].receive({
      type: 'batch',
      messages: [
        { type: 'event', event: 'socketClosed', payload: { fd: 7, name: null } },
        { type: 'event', event: 'socketClosed', payload: { fd: 8, name: null } },
        { type: 'response', id, ok: true, result: [] },
      ],
    });
    await pending;
    expect(order).toEqual(['closed 7', 'closed 8', 'answer']);
  });

  it('fails in-flight calls when the connection drops and reconnects after the backoff', async () => {
    vi.useFakeTimers();
    try {
      const { client, sockets } = setup();
      const states: string[] = [];
      client.onConnection((s) => states.push(s));
      sockets[0].open();
      const pending = client.request('session', {});
      sockets[0].close();
      await expect(pending).rejects.toMatchObject({ code: 'engine-unavailable', message: expect.stringMatching(/connection to the host was lost/) });
      expect(sockets).toHaveLength(1);
      vi.advanceTimersByTime(10);
      expect(sockets).toHaveLength(2);
      sockets[1].open();
      expect(states).toEqual(['open', 'closed', 'connecting', 'open']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('connects to /ws on the page\'s own origin', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/ws');
    expect(webSocketUrl({ protocol: 'https:', host: '[::1]:9' })).toBe('wss://[::1]:9/ws');
  });
});
