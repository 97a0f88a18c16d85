// Events batched per flush: what is queued when the page stops listening is dropped, and an answer
// that lands after it stopped changes nothing and throws nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkbenchStore } from './store';
import { createFakeClient, record } from '../test/fake-client';

afterEach(() => {
  vi.useRealTimers();
});

describe('event batch', () => {
  it('drops what is queued when the page stops, and applies nothing after', async () => {
    vi.useFakeTimers();
    const client = createFakeClient();
    let answer: (r: ReturnType<typeof record>) => void = () => undefined;
    client.answer('call', () => new Promise((resolve) => (answer = resolve)));
    const store = createWorkbenchStore(client, { flushMs: 50, refreshMs: 0 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(60);
    const call = store.getState().runStep({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    client.emit('log', { position: 0, record: record({ c: 'queued()' }) });
    stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().live.total).toBe(0);
    expect(store.getState().latest).toBeNull();
    answer(record({ c: 'late()' }));
    await call;
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().lastOwnRecord?.c).toBe('late()');
    expect(store.getState().live.total).toBe(0);
  });
});
