// The message layer over a memory link (structured clones, asynchronous, as between processes):
// what every transport relies on.
import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RpcClient } from './client';
import { UnreadableMessage, type Envelope } from './envelope';
import { errorData, RpcError } from './error';
import { memoryLink } from './memory-port';
import { BasePort, Listeners } from './port';
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
      new Promise<string>((resolve) => signal.addEventListener('abort', () => (seen.aborted.push(`${(signal.reason as RpcError).code}: ${(signal.reason as Error).message}`), resolve('aborted')))),
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
    expect(seen.internal).toEqual([new TypeError('a bug')]);
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

  it('a memory link told what its client hears carries only those events; answers always cross', async () => {
    const { server, client, near } = setup();
    near.hears = (event) => client.listensTo(event);
    const crossed: unknown[] = [];
    near.onMessage((m) => crossed.push(m));
    server.emit('tick', { n: 1 }); // nobody listens yet
    expect(await client.request('add', { a: 1, b: 2 })).toBe(3);
    const heard = new Promise<number>((resolve) => client.on('tick', (p) => resolve(p.n)));
    server.emit('tick', { n: 2 });
    expect(await heard).toBe(2);
    expect(crossed.map((m) => (m as { type: string }).type)).toEqual(['response', 'event']);
  });

  it('a cancelled request rejects at once and aborts the handler\'s signal on the server', async () => {
    const { client, seen } = setup();
    const controller = new AbortController();
    const pending = client.request('wait', {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await expect.poll(() => seen.aborted).toEqual(['cancelled: cancelled by the client']);
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
        signal.addEventListener('abort', () => (aborted.push(`${(signal.reason as RpcError).code}: ${(signal.reason as Error).message}`), resolve('aborted')));
      });
    const { client, near } = setup({ wait });
    const pending = [client.request('wait', {}), client.request('wait', {})];
    await expect.poll(() => started).toBe(2);
    near.close();
    await Promise.allSettled(pending);
    await expect.poll(() => aborted).toEqual(['cancelled: the link closed', 'cancelled: the link closed']);
  });

  it('aborts nothing of a handler that already answered when the link closes later', async () => {
    const heard: string[] = [];
    const add: Handlers<Demo>['add'] = ({ a, b }, { signal }) => (signal.addEventListener('abort', () => heard.push('aborted')), a + b);
    const { client, near, far } = setup({ add });
    await expect(client.request('add', { a: 1, b: 2 })).resolves.toBe(3);
    // The server stops serving (and aborts what still runs) on this state change, before this listener hears it.
    const closed = new Promise<void>((resolve) => far.onState((state) => state === 'closed' && resolve()));
    near.close();
    await closed;
    expect(heard).toEqual([]);
  });

  it('answers a bug as internal on a server given no onInternalError', async () => {
    const server = new RpcServer<Demo, DemoEvents>(demo, { add: () => 0, wait: () => '', fail: () => { throw new TypeError('a bug'); } });
    const [near, far] = memoryLink();
    server.serve(far);
    await expect(new RpcClient<Demo, DemoEvents>(near).request('fail', { how: 'bug' })).rejects.toMatchObject({ code: 'internal', message: 'a bug' });
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

/** A port the test drives by hand: what was sent, and its state set from outside. */
class HandPort extends BasePort {
  sent: Envelope[] = [];
  constructor(initial: 'connecting' | 'open' | 'closed', reopens = false) {
    super(initial, reopens);
  }
  send(message: Envelope): void {
    this.sent.push(message);
  }
  close(): void {
    this.setState('closed', 'closed by the client');
  }
  to(state: 'connecting' | 'open' | 'closed', reason = ''): void {
    this.setState(state, reason);
  }
}

describe('RpcClient at the edges', () => {
  it('a signal already aborted refuses the request before anything is sent', async () => {
    const port = new HandPort('open');
    const client = new RpcClient<Demo, DemoEvents>(port);
    const controller = new AbortController();
    controller.abort();
    await expect(client.request('add', { a: 1, b: 1 }, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled', message: 'add was cancelled before it was sent' });
    expect(port.sent).toEqual([]);
  });

  it('a link that is closed and does not reopen refuses at once, in the words the host chose', async () => {
    await expect(new RpcClient<Demo, DemoEvents>(new HandPort('closed')).request('add', { a: 1, b: 1 })).rejects.toMatchObject({
      code: 'engine-unavailable',
      message: 'the link closed before the answer came (the link is closed)',
    });
    const worded = new RpcClient<Demo, DemoEvents>(new HandPort('closed'), { lostMessage: (why) => `the engine is gone: ${why}` });
    await expect(worded.request('add', { a: 1, b: 1 })).rejects.toThrow(/^the engine is gone: the link is closed$/);
  });

  it('a link still connecting holds the request, and one closing with no reason says only that it closed', async () => {
    const port = new HandPort('connecting');
    const client = new RpcClient<Demo, DemoEvents>(port);
    const pending = client.request('add', { a: 1, b: 1 });
    expect(port.sent).toEqual([]);
    port.to('closed');
    await expect(pending).rejects.toThrow(/^the link closed before the answer came$/);
    // What was waiting is dropped with it: a later open sends nothing.
    port.to('open');
    expect(port.sent).toEqual([]);
  });

  it('cancelling a request still waiting for the link drops it there: nothing is sent for it, not even a cancel', async () => {
    const port = new HandPort('connecting', true);
    const client = new RpcClient<Demo, DemoEvents>(port);
    const controller = new AbortController();
    const dropped = client.request('add', { a: 1, b: 1 }, { signal: controller.signal });
    const kept = client.request('add', { a: 2, b: 2 });
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ code: 'cancelled', message: 'add was cancelled' });
    port.to('open');
    expect(port.sent).toEqual([{ type: 'request', id: 2, method: 'add', input: { a: 2, b: 2 } }]);
    port.receive({ type: 'response', id: 2, ok: true, result: 4 });
    await expect(kept).resolves.toBe(4);
  });

  it('cancelling a request sent sends its cancel; cancelling one already answered sends nothing', async () => {
    const port = new HandPort('open');
    const client = new RpcClient<Demo, DemoEvents>(port);
    const late = new AbortController();
    const answered = client.request('add', { a: 1, b: 1 }, { signal: late.signal });
    port.receive({ type: 'response', id: 1, ok: true, result: 2 });
    await expect(answered).resolves.toBe(2);
    late.abort();
    const early = new AbortController();
    const cancelled = client.request('wait', {}, { signal: early.signal });
    early.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(port.sent.map((m) => `${m.type} ${(m as { id: number }).id}`)).toEqual(['request 1', 'request 2', 'cancel 2']);
    // A refusal answered is not cancelled later either.
    const refusedSignal = new AbortController();
    const refused = client.request('add', { a: 1, b: 1 }, { signal: refusedSignal.signal });
    port.receive({ type: 'response', id: 3, ok: false, error: { code: 'invalid-request', field: 'a', message: 'a: no' } });
    await expect(refused).rejects.toMatchObject({ code: 'invalid-request', field: 'a', message: 'a: no' });
    refusedSignal.abort();
    expect(port.sent.map((m) => `${m.type} ${(m as { id: number }).id}`)).toEqual(['request 1', 'request 2', 'cancel 2', 'request 3']);
  });

  it('drops what is no answer it waits for: unknown ids, a null id, malformed messages, events nobody hears', async () => {
    const port = new HandPort('open');
    const client = new RpcClient<Demo, DemoEvents>(port);
    // A message listener that throws is logged by the port and goes unseen otherwise: dropping means no error.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pending = client.request('add', { a: 1, b: 1 });
    for (const m of [null, 'response', { type: 'response', id: '1', ok: true, result: 9 }, { type: 'event', event: 3, payload: {} }, { type: 'event', event: 'tick', payload: { n: 1 } }, { type: 'response', id: 7, ok: true, result: 9 }, { type: 'response', id: null, ok: false, error: { code: 'internal', field: null, message: 'x' } }]) {
      port.receive(m);
    }
    port.receive({ type: 'response', id: 1, ok: true, result: 2 });
    await expect(pending).resolves.toBe(2);
    // A second answer to the same id finds nothing waiting.
    port.receive({ type: 'response', id: 1, ok: true, result: 3 });
    const errors = logged.mock.calls.length;
    logged.mockRestore();
    expect(errors).toBe(0);
  });

  it('cancelling the later of two requests waiting for the link drops that one, not the first', async () => {
    const port = new HandPort('connecting', true);
    const client = new RpcClient<Demo, DemoEvents>(port);
    const controller = new AbortController();
    const kept = client.request('add', { a: 2, b: 2 });
    const dropped = client.request('add', { a: 1, b: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ code: 'cancelled' });
    port.to('open');
    expect(port.sent).toEqual([{ type: 'request', id: 1, method: 'add', input: { a: 2, b: 2 } }]);
    port.receive({ type: 'response', id: 1, ok: true, result: 4 });
    await expect(kept).resolves.toBe(4);
  });

  it('leaves no abort listener on the signal once the request is answered, refused or lost', async () => {
    const port = new HandPort('open');
    const client = new RpcClient<Demo, DemoEvents>(port);
    const signal = new AbortController().signal;
    const answered = client.request('add', { a: 1, b: 1 }, { signal });
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    port.receive({ type: 'response', id: 1, ok: true, result: 2 });
    await answered;
    const refused = client.request('add', { a: 1, b: 1 }, { signal });
    port.receive({ type: 'response', id: 2, ok: false, error: { code: 'invalid-request', field: 'a', message: 'a: no' } });
    await expect(refused).rejects.toMatchObject({ code: 'invalid-request' });
    const lost = client.request('add', { a: 1, b: 1 }, { signal });
    port.to('closed', 'gone');
    await expect(lost).rejects.toMatchObject({ code: 'engine-unavailable' });
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('close fails what is in flight, closes the port and hears nothing more', async () => {
    const port = new HandPort('open');
    const client = new RpcClient<Demo, DemoEvents>(port);
    const heard: number[] = [];
    client.on('tick', (p) => heard.push(p.n));
    const states: string[] = [];
    client.onConnection((s) => states.push(s));
    port.receive({ type: 'event', event: 'tick', payload: { n: 1 } });
    const pending = client.request('wait', {});
    expect(client.connection).toBe('open');
    client.close();
    await expect(pending).rejects.toMatchObject({ code: 'engine-unavailable', message: 'the link closed before the answer came (the client was closed)' });
    expect(port.state).toBe('closed');
    expect(client.connection).toBe('closed');
    port.to('open');
    port.receive({ type: 'event', event: 'tick', payload: { n: 2 } });
    expect(heard).toEqual([1]);
    expect(states).toEqual([]);
  });

  it('an event listener removed hears nothing; another for the same event still does', () => {
    const port = new HandPort('open');
    const client = new RpcClient<Demo, DemoEvents>(port);
    const heard: string[] = [];
    const off = client.on('tick', (p) => heard.push(`a${p.n}`));
    client.on('tick', (p) => heard.push(`b${p.n}`));
    port.receive({ type: 'event', event: 'tick', payload: { n: 1 } });
    off();
    port.receive({ type: 'event', event: 'tick', payload: { n: 2 } });
    expect(heard).toEqual(['a1', 'b1', 'b2']);
  });
});

describe('RpcError', () => {
  it('keeps the code and field of error data, and makes anything else internal with its text', () => {
    const own = new RpcError('cancelled', null, 'x');
    expect(RpcError.from(own)).toBe(own);
    expect(RpcError.from({ code: 'unknown-method', field: 'method', message: 'm' })).toMatchObject({ name: 'RpcError', code: 'unknown-method', field: 'method', message: 'm' });
    expect(RpcError.from({ code: 'internal', field: null, message: 'n' }).data).toEqual({ code: 'internal', field: null, message: 'n' });
    expect(errorData(new TypeError('boom'))).toEqual({ code: 'internal', field: null, message: 'boom' });
    expect(errorData('plain words')).toEqual({ code: 'internal', field: null, message: 'plain words' });
    for (const notData of [{ code: 'teapot', field: null, message: 'm' }, { code: 'internal', field: 3, message: 'm' }, { code: 'internal', field: null, message: 4 }, { code: 'internal', message: 'm' }, null]) {
      expect(errorData(notData)).toEqual({ code: 'internal', field: null, message: String(notData) });
    }
  });
});

describe('RpcServer at the edges', () => {
  it('counts the links it serves, and a link it stopped serving gets no answer', async () => {
    const { server, near, far } = setup();
    expect(server.connections).toBe(1);
    const [probe, target] = memoryLink();
    const stop = server.serve(target);
    expect(server.connections).toBe(2);
    const replies: unknown[] = [];
    probe.onMessage((m) => replies.push(m));
    stop();
    stop();
    expect(server.connections).toBe(1);
    probe.send({ type: 'request', id: 1, method: 'add', input: { a: 1, b: 1 } });
    server.emit('tick', { n: 1 });
    // The link still served answers; the stopped one heard nothing by then.
    await expect(new RpcClient<Demo, DemoEvents>(near).request('add', { a: 1, b: 2 })).resolves.toBe(3);
    expect(replies).toEqual([]);
    far.close();
    await expect.poll(() => server.connections).toBe(0);
  });

  it('sends no event to a link that was closed before it was served', () => {
    const server = new RpcServer<Demo, DemoEvents>(demo, { add: () => 0, wait: () => '', fail: () => 0 as never });
    const closed = new HandPort('closed');
    server.serve(closed);
    server.emit('tick', { n: 1 });
    expect(closed.sent).toEqual([]);
  });

  it('checks the frame: an object with a non-negative integer id, a known type, a string method', async () => {
    const [probe, target] = memoryLink();
    const server = new RpcServer<Demo, DemoEvents>(demo, { add: ({ a, b }) => a + b, wait: () => '', fail: () => 0 as never });
    server.serve(target);
    const replies: unknown[] = [];
    probe.onMessage((m) => replies.push(m));
    const frames = [[1], null, 'text', { type: 'request', id: 1.5, method: 'add' }, { type: 'request', id: 2, method: 7 }, { type: 'cancel', id: 99 }, { type: 'request', id: 3, method: 'x'.repeat(100), input: {} }, { type: 'request', id: 0, method: 'add', input: { a: 1, b: 2 } }];
    for (const f of frames) target.receive(f);
    await expect.poll(() => replies.length).toBe(7);
    expect(replies).toEqual([
      { type: 'response', id: null, ok: false, error: { code: 'invalid-request', field: 'frame', message: 'the frame is not an object: expected {type, id, method, input}' } },
      { type: 'response', id: null, ok: false, error: { code: 'invalid-request', field: 'frame', message: 'the frame is not an object: expected {type, id, method, input}' } },
      { type: 'response', id: null, ok: false, error: { code: 'invalid-request', field: 'frame', message: 'the frame is not an object: expected {type, id, method, input}' } },
      { type: 'response', id: null, ok: false, error: { code: 'invalid-request', field: 'id', message: 'expected id, a non-negative integer' } },
      { type: 'response', id: 2, ok: false, error: { code: 'invalid-request', field: 'method', message: 'expected method, a string' } },
      { type: 'response', id: 3, ok: false, error: { code: 'unknown-method', field: 'method', message: `unknown method "${'x'.repeat(64)}"; expected one of add, wait, fail` } },
      { type: 'response', id: 0, ok: true, result: 3 },
    ]);
  });

  it('a handler that ends after its link stopped being served sends nothing, though the link is still open', async () => {
    let finish: ((v: string) => void) | null = null;
    const [near, far] = memoryLink();
    const server = new RpcServer<Demo, DemoEvents>(demo, { add: () => 0, wait: () => new Promise<string>((r) => (finish = r)), fail: () => 0 as never });
    const stop = server.serve(far);
    const replies: unknown[] = [];
    near.onMessage((m) => replies.push(m));
    near.send({ type: 'request', id: 1, method: 'wait', input: {} });
    await expect.poll(() => finish).not.toBeNull();
    stop();
    finish!('late');
    near.send({ type: 'request', id: 2, method: 'add', input: { a: 1, b: 1 } });
    const [probe, target] = memoryLink();
    server.serve(target);
    const other: unknown[] = [];
    probe.onMessage((m) => other.push(m));
    probe.send({ type: 'request', id: 3, method: 'add', input: { a: 1, b: 1 } });
    await expect.poll(() => other).toHaveLength(1);
    expect(far.state).toBe('open');
    expect(replies).toEqual([]);
  });
});

describe('ports', () => {
  it('a closed port hands on nothing it receives; a state set again is not told again', () => {
    const port = new HandPort('open');
    const heard: unknown[] = [];
    const states: string[] = [];
    port.onMessage((m) => heard.push(m));
    const off = port.onState((s, why) => states.push(`${s}:${why}`));
    port.receive(1);
    port.to('open');
    port.to('closed', 'gone');
    port.to('closed', 'gone again');
    port.receive(2);
    off();
    port.to('open');
    expect(heard).toEqual([1]);
    expect(states).toEqual(['closed:gone']);
  });

  it('a memory link closes both ends once, each saying which end closed it; a closed end sends nothing', async () => {
    const [a, b] = memoryLink();
    const told: string[] = [];
    a.onState((s, why) => told.push(`a ${s}: ${why}`));
    b.onState((s, why) => told.push(`b ${s}: ${why}`));
    const heard: unknown[] = [];
    b.onMessage((m) => heard.push(m));
    a.close();
    a.close();
    a.send({ type: 'cancel', id: 1 });
    await expect.poll(() => told).toEqual(['a closed: closed by this end', 'b closed: closed by the other end']);
    expect(heard).toEqual([]);
  });

  it('Listeners.clear removes every listener', () => {
    const l = new Listeners<[number]>();
    const got: number[] = [];
    l.add((n) => got.push(n));
    l.emit(1);
    l.clear();
    l.emit(2);
    expect(got).toEqual([1]);
  });
});

describe('RpcServer on a link that reconnects', () => {
  it('keeps serving it while it reconnects; only its close stops that', () => {
    const server = new RpcServer<Demo, DemoEvents>(demo, { add: ({ a, b }) => a + b, wait: () => '', fail: () => 0 as never });
    const port = new HandPort('open', true);
    server.serve(port);
    port.to('connecting');
    expect(server.connections).toBe(1);
    port.to('closed');
    expect(server.connections).toBe(0);
  });
});

