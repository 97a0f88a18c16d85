// The sockets slice's page-side state: which rows show their TCP details, and no refresh asked
// while the page is hidden (a background tab costs the engine nothing).
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore } from './store';
import { createFakeClient, session, snapshot } from '../test/fake-client';

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
