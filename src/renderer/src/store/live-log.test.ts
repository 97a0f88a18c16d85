// The live log on (re)joining a session: the tail's reads filed at their log positions, an empty log
// asked nothing, a refused tail or a refused selected entry shown as a refusal (a refused chunk is
// asked again when scrolled to, silently), and a log of the same length kept as it is.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from './store';
import { createFakeClient, record, session, type FakeClient } from '../test/fake-client';
import { LOG_CHUNK } from './log-index';
import type { CallRecord } from '../../../shared/record';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};
const asked = (client: FakeClient, method: string) => client.requests.filter((r) => r.method === method).length;

async function started(client: FakeClient): Promise<WorkbenchStore> {
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  await settle();
  return store;
}

const read = (position: number, hex: string): CallRecord => record({ call: 'BIO_read', c: `read${position}()`, ret: hex.length / 2, data: { hex }, args: { call: 'BIO_read', sock: 'a1' } });

describe('live log on joining', () => {
  it("files the tail's reads at their log positions and shows the newest entry", async () => {
    const total = LOG_CHUNK + 3;
    const client = createFakeClient(session({ logTotal: total }));
    client.answer('log', ({ offset, limit }) => ({ total, entries: Array.from({ length: limit }, (_, i) => read(offset + i, '41')) }));
    const store = await started(client);
    const positions = store.getState().data.received.a1.map((c) => c.position);
    // The last 100 reads of the socket are kept.
    expect(positions).toEqual(Array.from({ length: 100 }, (_, i) => total - 100 + i));
    expect(store.getState().latest?.c).toBe(`read${total - 1}()`);
    expect(store.getState().live.version).toBeGreaterThan(0);
  });

  it('asks nothing of an empty log, and shows no latest entry when the tail came back empty', async () => {
    const empty = createFakeClient(session({ logTotal: 0 }));
    const store = await started(empty);
    expect(asked(empty, 'log')).toBe(0);
    expect(store.getState().latest).toBeNull();
    const client = createFakeClient(session({ logTotal: 4 }));
    client.answer('log', () => ({ total: 4, entries: [] }));
    const other = await started(client);
    expect(asked(client, 'log')).toBe(1);
    expect(other.getState().latest).toBeNull();
  });

  it('shows a refused tail as a refusal of the log', async () => {
    const client = createFakeClient(session({ logTotal: 4 }));
    client.answer('log', () => {
      throw { code: 'internal', field: null, message: 'the log file is gone' };
    });
    const store = await started(client);
    expect(store.getState().refusal).toEqual({ what: 'log', error: { code: 'internal', field: null, message: 'the log file is gone' } });
    expect(store.getState().latest).toBeNull();
  });

  it('keeps the log and the bytes read when a resync finds it the same length', async () => {
    const client = createFakeClient(session({ logTotal: 2 }));
    client.answer('log', ({ offset, limit }) => ({ total: 2, entries: Array.from({ length: limit }, (_, i) => read(offset + i, '42')) }));
    const store = await started(client);
    expect(store.getState().data.received.a1).toHaveLength(2);
    const log = store.getState().live.log;
    await store.getState().sync();
    await settle();
    expect(store.getState().live.log).toBe(log);
    expect(store.getState().data.received.a1).toHaveLength(2);
  });

  it('clears the bytes read when the host restarted with a shorter log', async () => {
    let total = 2;
    const client = createFakeClient(session({ logTotal: 2 }));
    client.answer('session', () => session({ logTotal: total }));
    client.answer('log', ({ offset, limit }) => ({ total, entries: Array.from({ length: Math.min(limit, total - offset) }, (_, i) => record({ c: `new${offset + i}()` })) }));
    const store = await started(client);
    client.answer('log', ({ offset, limit }) => ({ total, entries: Array.from({ length: Math.min(limit, total - offset) }, (_, i) => (total === 2 ? read(offset + i, '43') : record({ c: `new${offset + i}()` }))) }));
    await store.getState().sync();
    await settle();
    expect(store.getState().data.received.a1).toHaveLength(2);
    total = 1;
    await store.getState().sync();
    await settle();
    expect(store.getState().data.received).toEqual({});
  });

  it('shows a refused selected entry as a refusal of the log, but not a refused chunk', async () => {
    const total = 3 * LOG_CHUNK;
    const client = createFakeClient(session({ logTotal: total }));
    client.answer('log', ({ offset, limit }) => {
      if (offset < 2 * LOG_CHUNK) throw { code: 'internal', field: null, message: `no entries at ${offset}` };
      return { total, entries: Array.from({ length: limit }, (_, i) => record({ c: `c${offset + i}()` })) };
    });
    const store = await started(client);
    store.getState().ensureLogLoaded(0, 10);
    await settle();
    expect(store.getState().refusal).toBeNull();
    store.getState().selectLog(LOG_CHUNK + 1);
    await settle();
    expect(store.getState().refusal).toEqual({ what: 'log', error: { code: 'internal', field: null, message: `no entries at ${LOG_CHUNK + 1}` } });
  });
});
