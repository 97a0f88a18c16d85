// The message layer over a memory link (structured clones, asynchronous, as between processes):
// what every transport relies on.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RpcClient } from './client';
import { UnreadableMessage, type Envelope } from './envelope';
import { RpcError } from './error';
import { memoryLink } from './memory-port';
import { BasePort } from './port';
import { RpcServer } from './server';
import { TrustedRpcServer } from './trusted-server';
import type { Handlers } from './types';

const out = <T>() => undefined as unknown as T;
const demo = {
  add: { input: z.strictObject({ a: z.number().int(), b: z.number().int() }), output: out<number>() },
  wait: { input: z.strictObject({}), output: out<string>() },
  fail: { input: z.strictObject({ how: z.enum(['refuse', 'bug']) }), output: out<never>() },
};
type Demo = typeof demo;
interface DemoEvents {
  tick: { n: number };
}

function setup(handlers: Partial<Handlers<Demo>> = {}, trusted = false) {
  const seen: { aborted: string[]; internal: unknown[] } = { aborted: [], internal: [] };
  const all: Handlers<Demo> = {
    add: ({ a, b }) => a + b,
    wait: (_input, { signal }) =>
      new Promise<string>((resolve) => signal.addEventListener('abort', () => (seen.aborted.push(String((signal.reason as Error).message)), resolve('aborted')))),
    fail: ({ how }) => {
      throw how === 'refuse' ? new RpcError('invalid-request', 'how', 'how: refused on purpose') : new TypeError('a bug');
    },
    ...handlers,
  };
  const options = { onInternalError: (e: unknown) => seen.internal.push(e) };
  const server = trusted ? new TrustedRpcServer<Demo, DemoEvents>(all, options) : new RpcServer<Demo, DemoEvents>(demo, all, options);
  const [near, far] = memoryLink();
  server.serve(far);
  const client = new RpcClient<Demo, DemoEvents>(near);
  return { server, client, near, far, seen };
}

describe('RpcClient and RpcServer', () => {
  it('answers a request with the handler\'s result', async () => {
    const { client } = setup();
    await expect(client.request('add', { a: 2, b: 3 })).resolves.toBe(5);
  });

  it('refuses input the schema rejects, naming the field, before the handler runs', async () => {
    let ran = false;
    const { client } = setup({ add: () => ((ran = true), 0) });
    const err = await client.request('add', { a: 2, b: 'three' } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 'invalid-request', field: 'b' });
    expect(ran).toBe(false);
  });

  it('inside the trust boundary (TrustedRpcServer) skips the schema but still refuses an unknown method; RpcServer refuses the same input', async () => {
    const seen: unknown[] = [];
    const add: Handlers<Demo>['add'] = (input) => (seen.push(input), 0);
    const trusted = setup({ add }, true);
    await expect(trusted.client.request('add', { a: 2, b: 'three' } as never)).resolves.toBe(0);
    expect(seen).toEqual([{ a: 2, b: 'three' }]);
    await expect(trusted.client.request('spawnShell' as never, {} as never)).rejects.toMatchObject({ code: 'unknown-method' });
    const checked = setup({ add });
    await expect(checked.client.request('add', { a: 2, b: 'three' } as never)).rejects.toMatchObject({ code: 'invalid-request', field: 'b' });
    expect(seen).toHaveLength(1);
  });

  it('refuses a method the contract does not have, listing those it has', async () => {
    const { client } = setup();
    const err = await client.request('spawnShell' as never, {} as never).catch((e: RpcError) => e);
    expect(err).toMatchObject({ code: 'unknown-method', field: 'method' });
    expect(err.message).toContain('add, wait, fail');
  });

  it('carries a handler\'s RpcError as it is, and a bug as internal (reported once)', async () => {
    const { client, seen } = setup();
    await expect(client.request('fail', { how: 'refuse' })).rejects.toMatchObject({ code: 'invalid-request', field: 'how', message: 'how: refused on purpose' });
    await expect(client.request('fail', { how: 'bug' })).rejects.toMatchObject({ code: 'internal', field: null, message: 'a bug' });
    expect(seen.internal).toHaveLength(1);
  });

  it('sends events to every link, typed by name', async () => {
    const { server, client } = setup();
    const [near2, far2] = memoryLink();
    server.serve(far2);
    const other = new RpcClient<Demo, DemoEvents>(near2);
    const got: number[] = [];
    const both = new Promise<void>((resolve) => {
      client.on('tick', (p) => (got.push(p.n), got.length === 2 && resolve()));
      other.on('tick', (p) => (got.push(p.n * 10), got.length === 2 && resolve()));
    });
    server.emit('tick', { n: 7 });
    await both;
    expect(got.sort((a, b) => a - b)).toEqual([7, 70]);
  });

  it('a cancelled request rejects at once and aborts the handler\'s signal on the server', async () => {
    const { client, seen } = setup();
    const controller = new AbortController();
    const pending = client.request('wait', {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await expect.poll(() => seen.aborted).toEqual(['cancelled by the client']);
  });

  it('fails every request in flight when the link closes, and refuses new ones', async () => {
    const { client, near } = setup();
    const pending = [client.request('wait', {}), client.request('wait', {})];
    near.close();
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: 'engine-unavailable' });
    await expect(client.request('add', { a: 1, b: 1 })).rejects.toMatchObject({ code: 'engine-unavailable' });
  });

  it('aborts every handler still running on a link when the link closes', async () => {
    let started = 0;
    const aborted: string[] = [];
    const wait: Handlers<Demo>['wait'] = (_input, { signal }) =>
      new Promise<string>((resolve) => {
        started += 1;
        signal.addEventListener('abort', () => (aborted.push(String((signal.reason as Error).message)), resolve('aborted')));
      });
    const { client, near } = setup({ wait });
    const pending = [client.request('wait', {}), client.request('wait', {})];
    await expect.poll(() => started).toBe(2);
    near.close();
    await Promise.allSettled(pending);
    await expect.poll(() => aborted).toEqual(['the link closed', 'the link closed']);
  });

  it('answers an unreadable or malformed message with an error naming what was wrong', async () => {
    const { far } = setup();
    const replies: unknown[] = [];
    const [probe, target] = memoryLink();
    const server = new RpcServer<Demo, DemoEvents>(demo, { add: () => 0, wait: () => '', fail: () => { throw new Error('x'); } });
    server.serve(target);
    probe.onMessage((m) => replies.push(m));
    // A transport hands on what it could not read as it arrived (no clone crossed the link).
    target.receive(new UnreadableMessage('the frame is not JSON'));
    probe.send({ type: 'request', id: -1, method: 'add', input: {} } as Envelope);
    probe.send({ type: 'reply', id: 4 } as unknown as Envelope);
    await expect.poll(() => replies.length).toBe(3);
    expect(replies).toEqual([
      { type: 'response', id: null, ok: false, error: { code: 'invalid-request', field: 'frame', message: 'the frame is not JSON' } },
      { type: 'response', id: null, ok: false, error: { code: 'invalid-request', field: 'id', message: 'expected id, a non-negative integer' } },
      { type: 'response', id: 4, ok: false, error: { code: 'invalid-request', field: 'type', message: 'expected type "request" or "cancel"' } },
    ]);
    expect(far.state).toBe('open');
  });

  it('a listener that throws does not stop the others', async () => {
    const { server, client } = setup();
    const heard: number[] = [];
    client.on('tick', () => {
      throw new Error('a page bug');
    });
    const second = new Promise<void>((resolve) => client.on('tick', (p) => (heard.push(p.n), resolve())));
    const quiet = console.error;
    console.error = () => undefined;
    try {
      server.emit('tick', { n: 1 });
      await second;
    } finally {
      console.error = quiet;
    }
    expect(heard).toEqual([1]);
  });
});

/** A link that is down, then opens (a page's WebSocket reconnecting). */
class LaterPort extends BasePort {
  sent: Envelope[] = [];
  constructor() {
    super('connecting', true);
  }
  send(message: Envelope): void {
    this.sent.push(message);
  }
  close(): void {
    this.setState('closed', 'closed');
  }
  up(): void {
    this.setState('open');
  }
  down(): void {
    this.setState('closed', 'dropped');
    this.setState('connecting');
  }
}

describe('RpcClient on a reopening link', () => {
  it('holds requests until the link opens, and reports each state change', async () => {
    const port = new LaterPort();
    const client = new RpcClient<Demo, DemoEvents>(port);
    const states: string[] = [];
    client.onConnection((s) => states.push(s));
    const pending = client.request('add', { a: 1, b: 2 });
    expect(port.sent).toEqual([]);
    port.up();
    expect(port.sent).toEqual([{ type: 'request', id: 1, method: 'add', input: { a: 1, b: 2 } }]);
    port.receive({ type: 'response', id: 1, ok: true, result: 3 });
    await expect(pending).resolves.toBe(3);
    const lost = client.request('add', { a: 0, b: 0 });
    port.down();
    await expect(lost).rejects.toMatchObject({ code: 'engine-unavailable', message: expect.stringContaining('dropped') });
    // Still reopening: a new request waits instead of failing.
    const later = client.request('add', { a: 2, b: 2 });
    port.up();
    port.receive({ type: 'response', id: 3, ok: true, result: 4 });
    await expect(later).resolves.toBe(4);
    expect(states).toEqual(['open', 'closed', 'connecting', 'open']);
  });
});
