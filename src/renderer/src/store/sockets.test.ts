// The sockets slice's page-side state: which rows show their TCP details, and no refresh asked
// while the page is hidden (a background tab costs the engine nothing).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SocketSnapshot } from '../../../shared/record';
import { createWorkbenchStore } from './store';
import { createFakeClient, session, snapshot } from '../test/fake-client';
import { RefreshWindow, SocketChangeGroup, withSocketChanges } from './sockets';

/** One change: a snapshot put in, or an fd taken out. */
const withSocket = (list: SocketSnapshot[], snap: SocketSnapshot) => withSocketChanges(list, new Map([[snap.fd, snap]]));
const withoutSocket = (list: SocketSnapshot[], fd: number) => withSocketChanges(list, new Map([[fd, null]]));

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
  delete (globalThis as { document?: unknown }).document;
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

async function started() {
  const client = createFakeClient(session({ sockets: [snapshot({ fd: 20 }), snapshot({ fd: 21, name: 'c', role: 'client' })] }));
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  await settle();
  const refreshes = () => client.requests.filter((r) => r.method === 'sockets').length;
  return { store, refreshes };
}

describe('sockets slice', () => {
  it('opens and closes the TCP details of each row on its own', async () => {
    const { store } = await started();
    expect([...store.getState().tcpInfoOpen]).toEqual([]);
    store.getState().toggleTcpInfo(20);
    store.getState().toggleTcpInfo(21);
    expect([...store.getState().tcpInfoOpen].sort()).toEqual([20, 21]);
    store.getState().toggleTcpInfo(20);
    expect([...store.getState().tcpInfoOpen]).toEqual([21]);
  });

  it('asks for no refresh while the page is hidden, and does once it is shown', async () => {
    const { store, refreshes } = await started();
    const page = { visibilityState: 'hidden' };
    (globalThis as { document?: unknown }).document = page;
    await store.getState().refreshSockets();
    expect(refreshes()).toBe(0);
    page.visibilityState = 'visible';
    await store.getState().refreshSockets();
    expect(refreshes()).toBe(1);
  });
});

const fds = (list: readonly SocketSnapshot[]) => list.map((s) => s.fd);

describe('the socket list by fd', () => {
  const list = [snapshot({ fd: 3, name: 'a' }), snapshot({ fd: 9, name: 'b' })];

  it('inserts a new socket in fd order and replaces a known one in place, leaving the old list as it was', () => {
    expect(fds(withSocket(list, snapshot({ fd: 5, name: 'm' })))).toEqual([3, 5, 9]);
    expect(fds(withSocket(list, snapshot({ fd: 12, name: 'z' })))).toEqual([3, 9, 12]);
    const renamed = withSocket(list, snapshot({ fd: 9, name: 'b2' }));
    expect(renamed.map((s) => s.name)).toEqual(['a', 'b2']);
    expect(renamed[0]).toBe(list[0]);
    expect(list.map((s) => s.name)).toEqual(['a', 'b']);
  });

  it("keeps an accepted socket once, without its listener's snapshot inside", () => {
    const accepted = withSocket(list, snapshot({ fd: 10, name: 'a1', role: 'accepted', listener: snapshot({ fd: 3 }) }));
    expect(accepted[2].listener).toBeUndefined();
  });

  it('takes a closed socket out, and leaves the list itself when the fd is not in it', () => {
    expect(fds(withSocket(list, snapshot({ fd: 9, role: 'closed' })))).toEqual([3]);
    expect(fds(withoutSocket(list, 3))).toEqual([9]);
    expect(withoutSocket(list, 4)).toBe(list);
    expect(withoutSocket(list, 12)).toBe(list);
    expect(fds(list)).toEqual([3, 9]);
  });
});

describe('a batch of socket changes', () => {
  const list = [snapshot({ fd: 3, name: 'a' }), snapshot({ fd: 9, name: 'b' })];

  it('puts in, replaces and takes out many sockets in one pass, in fd order, keeping untouched entries', () => {
    const changes = new Map<number, SocketSnapshot | null>([
      [12, snapshot({ fd: 12, name: 'z' })],
      [3, null],
      [5, snapshot({ fd: 5, name: 'm' })],
      [1, snapshot({ fd: 1, name: 'first' })],
      [7, snapshot({ fd: 7, role: 'closed' })],
    ]);
    const next = withSocketChanges(list, changes);
    expect(next.map((s) => [s.fd, s.name])).toEqual([
      [1, 'first'],
      [5, 'm'],
      [9, 'b'],
      [12, 'z'],
    ]);
    expect(next[2]).toBe(list[1]);
    expect(fds(list)).toEqual([3, 9]);
  });

  it('returns the list itself when the batch only closes fds it does not hold', () => {
    expect(withSocketChanges(list, new Map([[4, null], [10, snapshot({ fd: 10, role: 'closed' })]]))).toBe(list);
  });
});

describe('SocketChangeGroup', () => {
  /** A group over a queue of changes that `flush` applies in order, as the page's event batch does. */
  function grouped() {
    const queued: ((d: { sockets: SocketSnapshot[] }) => { sockets: SocketSnapshot[] })[] = [];
    const state = { sockets: [] as SocketSnapshot[] };
    const group = new SocketChangeGroup((change) => void queued.push(change as (typeof queued)[number]));
    const flush = () => {
      for (const change of queued.splice(0)) state.sockets = change(state).sockets;
    };
    return { group, queued, state, flush };
  }

  it('queues the events of one batch as one change, and starts another once that change is applied', () => {
    const { group, queued, state, flush } = grouped();
    group.add(5, snapshot({ fd: 5, name: 'a' }));
    group.add(6, snapshot({ fd: 6, name: 'b' }));
    group.add(5, snapshot({ fd: 5, name: 'a2' }));
    expect(queued).toHaveLength(1);
    flush();
    expect(state.sockets.map((s) => s.name)).toEqual(['a2', 'b']);
    group.add(6, null);
    expect(queued).toHaveLength(1);
    flush();
    expect(state.sockets.map((s) => s.name)).toEqual(['a2']);
  });

  it('queues the events after a seal as a change of their own', () => {
    const { group, queued } = grouped();
    group.add(5, snapshot({ fd: 5 }));
    group.seal();
    group.add(6, snapshot({ fd: 6 }));
    expect(queued).toHaveLength(2);
  });
});

/** A store whose events land in batches, as a page's do (every 5 ms). */
async function batchedStore(sockets: SocketSnapshot[]) {
  const client = createFakeClient(session({ sockets }));
  const store = createWorkbenchStore(client, { flushMs: 5, refreshMs: 0 });
  stops.push(store.getState().start());
  await vi.waitFor(() => expect(store.getState().sockets).toHaveLength(sockets.length));
  return { client, store };
}

describe('socket events that land in one batch', () => {
  it('end as they would one by one: a closed fd reused, an open one renamed', async () => {
    const { client, store } = await batchedStore([snapshot({ fd: 20, name: 'l' }), snapshot({ fd: 21, name: 'c', role: 'client' })]);
    client.emit('socketClosed', { fd: 21, name: 'c' });
    client.emit('socket', snapshot({ fd: 22, name: 'n' }));
    client.emit('socket', snapshot({ fd: 21, name: 'c2', role: 'new' }));
    client.emit('socket', snapshot({ fd: 20, name: 'l2' }));
    client.emit('socket', snapshot({ fd: 22, role: 'closed' }));
    await vi.waitFor(() => expect(store.getState().sockets.map((s) => s.name)).toEqual(['l2', 'c2']));
  });

  it('keep the events after a crash in the same batch: the crash empties only what came before it', async () => {
    const { client, store } = await batchedStore([snapshot({ fd: 20 })]);
    client.emit('socket', snapshot({ fd: 21, name: 'before' }));
    client.emit('engine', { state: 'crashed', message: 'killed by SIGSEGV', lostSockets: 2 });
    client.emit('socket', snapshot({ fd: 3, name: 'after' }));
    await vi.waitFor(() => expect(store.getState().sockets.map((s) => s.name)).toEqual(['after']));
  });

  it('keep the events after a refresh answer in the same batch', async () => {
    const { client, store } = await batchedStore([snapshot({ fd: 20, name: 'l' })]);
    client.emit('socket', snapshot({ fd: 21, name: 'before' }));
    client.answer('sockets', () => [snapshot({ fd: 20, name: 'l' })]);
    await store.getState().takeSocketsFrom(() => client.request('sockets', {}), (l) => l);
    client.emit('socket', snapshot({ fd: 22, name: 'after' }));
    await vi.waitFor(() => expect(store.getState().sockets.map((s) => s.name)).toEqual(['l', 'after']));
  });
});

describe('a page that stops listening with socket events queued', () => {
  it('shows the socket events after it listens again (the queued ones were dropped with the batch)', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ fd: 20, name: 'l' })] }));
    const store = createWorkbenchStore(client, { flushMs: 20, refreshMs: 0 });
    const stop = store.getState().start();
    await vi.waitFor(() => expect(store.getState().sockets).toHaveLength(1));
    client.emit('socket', snapshot({ fd: 21, name: 'dropped' }));
    stop();
    stops.push(store.getState().start());
    await store.getState().sync();
    client.emit('socket', snapshot({ fd: 22, name: 'after' }));
    await vi.waitFor(() => expect(store.getState().sockets.map((s) => s.name)).toEqual(['l', 'after']));
  });
});

describe('RefreshWindow', () => {
  it("lays the events since a refresh was asked over its answer, sorted, and leaves the answer's list as it came", () => {
    const w = new RefreshWindow();
    w.asked();
    w.noteSocket(snapshot({ fd: 7, name: 'new' }));
    w.noteClosed(9);
    const answer = [snapshot({ fd: 9, name: 'b' }), snapshot({ fd: 3, name: 'a' })];
    expect(fds(w.answered(answer))).toEqual([3, 7]);
    expect(fds(answer)).toEqual([9, 3]);
  });

  it('forgets nothing while a second refresh is still in flight, and everything once both settled', () => {
    const w = new RefreshWindow();
    w.asked();
    w.asked();
    w.noteSocket(snapshot({ fd: 7, name: 'new' }));
    w.settled();
    // The second answer may be as old as the first: the event is laid over it too.
    expect(fds(w.answered([snapshot({ fd: 3 })]))).toEqual([3, 7]);
    w.settled();
    w.asked();
    expect(fds(w.answered([snapshot({ fd: 3 })]))).toEqual([3]);
  });

  it('notes nothing while no refresh is in flight', () => {
    const w = new RefreshWindow();
    w.noteClosed(21);
    w.noteSocket(snapshot({ fd: 22 }));
    w.asked();
    expect(fds(w.answered([snapshot({ fd: 21 })]))).toEqual([21]);
  });
});

describe('sockets slice events and limits', () => {
  it('starts with no sockets', () => {
    expect(createWorkbenchStore(createFakeClient(), { flushMs: 0, refreshMs: 0 }).getState().sockets).toEqual([]);
  });

  it('keeps the rows when the engine reports it runs, and empties them only when it crashed', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ fd: 20 })] }));
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
    stops.push(store.getState().start());
    await settle();
    client.emit('engine', { state: 'running', message: 'the engine is running' });
    // Right away, before any sync answers: no row blinks out.
    expect(fds(store.getState().sockets)).toEqual([20]);
    client.emit('engine', { state: 'crashed', message: 'killed by SIGSEGV', lostSockets: 1 });
    expect(store.getState().sockets).toEqual([]);
  });

  it('refreshes up to 2000 sockets and no more (one answer would be too big)', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => snapshot({ fd: 100 + i, name: `s${i}` }));
    for (const [n, asks] of [
      [2000, 1],
      [2001, 0],
    ] as const) {
      const client = createFakeClient(session({ sockets: many(n) }));
      const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
      stops.push(store.getState().start());
      await settle();
      await store.getState().refreshSockets();
      expect(client.requests.filter((r) => r.method === 'sockets')).toHaveLength(asks);
    }
  });

  it('keeps a socket that reuses a closed fd when a refresh lists it', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ fd: 20 }), snapshot({ fd: 21, name: 'c', role: 'client' })] }));
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
    stops.push(store.getState().start());
    await settle();
    client.emit('socketClosed', { fd: 21, name: 'c' });
    client.emit('socket', snapshot({ fd: 21, name: 'c2', role: 'new' }));
    client.answer('sockets', () => [snapshot({ fd: 20 }), snapshot({ fd: 21, name: 'c2', role: 'new', state: 'CLOSE' })]);
    await store.getState().refreshSockets();
    expect(store.getState().sockets.map((s) => s.name)).toEqual(['l', 'c2']);
  });
});
