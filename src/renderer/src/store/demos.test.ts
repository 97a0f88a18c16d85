// The Demos slice against a fake host: listing, stepping with expectations, the running flag,
// refusals stopping Run all, and Reset closing only what the demo itself left open.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from './store';
import { socketsOpenedBy } from './demos';
import { createFakeClient, record, session, snapshot, type FakeClient } from '../test/fake-client';
import { demoOf, fakeDemoHost, INVALID_DEMO, REFUSED_CONNECT_DEMO } from '../test/fake-demo-host';
import { refusals } from '../../../shared/refusals';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

async function started(client: FakeClient): Promise<WorkbenchStore> {
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  await settle();
  return store;
}

const callRequests = (client: FakeClient) => client.requests.filter((r) => r.method === 'call').map((r) => r.input as { step: { call: string; sock?: string; addr?: string }; callId: string });

describe('demos slice', () => {
  it('lists the demos once when first shown, and will not select an invalid one', async () => {
    const client = createFakeClient();
    fakeDemoHost(client, [REFUSED_CONNECT_DEMO, INVALID_DEMO]);
    const store = await started(client);
    store.getState().showDemos();
    await settle();
    store.getState().hideDemos();
    store.getState().showDemos();
    await settle();
    expect(client.requests.filter((r) => r.method === 'demos')).toHaveLength(1);
    expect(store.getState().demos.list?.map((d) => d.id)).toEqual(['refused-connect', 'broken']);
    await store.getState().selectDemo('broken');
    expect(store.getState().demos.selectedId).toBeNull();
  });

  it('steps through a demo as ordinary calls, keeping each record with its expectation', async () => {
    const client = createFakeClient();
    fakeDemoHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listDemos();
    await store.getState().selectDemo('refused-connect');
    expect(store.getState().demos.records).toEqual([null, null, null, null, null, null]);

    for (let i = 0; i < 5; i++) await store.getState().runDemoStep();
    const d = store.getState().demos;
    expect(d.next).toBe(5);
    expect(d.running).toBe(false);
    const connect = d.records[4]!;
    expect(connect.errno?.name).toBe('ECONNREFUSED');
    expect(connect.expect).toEqual({ ok: true, mismatches: [] });
    // {l.port} was filled from the listener's bound port.
    expect(callRequests(client)[4].step.addr).toBe('127.0.0.1:40001');
    // The calls run under this page's demo ids, and the error stack shows the latest.
    expect(callRequests(client).map((r) => r.callId)).toEqual([0, 1, 2, 3, 4].map((i) => expect.stringMatching(new RegExp(`^demo-\\w+-1-${i}$`))));
    expect(store.getState().latest?.errorQueue).toHaveLength(2);
    expect(store.getState().sockets.map((s) => s.name)).toEqual(['c']);

    await store.getState().runDemoAll();
    expect(store.getState().demos.next).toBe(6);
    expect(store.getState().demos.records[5]?.expect?.ok).toBe(true);
    // Done: more steps are not run.
    await store.getState().runDemoStep();
    expect(callRequests(client)).toHaveLength(6);
  });

  it('is running while a step waits, and Reset cancels it and closes what the demo opened', async () => {
    const client = createFakeClient();
    const host = fakeDemoHost(client, [
      demoOf('accept', 'A blocking accept', [
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
      ]),
    ]);
    host.hold.add('BIO_accept_ex');
    const store = await started(client);
    await store.getState().listDemos();
    await store.getState().selectDemo('accept');
    const all = store.getState().runDemoAll();
    await settle();
    expect(store.getState().demos).toMatchObject({ running: true, runningStep: 2, next: 2 });
    // Running: another run is not started meanwhile.
    await store.getState().runDemoStep();
    expect(callRequests(client)).toHaveLength(3);

    await store.getState().resetDemo();
    await all;
    const cancels = client.requests.filter((r) => r.method === 'cancel').map((r) => r.input);
    expect(cancels).toContainEqual({ callId: callRequests(client)[2].callId });
    const d = store.getState().demos;
    expect(d).toMatchObject({ running: false, resetting: false, next: 0, runningStep: null });
    expect(d.records).toEqual([null, null, null]);
    expect(d.lastReset).toEqual({ title: 'A blocking accept', names: ['l', 'a'], closed: [{ name: 'l', fd: 20 }], failed: [] });
    expect(callRequests(client).at(-1)?.step).toEqual({ call: 'BIO_closesocket', sock: 'l' });
    expect(host.sockets.size).toBe(0);
  });

  it("never closes the person's own socket, and Run all stops at a step refused for its name", async () => {
    const client = createFakeClient();
    const own = snapshot({ fd: 30, name: 'c', role: 'new' });
    const host = fakeDemoHost(client, [REFUSED_CONNECT_DEMO], [own]);
    const store = await started(client);
    await store.getState().listDemos();
    await store.getState().selectDemo('refused-connect');
    await store.getState().runDemoAll();
    const d = store.getState().demos;
    expect(d.next).toBe(4);
    expect(d.records[3]?.refused).toBe(refusals.nameInUse('c', 30));

    await store.getState().resetDemo();
    expect(store.getState().demos.lastReset).toMatchObject({ names: ['l', 'c'], closed: [], failed: [] });
    expect(callRequests(client).filter((r) => r.step.call === 'BIO_closesocket').map((r) => r.step.sock)).toEqual(['l']);
    expect(host.sockets.get('c')).toBe(own);
  });

  it('leaves a socket the person closed and opened again under the same name', async () => {
    const client = createFakeClient();
    const host = fakeDemoHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listDemos();
    await store.getState().selectDemo('refused-connect');
    for (let i = 0; i < 4; i++) await store.getState().runDemoStep();
    expect(host.sockets.get('c')?.fd).toBe(21);
    // Closed by hand, then a socket of the person's own takes the name c.
    const theirs = snapshot({ fd: 40, name: 'c', role: 'new' });
    host.sockets.set('c', theirs);
    await store.getState().resetDemo();
    expect(store.getState().demos.lastReset).toMatchObject({ closed: [], failed: [] });
    expect(host.sockets.get('c')).toBe(theirs);
  });

  it('fills {tmp} from the session, and resets the previous demo before another is picked', async () => {
    const client = createFakeClient(session({ tmpDir: '/tmp/bio-session-x' }));
    fakeDemoHost(client, [
      demoOf('unix', 'A unix socket', [
        { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'u', addr: 'unix:{tmp}/s' },
      ]),
      REFUSED_CONNECT_DEMO,
    ]);
    const store = await started(client);
    await store.getState().listDemos();
    await store.getState().selectDemo('unix');
    await store.getState().runDemoAll();
    expect(callRequests(client)[1].step.addr).toBe('unix:/tmp/bio-session-x/s');
    await store.getState().selectDemo('refused-connect');
    expect(store.getState().demos.selectedId).toBe('refused-connect');
    expect(store.getState().demos.lastReset).toMatchObject({ title: 'A unix socket', closed: [{ name: 'u', fd: 20 }] });
    // A fresh run: its call ids do not repeat the first run's.
    await store.getState().runDemoStep();
    expect(callRequests(client).at(-1)?.callId).toMatch(/^demo-\w+-3-0$/);
  });

  it('shows a refused demos list with the method named', async () => {
    const client = createFakeClient();
    client.answer('demos', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the session has ended' };
    });
    const store = await started(client);
    await store.getState().listDemos();
    expect(store.getState().demos.error).toEqual({ what: 'demos', error: { code: 'engine-unavailable', field: null, message: 'the session has ended' } });
  });
});

describe('socketsOpenedBy', () => {
  it('keeps the last fd per name, forgets closed and refused ones, and ignores names the demo does not give', () => {
    const recs = [
      record({ socket: snapshot({ fd: 20, name: 'l', role: 'new' }) }),
      record({ socket: snapshot({ fd: 20, name: 'l', role: 'closed' }) }),
      record({ socket: snapshot({ fd: 20, name: 'c', role: 'new' }) }),
      record({ refused: 'in use', socket: snapshot({ fd: 31, name: 'x', role: 'new' }) }),
      record({ socket: snapshot({ fd: 33, name: 'mine', role: 'new' }) }),
      null,
    ];
    expect([...socketsOpenedBy(recs, ['l', 'c', 'x'])]).toEqual([['c', 20]]);
  });
});
