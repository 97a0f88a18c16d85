// Calls waiting in the engine: one row per call (a later start event for the same call replaces
// its row), the session's list taken on joining, rows dropped when a call ends, is refused, or its
// engine crashed, and a refused cancel named as such.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from './store';
import { withWaiting } from './calls';
import { createFakeClient, record, session, type FakeClient } from '../test/fake-client';
import type { CallStarted } from '../../../shared/contract';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

const waitingCall = (callId: string, patch: Partial<CallStarted> = {}): CallStarted => ({ callId, index: 0, call: 'BIO_accept_ex', c: 'BIO_accept_ex(l, NULL, 0)', sock: 'l', waiting: 'readiness', startedAt: 1, ...patch });

async function started(client: FakeClient): Promise<WorkbenchStore> {
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  await settle();
  return store;
}

describe('waiting calls', () => {
  it('starts with no call waiting, none of its own pending, and no record of its own', () => {
    expect(createWorkbenchStore(createFakeClient(), { flushMs: 0, refreshMs: 0 }).getState()).toMatchObject({ waiting: [], ownPending: 0, lastOwnRecord: null });
  });

  it('shows the calls the session says wait when the page joins it', async () => {
    const store = await started(createFakeClient(session({ waiting: [waitingCall('a'), waitingCall('b')] })));
    expect(store.getState().waiting.map((w) => w.callId)).toEqual(['a', 'b']);
  });

  it('keeps one row per call, in the order they started, updated in place', async () => {
    const client = createFakeClient();
    const store = await started(client);
    expect(store.getState().waiting).toEqual([]);
    client.emit('callStarted', waitingCall('a'));
    client.emit('callStarted', waitingCall('b'));
    client.emit('callStarted', waitingCall('a', { waiting: 'pool' }));
    await settle();
    expect(store.getState().waiting.map((w) => [w.callId, w.waiting])).toEqual([
      ['a', 'pool'],
      ['b', 'readiness'],
    ]);
    expect(withWaiting([waitingCall('x')], waitingCall('y')).map((w) => w.callId)).toEqual(['x', 'y']);
  });

  it('keeps waiting calls when the engine reports anything but a crash', async () => {
    const client = createFakeClient();
    const store = await started(client);
    client.emit('callStarted', waitingCall('a'));
    client.emit('engine', { state: 'running', message: 'the engine is running' });
    await settle();
    expect(store.getState().waiting).toHaveLength(1);
  });

  it("drops a call's row when its request was refused, and names the call in the refusal", async () => {
    const client = createFakeClient();
    let refuse: (e: unknown) => void = () => undefined;
    client.answer('call', () => new Promise((_resolve, reject) => (refuse = reject)));
    const store = await started(client);
    const running = store.getState().runStep({ call: 'BIO_accept_ex', sock: 'l' });
    expect(store.getState().ownPending).toBe(1);
    const callId = (client.requests.find((r) => r.method === 'call')!.input as { callId: string }).callId;
    client.emit('callStarted', waitingCall(callId));
    client.emit('callStarted', waitingCall('other'));
    await settle();
    expect(store.getState().waiting).toHaveLength(2);
    refuse({ code: 'engine-unavailable', field: null, message: 'the engine crashed' });
    expect(await running).toBeNull();
    expect(store.getState().waiting.map((w) => w.callId)).toEqual(['other']);
    expect(store.getState().refusal?.what).toBe('BIO_accept_ex');
    expect(store.getState().ownPending).toBe(0);
  });

  it('names a refused cancel as a cancel', async () => {
    const client = createFakeClient();
    client.answer('cancel', () => {
      throw { code: 'invalid-request', field: 'callId', message: 'callId: no such call' };
    });
    const store = await started(client);
    await store.getState().cancel('gone');
    expect(store.getState().refusal).toEqual({ what: 'cancel', error: { code: 'invalid-request', field: 'callId', message: 'callId: no such call' } });
    expect(store.getState().lastOwnRecord).toBeNull();
    client.answer('call', () => record());
    await store.getState().runStep({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    // An answered call clears the refusal shown.
    expect(store.getState().refusal).toBeNull();
  });
});
