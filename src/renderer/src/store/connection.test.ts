// The link to the host: a client that reports its connection syncs when it opens (even if it opened
// before the page subscribed), sockets refresh on a timer only while the link is open and the
// engine runs, and a stopped log says why. Earlier sessions page on from where the list stopped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from './store';
import { createFakeClient, session, snapshot, type FakeClient } from '../test/fake-client';
import type { WorkbenchClient } from '../client';
import type { SessionLogInfo } from '../../../shared/record';
import type { LinkState } from '../../../shared/rpc/port';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
  vi.useRealTimers();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};
const asked = (client: FakeClient, method: string) => client.requests.filter((r) => r.method === method).length;

/** A fake client that reports its link, as the WebSocket client does. */
function linked(initial: LinkState) {
  const client = createFakeClient(session({ sockets: [snapshot()] }));
  const listeners = new Set<(s: LinkState) => void>();
  const link = Object.assign(client, {
    connection: initial,
    onConnection(listener: (s: LinkState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  }) as FakeClient & WorkbenchClient & { connection: LinkState };
  const to = (s: LinkState) => {
    link.connection = s;
    for (const l of listeners) l(s);
  };
  return { client: link, to, listeners };
}

function start(client: WorkbenchClient, refreshMs = 0): WorkbenchStore {
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs });
  stops.push(store.getState().start());
  return store;
}

describe('connection', () => {
  it('waits for a link still connecting, then syncs when it opens, and shows it closed', async () => {
    const { client, to, listeners } = linked('connecting');
    const store = start(client);
    await settle();
    expect(store.getState().connection).toBe('connecting');
    expect(asked(client, 'session')).toBe(0);
    to('open');
    await settle();
    expect(store.getState().connection).toBe('open');
    expect(asked(client, 'session')).toBe(1);
    to('closed');
    expect(store.getState().connection).toBe('closed');
    expect(asked(client, 'session')).toBe(1);
    stops.pop()!();
    expect(listeners.size).toBe(0);
  });

  it('syncs at once with a link that opened before the page subscribed', async () => {
    const { client } = linked('open');
    const store = start(client);
    await settle();
    expect(store.getState().connection).toBe('open');
    expect(asked(client, 'session')).toBe(1);
    expect(store.getState().sockets).toHaveLength(1);
  });

  it('says it is connecting before the host answers', () => {
    const { client } = linked('connecting');
    const store = start(client);
    expect(store.getState().engine).toEqual({ state: 'starting', message: 'connecting to the host' });
    expect(store.getState()).toMatchObject({ info: null, tmpDir: null, notices: [], logStopped: null });
  });

  it('syncs again only when an engine starts running after it was not', async () => {
    const { client } = linked('open');
    const store = start(client);
    await settle();
    expect(asked(client, 'session')).toBe(1);
    client.emit('engine', { state: 'running', message: 'the engine is running' });
    client.emit('engine', { state: 'crashed', message: 'killed', lostSockets: 1 });
    await settle();
    expect(asked(client, 'session')).toBe(1);
    expect(store.getState().engine.state).toBe('crashed');
    // A new engine on its way is not running yet: nothing to sync.
    client.emit('engine', { state: 'starting', message: 'the engine is starting' });
    await settle();
    expect(asked(client, 'session')).toBe(1);
    client.emit('engine', { state: 'running', message: 'the engine is running again' });
    await settle();
    expect(asked(client, 'session')).toBe(2);
  });

  it('says why the log stopped when the host says so', async () => {
    const client = createFakeClient();
    const store = start(client);
    await settle();
    expect(store.getState().logStopped).toBeNull();
    client.emit('logStopped', { reason: 'the disk is full' });
    await settle();
    expect(store.getState().logStopped).toBe('the disk is full');
  });

  it('by default refreshes the sockets each second and applies the events of 16 ms together', async () => {
    vi.useFakeTimers();
    const client = createFakeClient(session({ sockets: [snapshot()] }));
    const store = createWorkbenchStore(client);
    stops.push(store.getState().start());
    await vi.advanceTimersByTimeAsync(20);
    const before = asked(client, 'sockets');
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked(client, 'sockets')).toBe(before + 1);
    client.emit('logStopped', { reason: 'the disk is full' });
    await vi.advanceTimersByTimeAsync(15);
    expect(store.getState().logStopped).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().logStopped).toBe('the disk is full');
  });

  it('refreshes the sockets on the timer only while the link is open and the engine runs', async () => {
    vi.useFakeTimers();
    const { client, to } = linked('open');
    start(client, 1000);
    await vi.advanceTimersByTimeAsync(10);
    const before = asked(client, 'sockets');
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked(client, 'sockets')).toBe(before + 1);
    client.emit('engine', { state: 'crashed', message: 'killed', lostSockets: 1 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked(client, 'sockets')).toBe(before + 1);
    client.emit('engine', { state: 'running', message: 'the engine is running' });
    await vi.advanceTimersByTimeAsync(10);
    // Stopped (its sockets still listed): no refresh asks it anything.
    client.emit('engine', { state: 'stopped', message: 'the engine stopped' });
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked(client, 'sockets')).toBe(before + 1);
    client.emit('engine', { state: 'running', message: 'the engine is running' });
    await vi.advanceTimersByTimeAsync(10);
    to('closed');
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked(client, 'sockets')).toBe(before + 1);
    to('open');
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked(client, 'sockets')).toBe(before + 2);
    // Stopped: no more refreshes.
    stops.pop()!();
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked(client, 'sockets')).toBe(before + 2);
  });
});

describe('earlier sessions, page by page', () => {
  const info = (id: string): SessionLogInfo => ({ id, pid: 7, host: 'window', startedAt: 1_700_000_000_000, modifiedAt: 1_700_000_100_000, entries: 3, bytes: 1, torn: false });

  it('lists older pages after those listed, adding up the sessions without calls, and asks nothing past the last page', async () => {
    const client = createFakeClient();
    const pages: Record<string, { sessions: SessionLogInfo[]; next: string | null; withoutCalls: number }> = {
      first: { sessions: [info('a'), info('b')], next: 'b', withoutCalls: 2 },
      b: { sessions: [info('c')], next: null, withoutCalls: 3 },
    };
    client.answer('sessions', (input) => pages[(input as { before?: string }).before ?? 'first']);
    const store = start(client);
    await settle();
    await store.getState().listEarlier();
    await store.getState().listOlderEarlier();
    expect(client.requests.filter((r) => r.method === 'sessions').map((r) => r.input)).toStrictEqual([{}, { before: 'b' }]);
    expect(store.getState().earlier).toMatchObject({ next: null, withoutCalls: 5, listing: false, error: null });
    expect(store.getState().earlier.sessions?.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    await store.getState().listOlderEarlier();
    expect(asked(client, 'sessions')).toBe(2);
    // Listing anew starts from the newest page again.
    await store.getState().listEarlier();
    expect(store.getState().earlier.sessions?.map((s) => s.id)).toEqual(['a', 'b']);
    expect(store.getState().earlier.withoutCalls).toBe(2);
  });

  it('asks for one older page at a time, and shows a refused page with the method named', async () => {
    const client = createFakeClient();
    let answer: () => void = () => undefined;
    client.answer('sessions', (input) =>
      (input as { before?: string }).before
        ? new Promise((_resolve, reject) => (answer = () => reject({ code: 'internal', field: null, message: 'the disk' })))
        : { sessions: [info('a')], next: 'a', withoutCalls: 0 },
    );
    const store = start(client);
    await settle();
    await store.getState().listEarlier();
    const older = store.getState().listOlderEarlier();
    expect(store.getState().earlier.listing).toBe(true);
    await store.getState().listOlderEarlier();
    expect(asked(client, 'sessions')).toBe(2);
    answer();
    await older;
    expect(store.getState().earlier).toMatchObject({ listing: false, error: { what: 'sessions', error: { message: 'the disk' } } });
    expect(store.getState().earlier.sessions?.map((s) => s.id)).toEqual(['a']);
  });

  it('starts closed and unlisted, and asks for no log while none is open', async () => {
    const client = createFakeClient();
    const store = start(client);
    expect(store.getState().earlier).toMatchObject({ shown: false, sessions: null, next: null, withoutCalls: 0, listing: false, id: null, info: null, torn: false, error: null, total: 0 });
    store.getState().ensureEarlierLoaded(0, 100);
    await settle();
    expect(asked(client, 'openLog')).toBe(0);
  });

  it('shows a session as it was listed (its length, whether it is torn) until its first page comes', async () => {
    const client = createFakeClient();
    client.answer('sessions', () => ({ sessions: [info('a'), { ...info('b'), entries: 7, torn: true }], next: null, withoutCalls: 0 }));
    client.answer('openLog', () => new Promise(() => undefined));
    const store = start(client);
    await settle();
    await store.getState().listEarlier();
    void store.getState().openEarlier('b');
    expect(store.getState().earlier).toMatchObject({ id: 'b', info: { id: 'b', entries: 7 }, torn: true, total: 7, error: null });
    void store.getState().openEarlier('unlisted');
    expect(store.getState().earlier).toMatchObject({ id: 'unlisted', info: null, torn: false, total: 0 });
  });

  it('selects nothing while no earlier session is open', async () => {
    const store = start(createFakeClient());
    await settle();
    store.setState((s) => ({ earlier: { ...s.earlier, selected: 3 } }) as never);
    store.getState().selectEarlier(5);
    expect(store.getState().earlier).toMatchObject({ selected: null, selectedRecord: null });
  });
});
