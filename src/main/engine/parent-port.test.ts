// The engine's link to its host, both ways it can be started: an Electron utilityProcess's
// parentPort (here a real MessageChannel's port, wrapped as Electron wraps it) and a forked child;
// both batch what is sent in one turn.
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RpcClient } from '../../shared/rpc/client';
import type { Envelope } from '../../shared/rpc/envelope';
import { BasePort } from '../../shared/rpc/port';
import { RpcServer } from '../../shared/rpc/server';
import { parentPort, type ParentPortLike } from './parent-port';

const echo = { echo: { input: z.strictObject({ text: z.string() }), output: undefined as unknown as string } };

class HostEnd extends BasePort {
  constructor(private readonly port: MessagePort) {
    super('open');
    port.on('message', (m: unknown) => this.receive(m));
  }
  send(message: Envelope): void {
    this.port.postMessage(message);
  }
  close(): void {
    this.port.close();
  }
}

describe('parentPort', () => {
  it('speaks over a utilityProcess parentPort, unwrapping each message event\'s data', async () => {
    const { port1, port2 } = new MessageChannel();
    const electronLike: ParentPortLike = {
      on: (_event, listener) => port2.on('message', (data: unknown) => listener({ data })),
      postMessage: (m) => port2.postMessage(m),
    };
    const noSend = Object.assign(new EventEmitter(), { send: undefined }) as unknown as NodeJS.Process;
    const link = parentPort(noSend, electronLike)!;
    new RpcServer(echo, { echo: ({ text }) => text.toUpperCase() }).serve(link);
    const client = new RpcClient<typeof echo, object>(new HostEnd(port1));
    try {
      await expect(client.request('echo', { text: 'over a message port' })).resolves.toBe('OVER A MESSAGE PORT');
    } finally {
      port1.close();
    }
  });

  it('speaks over a forked child\'s channel, one message per turn (a batch when several were sent), and closes when the host goes away', async () => {
    const sent: unknown[] = [];
    const emitter = new EventEmitter();
    const proc = Object.assign(emitter, { connected: true, send: (m: unknown) => (sent.push(m), true), disconnect: () => undefined }) as unknown as NodeJS.Process;
    const link = parentPort(proc, undefined)!;
    const heard: unknown[] = [];
    link.onMessage((m) => heard.push(m));
    const request = (id: number) => ({ type: 'request', id, method: 'echo', input: { text: 'x' } });
    emitter.emit('message', request(1));
    emitter.emit('message', { type: 'batch', messages: [request(2), request(3)] });
    expect(heard).toEqual([request(1), request(2), request(3)]);
    const turn = () => new Promise((r) => setImmediate(r));
    link.send({ type: 'event', event: 'ready', payload: null });
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual([{ type: 'event', event: 'ready', payload: null }]);
    link.send({ type: 'event', event: 'socket', payload: 1 });
    link.send({ type: 'response', id: 1, ok: true, result: 2 });
    await turn();
    expect(sent.slice(1)).toEqual([{ type: 'batch', messages: [{ type: 'event', event: 'socket', payload: 1 }, { type: 'response', id: 1, ok: true, result: 2 }] }]);
    emitter.emit('disconnect');
    expect(link.state).toBe('closed');
  });

  it('batches on a utilityProcess parentPort too: one postMessage per turn, and a batch heard is taken apart', async () => {
    const posted: unknown[] = [];
    let hear: (e: { data: unknown }) => void = () => undefined;
    const electronLike: ParentPortLike = { on: (_event, listener) => (hear = listener), postMessage: (m) => posted.push(m) };
    const noSend = Object.assign(new EventEmitter(), { send: undefined }) as unknown as NodeJS.Process;
    const link = parentPort(noSend, electronLike)!;
    const heard: unknown[] = [];
    link.onMessage((m) => heard.push(m));
    const request = (id: number) => ({ type: 'request', id, method: 'echo', input: { text: 'x' } });
    hear({ data: { type: 'batch', messages: [request(1), request(2)] } });
    expect(heard).toEqual([request(1), request(2)]);
    link.send({ type: 'event', event: 'socket', payload: 1 });
    link.send({ type: 'response', id: 1, ok: true, result: 2 });
    expect(posted).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(posted).toEqual([{ type: 'batch', messages: [{ type: 'event', event: 'socket', payload: 1 }, { type: 'response', id: 1, ok: true, result: 2 }] }]);
    link.close();
    expect(link.state).toBe('closed');
    link.send({ type: 'event', event: 'late', payload: null });
    await new Promise((r) => setImmediate(r));
    expect(posted).toHaveLength(1);
  });

  it('closes from the engine\'s side: a forked child sends what is pending, then disconnects; nothing goes after', () => {
    const sent: unknown[] = [];
    let disconnected = 0;
    const proc = Object.assign(new EventEmitter(), {
      connected: true,
      send: (m: unknown) => (sent.push(m), true),
      disconnect() {
        // As node's: a channel already closed cannot be disconnected again.
        if (!this.connected) throw new Error('ERR_IPC_DISCONNECTED');
        disconnected++;
        this.connected = false;
      },
    }) as unknown as NodeJS.Process;
    const link = parentPort(proc, undefined)!;
    const states: string[] = [];
    link.onState((state, reason) => states.push(`${state}: ${reason}`));
    link.send({ type: 'event', event: 'ready', payload: null });
    link.close();
    expect(sent).toEqual([{ type: 'event', event: 'ready', payload: null }]);
    expect(disconnected).toBe(1);
    expect(states).toEqual(['closed: closed by the engine']);
    link.send({ type: 'event', event: 'late', payload: null });
    expect(sent).toHaveLength(1);
    // Closing again, the channel already gone, neither throws nor disconnects twice.
    link.close();
    expect(disconnected).toBe(1);
    // Started with no channel open, a forked child's link is closed from the start.
    const gone = Object.assign(new EventEmitter(), { connected: false, send: () => true }) as unknown as NodeJS.Process;
    expect(parentPort(gone, undefined)!.state).toBe('closed');
  });

  it('closes a utilityProcess link from the engine\'s side, saying so; the host going away says that', () => {
    const listeners: ((e: { data: unknown }) => void)[] = [];
    const electronLike: ParentPortLike = { on: (event, listener) => event === 'message' && listeners.push(listener), postMessage: () => undefined };
    const link = parentPort(Object.assign(new EventEmitter(), { send: undefined }) as unknown as NodeJS.Process, electronLike)!;
    const states: string[] = [];
    link.onState((state, reason) => states.push(`${state}: ${reason}`));
    expect(listeners).toHaveLength(1);
    link.close();
    expect(states).toEqual(['closed: closed by the engine']);
    const emitter = new EventEmitter();
    const forked = parentPort(Object.assign(emitter, { connected: true, send: () => true, disconnect: () => undefined }) as unknown as NodeJS.Process, undefined)!;
    const why: string[] = [];
    forked.onState((_state, reason) => why.push(reason));
    emitter.emit('disconnect');
    expect(why).toEqual(['the host went away']);
  });

  it('is null for a process nobody started with a channel', () => {
    const alone = Object.assign(new EventEmitter(), { send: undefined }) as unknown as NodeJS.Process;
    expect(parentPort(alone, undefined)).toBeNull();
  });
});
