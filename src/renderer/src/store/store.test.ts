// The store's slices against a fake client: event batching, log paging and caching, calls and
// refusals, the data pane's partial writes, and earlier sessions.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkbenchStore, type StoreOptions, type WorkbenchStore } from './store';
import { LOG_CHUNK } from './log-index';
import { createFakeClient, record, session, snapshot, type FakeClient } from '../test/fake-client';
import type { CallRecord, SessionLogInfo, SocketSnapshot } from '../../../shared/record';
import type { SessionState } from '../../../shared/contract';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
  vi.useRealTimers();
});

/** Lets answered requests and zero-delay flushes land. */
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

function started(client: FakeClient, options: StoreOptions = {}): WorkbenchStore {
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0, ...options });
  stops.push(store.getState().start());
  return store;
}

/** A host whose live log holds `total` numbered records. */
function hostWithLog(total: number, patch: Partial<SessionState> = {}): FakeClient {
  const client = createFakeClient(session({ logTotal: total, ...patch }));
  client.answer('log', ({ offset, limit }) => ({
    total,
    entries: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => record({ index: offset + i, c: `c${offset + i}()`, ret: offset + i })),
  }));
  return client;
}

const logRequests = (client: FakeClient, method: 'log' | 'openLog' = 'log') => client.requests.filter((r) => r.method === method).map((r) => r.input);

describe('connection and sync', () => {
  it('takes engine, info, sockets (by fd) and the log tail from the session', async () => {
    const client = hostWithLog(1200, { sockets: [snapshot({ fd: 30, name: 'b' }), snapshot({ fd: 20, name: 'a' })] });
    const store = started(client);
    await settle();
    const s = store.getState();
    expect(s.connection).toBe('open');
    expect(s.engine.state).toBe('running');
    expect(s.info?.pid).toBe(4242);
    expect(s.sockets.map((x) => x.name)).toEqual(['a', 'b']);
    expect(logRequests(client)).toEqual([{ offset: 1200 - LOG_CHUNK, limit: LOG_CHUNK }]);
    expect(s.live.total).toBe(1200);
    expect(s.live.log.summary(1199)?.c).toBe('c1199()');
    expect(s.live.log.summary(0)).toBeUndefined();
    expect(s.latest?.c).toBe('c1199()');
  });

  it('starts the log over when the host answers with a shorter one (the host restarted)', async () => {
    let total = 3;
    const client = createFakeClient(session({ logTotal: 3 }));
    client.answer('session', () => session({ logTotal: total }));
    client.answer('log', ({ offset, limit }) => ({ total, entries: Array.from({ length: Math.min(limit, total - offset) }, (_, i) => record({ c: `old${offset + i}()` })) }));
    const store = started(client);
    await settle();
    expect(store.getState().live.log.summary(2)?.c).toBe('old2()');
    total = 1;
    await store.getState().sync();
    await settle();
    expect(store.getState().live.total).toBe(1);
    expect(store.getState().live.log.summary(2)).toBeUndefined();
  });

  it('shows a refused session request as a refusal naming the method', async () => {
    const client = createFakeClient();
    client.answer('session', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the engine is restarting' };
    });
    const store = started(client);
    await settle();
    expect(store.getState().refusal).toEqual({ what: 'session', error: { code: 'engine-unavailable', field: null, message: 'the engine is restarting' } });
  });
});

describe('event batching', () => {
  it('applies events that arrive together in one update, each reading what the earlier ones left', async () => {
    vi.useFakeTimers();
    const client = createFakeClient();
    const store = started(client, { flushMs: 50 });
    await vi.advanceTimersByTimeAsync(60);
    const updates = vi.fn();
    stops.push(store.subscribe(updates));

    const waiting = { index: 0, call: 'BIO_accept_ex', c: 'BIO_accept_ex(l, NULL, 0)', sock: 'l', waiting: 'readiness' as const, startedAt: 1 };
    client.emit('callStarted', { ...waiting, callId: 'a' });
    client.emit('callStarted', { ...waiting, callId: 'b' });
    client.emit('callFinished', { callId: 'a', position: 0 });
    for (let i = 0; i < 100; i++) client.emit('log', { position: i, record: record({ index: i, c: `c${i}()` }) });
    client.emit('socket', snapshot({ fd: 21, name: 'x' }));
    client.emit('socket', snapshot({ fd: 20, name: 'w' }));
    client.emit('socketClosed', { fd: 21, name: 'x' });
    expect(updates).not.toHaveBeenCalled();
    expect(store.getState().live.total).toBe(0);

    await vi.advanceTimersByTimeAsync(50);
    expect(updates).toHaveBeenCalledTimes(1);
    const s = store.getState();
    expect(s.waiting.map((w) => w.callId)).toEqual(['b']);
    expect(s.live.total).toBe(100);
    expect(s.latest?.c).toBe('c99()');
    expect(s.sockets.map((x) => x.name)).toEqual(['w']);
  });

  it('a crashed engine takes its sockets and waiting calls; a running one again syncs', async () => {
    const client = createFakeClient(session({ sockets: [snapshot()] }));
    const store = started(client);
    await settle();
    client.emit('callStarted', { callId: 'w', index: 0, call: 'BIO_accept_ex', c: 'BIO_accept_ex(l, NULL, 0)', sock: 'l', waiting: 'readiness', startedAt: 1 });
    client.emit('engine', { state: 'crashed', message: 'killed by SIGSEGV', lostSockets: 1 });
    await settle();
    expect(store.getState().sockets).toEqual([]);
    expect(store.getState().waiting).toEqual([]);
    const sessionsAsked = client.requests.filter((r) => r.method === 'session').length;
    client.emit('engine', { state: 'running', message: 'the engine is running' });
    await settle();
    expect(client.requests.filter((r) => r.method === 'session').length).toBe(sessionsAsked + 1);
    expect(store.getState().engine.state).toBe('running');
  });

  it('keeps the selected record current when its position is logged again', async () => {
    const client = createFakeClient();
    const store = started(client);
    await settle();
    client.emit('log', { position: 0, record: record({ c: 'first()' }) });
    await settle();
    store.getState().selectLog(0);
    client.emit('log', { position: 0, record: record({ c: 'rewritten()' }) });
    await settle();
    expect(store.getState().live.selectedRecord?.c).toBe('rewritten()');
  });
});

describe('log paging and caching', () => {
  it('loads each missing chunk once, and retries a chunk whose load failed', async () => {
    const client = hostWithLog(2000);
    let failOnce = true;
    const answer = client.answer.bind(client);
    answer('log', ({ offset, limit }) => {
      if (offset === 0 && failOnce) {
        failOnce = false;
        throw { code: 'internal', field: 'offset', message: 'disk read failed' };
      }
      return { total: 2000, entries: Array.from({ length: Math.min(limit, 2000 - offset) }, (_, i) => record({ c: `c${offset + i}()` })) };
    });
    const store = started(client);
    await settle();
    const before = logRequests(client).length;
    store.getState().ensureLogLoaded(0, 1000);
    store.getState().ensureLogLoaded(0, 1000);
    await settle();
    expect(logRequests(client).slice(before)).toEqual([
      { offset: 0, limit: LOG_CHUNK },
      { offset: 500, limit: LOG_CHUNK },
    ]);
    expect(store.getState().live.log.summary(0)).toBeUndefined();
    expect(store.getState().live.log.summary(500)?.c).toBe('c500()');

    store.getState().ensureLogLoaded(0, 1000);
    await settle();
    expect(logRequests(client).slice(before + 2)).toEqual([{ offset: 0, limit: LOG_CHUNK }]);
    expect(store.getState().live.log.summary(0)?.c).toBe('c0()');
    // The tail came with the session: nothing is asked for again.
    store.getState().ensureLogLoaded(1500, 2000);
    await settle();
    expect(logRequests(client)).toHaveLength(before + 3);
  });

  it('never overwrites an entry that arrived by event with an older page', async () => {
    const client = hostWithLog(1000);
    const store = started(client);
    await settle();
    client.emit('log', { position: 3, record: record({ c: 'by event()' }) });
    await settle();
    store.getState().ensureLogLoaded(0, 10);
    await settle();
    expect(store.getState().live.log.summary(2)?.c).toBe('c2()');
    expect(store.getState().live.log.summary(3)?.c).toBe('by event()');
  });

  it('selects from the cache, else fetches the one record, and drops an answer for a selection since changed', async () => {
    const client = hostWithLog(3000);
    const store = started(client);
    await settle();
    const before = client.requests.length;
    store.getState().selectLog(2999);
    expect(store.getState().live.selectedRecord?.c).toBe('c2999()');
    expect(client.requests).toHaveLength(before);

    store.getState().selectLog(5);
    expect(store.getState().live.selectedRecord).toBeNull();
    await settle();
    expect(client.requests.at(-1)).toEqual({ method: 'log', input: { offset: 5, limit: 1 } });
    expect(store.getState().live.selectedRecord?.c).toBe('c5()');

    let release!: () => void;
    client.answer('log', ({ offset }) => new Promise((r) => (release = () => r({ total: 3000, entries: [record({ c: `late${offset}()` })] }))));
    store.getState().selectLog(7);
    store.getState().selectLog(null);
    release();
    await settle();
    expect(store.getState().live.selected).toBeNull();
    expect(store.getState().live.selectedRecord).toBeNull();
  });
});

describe('calls', () => {
  it('sends only the fields set, under a page call id, and takes the record', async () => {
    const client = createFakeClient();
    client.answer('call', ({ step }) => record({ c: `${step.call}()`, socket: snapshot({ fd: 22, name: 'n', role: 'new', state: null }) }));
    const store = started(client);
    await settle();
    const r = await store.getState().runStep({ call: 'BIO_socket', as: 'n', domain: 'AF_INET', socktype: 'SOCK_STREAM', options: undefined });
    const sent = client.requests.find((x) => x.method === 'call')!.input as { step: object; callId: string };
    expect(sent.step).toEqual({ call: 'BIO_socket', as: 'n', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect(sent.callId).toMatch(/^page-[a-z0-9]+-1$/);
    expect(r?.c).toBe('BIO_socket()');
    const s = store.getState();
    expect(s.lastOwnRecord).toBe(r);
    expect(s.latest).toBe(r);
    expect(s.sockets.map((x) => x.name)).toEqual(['n']);
    expect(s.ownPending).toBe(0);
  });

  it('shows the answer no earlier than the socket event that came before it (one batch, in order)', async () => {
    const client = createFakeClient();
    client.answer('call', () => record({ c: 'BIO_bind(b, addr, 0)', socket: snapshot({ fd: 22, name: 'b', role: 'bound', local: '127.0.0.1:4242' }) }));
    const store = started(client, { flushMs: 16 });
    await settle();
    const seen: string[] = [];
    stops.push(store.subscribe((s) => seen.push(`${s.lastOwnRecord ? 'answered' : 'not answered'}, ${s.sockets.length} socket(s)`)));
    await store.getState().runStep({ call: 'BIO_bind', sock: 'b', addr: '127.0.0.1:0' });
    await vi.waitFor(() => expect(store.getState().lastOwnRecord).not.toBeNull());
    expect(seen.filter((x) => x.startsWith('answered'))).not.toContain('answered, 0 socket(s)');
    expect(store.getState().sockets.map((x) => x.local)).toEqual(['127.0.0.1:4242']);
  });

  it('shows a refused call with its field, and counts it finished', async () => {
    const client = createFakeClient();
    client.answer('call', () => {
      throw { code: 'invalid-request', field: 'step.addr', message: 'step.addr: expected host:port' };
    });
    const store = started(client);
    await settle();
    expect(await store.getState().runStep({ call: 'BIO_connect', sock: 'c', addr: 'nowhere' })).toBeNull();
    expect(store.getState().refusal).toEqual({ what: 'BIO_connect', error: { code: 'invalid-request', field: 'step.addr', message: 'step.addr: expected host:port' } });
    expect(store.getState().ownPending).toBe(0);
    store.getState().dismissRefusal();
    expect(store.getState().refusal).toBeNull();
  });

  it('names an unnamed BIO_socket s1 and frees the name field after it succeeded', async () => {
    const client = createFakeClient(session({ sockets: [] }));
    client.answer('call', ({ step }) => record({ ret: 20, c: `${(step as { as?: string }).as} = BIO_socket(...)` }));
    const store = started(client);
    await settle();
    const r = await store.getState().runComposer();
    expect((client.requests.find((x) => x.method === 'call')!.input as { step: { as: string } }).step.as).toBe('s1');
    expect(r?.c).toBe('s1 = BIO_socket(...)');
    expect(store.getState().composer.as).toBe('');

    store.getState().setComposer({ as: 'mine' });
    client.answer('call', () => record({ ret: -1 }));
    await store.getState().runComposer();
    expect(store.getState().composer.as).toBe('mine');
  });

  it('cancels by call id and reports a refused cancel', async () => {
    const client = createFakeClient();
    client.answer('cancel', ({ callId }) => {
      if (callId === 'gone') throw { code: 'invalid-request', field: 'callId', message: 'callId: no such call' };
      return { cancelled: true, how: 'cancel pipe' };
    });
    const store = started(client);
    await settle();
    await store.getState().cancel('page-x-1');
    expect(store.getState().refusal).toBeNull();
    await store.getState().cancel('gone');
    expect(store.getState().refusal?.error.field).toBe('callId');
  });

  it('looks up the address for the socket the composer names, and keeps candidates to that address', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ fd: 20, name: 'l', family: 'AF_INET6', type: 'SOCK_STREAM' })] }));
    client.answer('call', () => record({ call: 'BIO_lookup_ex', addresses: [{ family: 'AF_INET6', address: '[::1]:80', used: false }] }));
    const store = started(client);
    await settle();
    store.getState().chooseCall('BIO_listen', { sock: 'l' });
    store.getState().setComposer({ addr: 'localhost:80' });
    await store.getState().lookup();
    expect((client.requests.find((x) => x.method === 'call')!.input as { step: object }).step).toEqual({
      call: 'BIO_lookup_ex',
      addr: 'localhost:80',
      lookupType: 'BIO_LOOKUP_SERVER',
      family: 'AF_UNSPEC',
      socktype: 'SOCK_STREAM',
    });
    expect(store.getState().candidates).toHaveLength(1);
    store.getState().setComposer({ addrIndex: 0 });
    store.getState().setComposer({ addr: 'localhost:80' });
    expect(store.getState().candidates).toHaveLength(1);
    expect(store.getState().composer.addrIndex).toBe(0);
    store.getState().setComposer({ addr: 'localhost:81' });
    expect(store.getState().candidates).toBeNull();
    expect(store.getState().composer.addrIndex).toBeNull();
  });

  it('ticks and unticks flags without duplicates, and saves the theme', async () => {
    const saveTheme = vi.fn();
    const store = started(createFakeClient(), { saveTheme });
    store.getState().toggleFlag('BIO_SOCK_NODELAY', true);
    store.getState().toggleFlag('BIO_SOCK_NODELAY', true);
    store.getState().toggleFlag('BIO_SOCK_REUSEADDR', true);
    store.getState().toggleFlag('BIO_SOCK_NODELAY', false);
    expect(store.getState().composer.flags).toEqual(['BIO_SOCK_REUSEADDR']);
    store.getState().setTheme('dark');
    expect(store.getState().theme).toBe('dark');
    expect(saveTheme).toHaveBeenCalledWith('dark');
  });
});

describe('data pane', () => {
  const write = (ret: number, sent: number, unsentHex: string | null): CallRecord =>
    record({
      call: 'BIO_write',
      c: 'BIO_write(bio_c, data, 6)',
      ret,
      errno: ret < 0 ? { code: 11, name: 'EAGAIN', message: 'Resource temporarily unavailable' } : null,
      result: unsentHex === null ? undefined : { sent, unsent: { hex: unsentHex } },
    });

  it('keeps what a partial write did not send, resends exactly that, and clears it once all went', async () => {
    const client = createFakeClient();
    const answers = [write(2, 2, '6c6c6f21'), write(4, 4, null)];
    client.answer('call', () => answers.shift()!);
    const store = started(client);
    await settle();
    store.getState().setData({ sock: 'c', format: 'text', payload: 'hello!' });
    await store.getState().send();
    expect(store.getState().data.unsent).toEqual({ sock: 'c', sent: 2, bytes: { hex: '6c6c6f21' } });

    store.getState().setData({ sock: 'other' });
    await store.getState().sendUnsent();
    const steps = client.requests.filter((r) => r.method === 'call').map((r) => (r.input as { step: object }).step);
    expect(steps).toEqual([
      { call: 'BIO_write', sock: 'c', data: 'hello!' },
      { call: 'BIO_write', sock: 'c', dataHex: '6c6c6f21' },
    ]);
    expect(store.getState().data.unsent).toBeNull();
  });

  it('keeps everything when the write returned -1 with EAGAIN, and sends hex without spaces', async () => {
    const client = createFakeClient();
    client.answer('call', () => write(-1, 0, '6869'));
    const store = started(client);
    await settle();
    store.getState().setData({ sock: 'c', format: 'hex', payload: '68 69' });
    await store.getState().send();
    expect((client.requests.find((r) => r.method === 'call')!.input as { step: object }).step).toEqual({ call: 'BIO_write', sock: 'c', dataHex: '6869' });
    expect(store.getState().data.unsent).toEqual({ sock: 'c', sent: 0, bytes: { hex: '6869' } });
  });

  it('does nothing on resend when nothing is unsent, and keeps the rest when the resend was refused', async () => {
    const client = createFakeClient();
    client.answer('call', () => write(1, 1, '69'));
    const store = started(client);
    await settle();
    await store.getState().sendUnsent();
    expect(client.requests.filter((r) => r.method === 'call')).toHaveLength(0);
    store.getState().setData({ sock: 'c', payload: 'hi' });
    await store.getState().send();
    client.answer('call', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the engine crashed' };
    });
    await store.getState().sendUnsent();
    expect(store.getState().data.unsent?.bytes.hex).toBe('69');
  });

});

describe('one record, one arrival', () => {
  const read = record({
    call: 'BIO_read',
    c: 'BIO_read(bio_a1, buf, 4096)',
    ret: 4,
    data: { hex: '70696e67' },
    args: { call: 'BIO_read', sock: 'a1' },
    socket: snapshot({ fd: 21, name: 'a1', role: 'accepted', local: '127.0.0.1:46083', peer: '127.0.0.1:50000', state: 'ESTABLISHED' }),
    startedAt: 5,
  });

  it.each([
    ['the log event comes before the reply (the WebSocket keeps that order)', false],
    ['the reply comes before the log event (Electron IPC keeps no order)', true],
  ])('applies a record once, from its log event, when %s', async (_, replyFirst) => {
    const client = createFakeClient();
    client.answer('call', () => read);
    client.replyFirst = replyFirst;
    const store = started(client);
    await settle();
    store.getState().setData({ sock: 'a1', max: '16' });
    await store.getState().read();
    expect((client.requests.find((r) => r.method === 'call')!.input as { step: object }).step).toEqual({ call: 'BIO_read', sock: 'a1', max: 16 });
    if (replyFirst) {
      // The reply only says which record was this page's: the log, the error stack, the sockets and the bytes wait for the event.
      const s = store.getState();
      expect(s.lastOwnRecord).toBe(read);
      expect(s.latest).toBeNull();
      expect(s.live.total).toBe(0);
      expect(s.sockets).toEqual([]);
      expect(s.data.received).toEqual({});
      client.releaseEvents();
      await settle();
    }
    const s = store.getState();
    expect(s.lastOwnRecord).toBe(read);
    expect(s.latest).toBe(read);
    expect(s.live.total).toBe(1);
    expect(s.live.log.record(0)).toBe(read);
    expect(s.sockets.map((x) => x.name)).toEqual(['a1']);
    expect(s.data.received.a1).toEqual([{ position: 0, bytes: 4, text: 'ping', hex: '70696e67', elided: 0, tailText: '', tailHex: '' }]);
    expect(s.ownPending).toBe(0);
  });

  it('keeps the latest call an event brought while a resync loaded the older log tail', async () => {
    const client = createFakeClient();
    const store = started(client);
    await settle();
    let answer: (page: { total: number; entries: CallRecord[] }) => void = () => undefined;
    client.answer('session', () => session({ logTotal: 1 }));
    client.answer('log', () => new Promise((resolve) => (answer = resolve)));
    const synced = store.getState().sync();
    await expect.poll(() => logRequests(client)).toHaveLength(1);
    client.emit('log', { position: 1, record: record({ index: 1, c: 'newer()' }) });
    await settle();
    answer({ total: 1, entries: [record({ index: 0, c: 'older()' })] });
    await synced;
    await settle();
    expect(store.getState().latest?.c).toBe('newer()');
  });

  it('keeps a read once when the log tail brings it again on a resync', async () => {
    const client = createFakeClient();
    const store = started(client);
    await settle();
    client.emit('log', { position: 0, record: read });
    await settle();
    client.answer('session', () => session({ logTotal: 1 }));
    client.answer('log', () => ({ total: 1, entries: [read] }));
    await store.getState().sync();
    await settle();
    expect(logRequests(client).at(-1)).toEqual({ offset: 0, limit: 1 });
    expect(store.getState().data.received.a1).toEqual([{ position: 0, bytes: 4, text: 'ping', hex: '70696e67', elided: 0, tailText: '', tailHex: '' }]);
  });
});

describe('socket refresh', () => {
  it('asks only while there are sockets, and replaces the list with the answer', async () => {
    const client = createFakeClient(session());
    const store = started(client);
    await settle();
    await store.getState().refreshSockets();
    expect(client.requests.some((r) => r.method === 'sockets')).toBe(false);

    client.emit('socket', snapshot({ fd: 20, name: 'l', state: 'LISTEN' }));
    await settle();
    client.answer('sockets', () => [snapshot({ fd: 20, name: 'l', state: 'CLOSE_WAIT' })]);
    await store.getState().refreshSockets();
    await settle();
    expect(store.getState().sockets.map((x) => x.state)).toEqual(['CLOSE_WAIT']);
  });

  it('keeps what events said while a refresh was in flight, whatever its older answer lacks', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ fd: 20, name: 'l' }), snapshot({ fd: 21, name: 'gone' })] }));
    const store = started(client);
    await settle();
    let answer: (list: SocketSnapshot[]) => void = () => undefined;
    client.answer('sockets', () => new Promise<SocketSnapshot[]>((resolve) => (answer = resolve)));
    const refreshed = store.getState().refreshSockets();
    await settle();
    // While the host answers: a new socket opens, another closes.
    client.emit('socket', snapshot({ fd: 22, name: 'new', role: 'new', state: 'CLOSE' }));
    client.emit('socketClosed', { fd: 21, name: 'gone' });
    answer([snapshot({ fd: 20, name: 'l' }), snapshot({ fd: 21, name: 'gone' })]);
    await refreshed;
    await settle();
    expect(store.getState().sockets.map((x) => x.name)).toEqual(['l', 'new']);
    // Settled: those events are no longer laid over a later answer, which is newer than they are.
    client.answer('sockets', () => [snapshot({ fd: 20, name: 'l' }), snapshot({ fd: 22, name: 'new', role: 'client', state: 'ESTABLISHED' })]);
    await store.getState().refreshSockets();
    await settle();
    expect(store.getState().sockets.map((x) => `${x.name} ${x.state}`)).toEqual(['l LISTEN', 'new ESTABLISHED']);
  });

  it('keeps what events said while a sync was in flight, whatever the older session answer lacks', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ fd: 20, name: 'l' })] }));
    const store = started(client);
    await settle();
    let answer: (state: SessionState) => void = () => undefined;
    client.answer('session', () => new Promise<SessionState>((resolve) => (answer = resolve)));
    const synced = store.getState().sync();
    await settle();
    // While the host answers: a new socket opens, the old one closes.
    client.emit('socket', snapshot({ fd: 22, name: 'new', role: 'new', state: 'CLOSE' }));
    client.emit('socketClosed', { fd: 20, name: 'l' });
    answer(session({ sockets: [snapshot({ fd: 20, name: 'l' })] }));
    await synced;
    await settle();
    expect(store.getState().sockets.map((x) => x.name)).toEqual(['new']);
  });
});

describe('earlier sessions', () => {
  const info = (patch: Partial<SessionLogInfo> = {}): SessionLogInfo => ({ id: 'one', pid: 7, host: 'window', startedAt: 1_700_000_000_000, modifiedAt: 1_700_000_100_000, entries: 1200, bytes: 1, torn: false, ...patch });

  function hostWithEarlier(): FakeClient {
    const client = createFakeClient();
    client.answer('sessions', () => ({ sessions: [info(), info({ id: 'two', entries: 2 })], next: null, withoutCalls: 0 }));
    client.answer('openLog', ({ id, offset, limit }) => {
      const total = id === 'one' ? 1200 : 2;
      return { info: info({ id, entries: total, torn: id === 'one' }), total, entries: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => record({ c: `${id}${offset + i}()` })), torn: id === 'one' };
    });
    return client;
  }

  it('lists on show, opens the first page, pages the rest in once, and keeps the live log apart', async () => {
    const client = hostWithEarlier();
    const store = started(client);
    await settle();
    store.getState().showEarlier();
    expect(store.getState().earlier.shown).toBe(true);
    await settle();
    expect(store.getState().earlier.sessions?.map((x) => x.id)).toEqual(['one', 'two']);

    await store.getState().openEarlier('one');
    let e = store.getState().earlier;
    expect(e.id).toBe('one');
    expect(e.total).toBe(1200);
    expect(e.torn).toBe(true);
    expect(e.log.summary(499)?.c).toBe('one499()');
    expect(e.log.summary(500)).toBeUndefined();

    store.getState().ensureEarlierLoaded(0, 1200);
    store.getState().ensureEarlierLoaded(0, 1200);
    await settle();
    e = store.getState().earlier;
    expect(e.log.summary(1199)?.c).toBe('one1199()');
    expect(logRequests(client, 'openLog')).toEqual([
      { id: 'one', offset: 0, limit: LOG_CHUNK },
      { id: 'one', offset: 500, limit: LOG_CHUNK },
      { id: 'one', offset: 1000, limit: LOG_CHUNK },
    ]);
    expect(store.getState().live.total).toBe(0);
    expect(store.getState().live.log.summary(0)).toBeUndefined();
  });

  it('drops a late page of a session the person has left', async () => {
    const client = hostWithEarlier();
    const store = started(client);
    await settle();
    store.getState().showEarlier();
    await settle();
    let release!: () => void;
    client.answer('openLog', ({ id }) => new Promise((r) => (release = () => r({ info: info({ id }), total: 1200, entries: [record({ c: 'late()' })], torn: false }))));
    const opening = store.getState().openEarlier('one');
    store.getState().backToEarlierList();
    release();
    await opening;
    const e = store.getState().earlier;
    expect(e.id).toBeNull();
    expect(e.shown).toBe(true);
    expect(e.info).toBeNull();
    expect(e.total).toBe(0);
    expect(e.log.summary(0)).toBeUndefined();
    expect(e.sessions).toHaveLength(2);
  });

  it('selects from the pages held, else fetches one entry', async () => {
    const client = hostWithEarlier();
    const store = started(client);
    await settle();
    store.getState().showEarlier();
    await settle();
    await store.getState().openEarlier('one');
    const before = client.requests.length;
    store.getState().selectEarlier(3);
    expect(store.getState().earlier.selectedRecord?.c).toBe('one3()');
    expect(client.requests).toHaveLength(before);
    store.getState().selectEarlier(1100);
    await settle();
    expect(client.requests.at(-1)).toEqual({ method: 'openLog', input: { id: 'one', offset: 1100, limit: 1 } });
    expect(store.getState().earlier.selectedRecord?.c).toBe('one1100()');
  });

  it('keeps a refused openLog with its field, and forgets the view on the way back to the live log', async () => {
    const client = hostWithEarlier();
    client.answer('openLog', () => {
      throw { code: 'invalid-request', field: 'id', message: 'id: no session log "gone"' };
    });
    const store = started(client);
    await settle();
    store.getState().showEarlier();
    await settle();
    await store.getState().openEarlier('gone');
    expect(store.getState().earlier.error).toEqual({ what: 'openLog', error: { code: 'invalid-request', field: 'id', message: 'id: no session log "gone"' } });
    expect(store.getState().refusal).toBeNull();
    store.getState().hideEarlier();
    const e = store.getState().earlier;
    expect(e).toMatchObject({ shown: false, id: null, error: null, selected: null });
    expect(e.sessions).toHaveLength(2);
  });
});
