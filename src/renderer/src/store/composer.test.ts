// The composer's Run and Look up: the name a socket call gets, the fields a call's answer changes,
// and the BIO_lookup_ex asked for the composer's address as the call itself would look it up.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from './store';
import { createFakeClient, record, session, snapshot, type FakeClient } from '../test/fake-client';
import type { CallRecord, SocketSnapshot } from '../../../shared/record';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

async function started(sockets: SocketSnapshot[] = []): Promise<{ client: FakeClient; store: WorkbenchStore; steps: () => Record<string, unknown>[] }> {
  const client = createFakeClient(session({ sockets }));
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  await settle();
  const steps = () => client.requests.filter((r) => r.method === 'call').map((r) => (r.input as { step: Record<string, unknown> }).step);
  return { client, store, steps };
}

const made = (fd: number, name: string, patch: Partial<CallRecord> = {}) => record({ ret: fd, socket: snapshot({ fd, name, role: 'new', local: null, state: 'CLOSE' }), ...patch });

describe('composer Run', () => {
  it('names a socket call left blank (or only spaces), keeps a typed name, and makes the new socket the one later calls use', async () => {
    const { client, store, steps } = await started();
    client.answer('call', ({ step }) => made(20, (step as { as: string }).as));
    store.getState().setComposer({ as: '   ' });
    await store.getState().runComposer();
    expect(steps()[0].as).toBe('s1');
    expect(store.getState().composer.sock).toBe('s1');
    expect(store.getState().composer.as.trim()).toBe('');
    store.getState().setComposer({ as: 'mine' });
    await store.getState().runComposer();
    expect(steps()[1].as).toBe('mine');
    expect(store.getState().composer).toMatchObject({ as: '', sock: 'mine' });
  });

  it('keeps the name for editing when the socket was not made, or was renamed while the call ran', async () => {
    const { client, store } = await started();
    client.answer('call', () => record({ ret: null, cancelled: 'Reset' }));
    store.getState().setComposer({ as: 'mine' });
    await store.getState().runComposer();
    expect(store.getState().composer.as).toBe('mine');

    let answer: (r: CallRecord) => void = () => undefined;
    client.answer('call', () => new Promise<CallRecord>((resolve) => (answer = resolve)));
    const running = store.getState().runComposer();
    await settle();
    store.getState().setComposer({ as: 'other' });
    answer(made(21, 'mine'));
    await running;
    expect(store.getState().composer).toMatchObject({ as: 'other', sock: 'mine' });
  });

  it('frees the name after a socket call that returned fd 0', async () => {
    const { client, store } = await started();
    client.answer('call', () => made(0, 'zero'));
    store.getState().setComposer({ as: 'zero' });
    await store.getState().runComposer();
    expect(store.getState().composer).toMatchObject({ as: '', sock: 'zero' });
  });

  it('answers null for a refused call and leaves every field as typed', async () => {
    const { client, store } = await started();
    client.answer('call', () => {
      throw { code: 'invalid-request', field: 'step.as', message: 'step.as: taken' };
    });
    store.getState().setComposer({ as: 'mine', sock: 'x' });
    const before = store.getState().composer;
    await expect(store.getState().runComposer()).resolves.toBeNull();
    expect(store.getState().composer).toBe(before);
  });

  it('leaves the composer as it was (no new render) after a call that changes no field', async () => {
    const { client, store } = await started([snapshot({ fd: 20, name: 'c', role: 'client' })]);
    client.answer('call', () => record({ call: 'BIO_connect', ret: 0, errno: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' } }));
    store.getState().chooseCall('BIO_connect', { sock: 'c', addr: '127.0.0.1:1' });
    const before = store.getState().composer;
    await store.getState().runComposer();
    expect(store.getState().composer).toBe(before);
  });
});

describe('composer Look up', () => {
  const sockets = [
    snapshot({ fd: 20, name: 'u', family: 'AF_UNIX', type: 'SOCK_DGRAM', role: 'new' }),
    snapshot({ fd: 21, name: 'c', family: 'AF_INET', type: 'SOCK_STREAM', role: 'new' }),
  ];

  it('looks up as a client for connect, as a server for bind, in the family and type of the named socket', async () => {
    const { client, store, steps } = await started(sockets);
    client.answer('call', () => record({ call: 'BIO_lookup_ex', addresses: [{ family: 'AF_INET', address: '127.0.0.1:80', used: false }] }));
    store.getState().chooseCall('BIO_connect', { sock: 'c', addr: 'localhost:80' });
    await store.getState().lookup();
    store.getState().chooseCall('BIO_bind', { sock: 'u', addr: 'unix:/tmp/x.sock' });
    await store.getState().lookup();
    store.getState().chooseCall('BIO_connect', { sock: 'gone', addr: 'localhost:81' });
    await store.getState().lookup();
    expect(steps()).toEqual([
      { call: 'BIO_lookup_ex', addr: 'localhost:80', lookupType: 'BIO_LOOKUP_CLIENT', family: 'AF_UNSPEC', socktype: 'SOCK_STREAM' },
      { call: 'BIO_lookup_ex', addr: 'unix:/tmp/x.sock', lookupType: 'BIO_LOOKUP_SERVER', family: 'AF_UNIX', socktype: 'SOCK_DGRAM' },
      { call: 'BIO_lookup_ex', addr: 'localhost:81', lookupType: 'BIO_LOOKUP_CLIENT', family: 'AF_UNSPEC', socktype: 'SOCK_STREAM' },
    ]);
    expect(store.getState().candidates).toEqual([{ family: 'AF_INET', address: '127.0.0.1:80', used: false }]);
    expect(store.getState().candidatesFor).toBe('localhost:81');
  });

  it('runs BIO_lookup_ex itself with the fields typed for it', async () => {
    const { client, store, steps } = await started(sockets);
    client.answer('call', () => record({ call: 'BIO_lookup_ex' }));
    store.getState().chooseCall('BIO_lookup_ex', { sock: 'u', addr: 'localhost:443', lookupType: 'BIO_LOOKUP_SERVER', family: 'AF_INET6', socktype: 'SOCK_DGRAM' });
    await store.getState().lookup();
    expect(steps()).toEqual([{ call: 'BIO_lookup_ex', addr: 'localhost:443', lookupType: 'BIO_LOOKUP_SERVER', family: 'AF_INET6', socktype: 'SOCK_DGRAM' }]);
    // A lookup that found nothing: no candidates, for that address.
    expect(store.getState().candidates).toEqual([]);
    expect(store.getState().candidatesFor).toBe('localhost:443');
  });

  it('keeps the earlier candidates when the lookup was refused', async () => {
    const { client, store } = await started(sockets);
    client.answer('call', () => record({ call: 'BIO_lookup_ex', addresses: [{ family: 'AF_INET', address: '127.0.0.1:80', used: false }] }));
    store.getState().chooseCall('BIO_connect', { sock: 'c', addr: 'localhost:80' });
    await store.getState().lookup();
    client.answer('call', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the engine is restarting' };
    });
    await expect(store.getState().lookup()).resolves.toBeUndefined();
    expect(store.getState().candidates).toHaveLength(1);
    expect(store.getState().candidatesFor).toBe('localhost:80');
  });
});

describe('composer chooseCall', () => {
  const bio = (name: string) => ({ name, type: 'BIO_s_connect', fd: -1, chain: ['BIO_s_connect'], ownedBy: null });
  const tls = (name: string) => ({ name, over: null, ctx: null, tls: { name, sslError: null, verify: null, version: null, cipher: null, alpn: null, peer: null, state: 'before SSL initialization', handshakeDone: false } });

  async function withObjects(objects = { bios: [bio('cb1'), bio('cb2')], ssls: [tls('tls1'), tls('tls2')], ctxs: [{ name: 'ctx1', server: false }, { name: 'ctx2', server: true }] }) {
    const client = createFakeClient(session({ objects }));
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
    stops.push(store.getState().start());
    await settle();
    return store;
  }

  it('names the newest BIO, TLS connection or context when the field names none or one that is gone', async () => {
    const store = await withObjects();
    store.getState().chooseCall('BIO_do_connect');
    expect(store.getState().composer.bio).toBe('cb2');
    store.getState().chooseCall('SSL_connect', { ssl: 'gone' });
    store.getState().chooseCall('SSL_connect');
    expect(store.getState().composer.ssl).toBe('tls2');
    store.getState().chooseCall('SSL_CTX_free');
    expect(store.getState().composer.ctx).toBe('ctx2');
  });

  it('keeps one that exists, typed with spaces around it too', async () => {
    const store = await withObjects();
    store.getState().setComposer({ bio: ' cb1 ', ssl: 'tls1', ctx: 'ctx1' });
    store.getState().chooseCall('BIO_do_connect');
    store.getState().chooseCall('SSL_new', { over: 'bio' });
    expect(store.getState().composer).toMatchObject({ bio: ' cb1 ', ctx: 'ctx1' });
    store.getState().chooseCall('SSL_read');
    expect(store.getState().composer.ssl).toBe('tls1');
  });

  it('fills only the fields the call takes, and nothing when there is no object of that kind', async () => {
    const store = await withObjects();
    store.getState().chooseCall('SSL_connect');
    expect(store.getState().composer).toMatchObject({ call: 'SSL_connect', bio: '', ctx: '', ssl: 'tls2' });
    const empty = await withObjects({ bios: [], ssls: [], ctxs: [] });
    empty.getState().chooseCall('BIO_free');
    expect(empty.getState().composer.bio).toBe('');
  });
});
