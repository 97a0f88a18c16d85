// Taking the live log home: every entry fetched page by page, saved as JSON lines or rebuilt as a
// lesson; a refused page or a log no step can be rebuilt from is shown, naming the export.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore } from './store';
import { createFakeClient, record, session } from '../test/fake-client';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

function hostWith(total: number) {
  const client = createFakeClient(session({ logTotal: total }));
  client.answer('log', ({ offset, limit }) => ({
    total,
    entries: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => record({ index: offset + i, call: 'BIO_socket', c: `s${offset + i} = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)`, args: { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM', as: `s${offset + i}` }, ret: 3 })),
  }));
  const saved: { name: string; text: string; type: string }[] = [];
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0, saveFile: (name, text, type) => saved.push({ name, text, type }) });
  stops.push(store.getState().start());
  return { client, store, saved };
}

describe('log export', () => {
  it('saves every entry as one JSON line, fetched in pages of 10,000', async () => {
    const { client, store, saved } = hostWith(10_001);
    await settle();
    await store.getState().exportLog('jsonl');
    const pages = client.requests.filter((r) => r.method === 'log' && (r.input as { limit: number }).limit === 10_000).map((r) => r.input);
    expect(pages).toEqual([{ offset: 0, limit: 10_000 }, { offset: 10_000, limit: 10_000 }]);
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toMatch(/^bio-workbench-session-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.jsonl$/);
    expect(saved[0].type).toBe('application/jsonl');
    const lines = saved[0].text.split('\n');
    expect(lines).toHaveLength(10_002);
    expect(lines.at(-1)).toBe('');
    expect(JSON.parse(lines[10_000]).index).toBe(10_000);
    expect(store.getState()).toMatchObject({ exporting: null, exportError: null, lastExport: { kind: 'jsonl', file: saved[0].name, entries: 10_001, steps: null, leftOut: 0 } });
  });

  it('rebuilds the log as a lesson file, and says how many steps it wrote', async () => {
    const { store, saved } = hostWith(2);
    await settle();
    await store.getState().exportLog('lesson');
    expect(store.getState().exportError).toBeNull();
    expect(saved[0].name).toMatch(/\.lesson\.json$/);
    expect(saved[0].type).toBe('application/json');
    expect(saved[0].text.endsWith('\n')).toBe(true);
    const lesson = JSON.parse(saved[0].text);
    expect(lesson.title).toMatch(/^A lesson from the session of /);
    expect(lesson.steps).toHaveLength(2);
    expect(store.getState().lastExport).toMatchObject({ kind: 'lesson', entries: 2, steps: 2, leftOut: 0 });
  });

  it('shows a refused page as an error of that export, saves nothing, and is ready again', async () => {
    const { client, store, saved } = hostWith(3);
    await settle();
    client.answer('log', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the host is restarting' };
    });
    await store.getState().exportLog('jsonl');
    expect(saved).toEqual([]);
    expect(store.getState().exportError).toMatchObject({ what: 'the JSON lines export' });
    expect(store.getState().exporting).toBeNull();
    await store.getState().exportLog('lesson');
    expect(store.getState().exportError).toMatchObject({ what: 'the lesson export' });
  });

  it('refuses a lesson from a log with no step it can rebuild, saying why', async () => {
    const { store, saved } = hostWith(0);
    await settle();
    await store.getState().exportLog('lesson');
    expect(saved).toEqual([]);
    expect(store.getState().exportError?.error.message).toBe('none of the 0 entries could be rebuilt as a step');
  });
});

describe('log export, bounds and overlap', () => {
  const socketRecord = (index: number) => record({ index, c: `c${index}` });

  it('asks for a log of exactly one page once, and takes a log that grew since the page last knew it, asking no page past the length its first page gave', async () => {
    let total = 10_000;
    const client = createFakeClient(session({ logTotal: 3 }));
    client.answer('log', ({ offset, limit }) => {
      return { total, entries: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => socketRecord(offset + i)) };
    });
    const saved: string[] = [];
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0, saveFile: (_name, text) => saved.push(text) });
    stops.push(store.getState().start());
    await settle();
    const pages = () => client.requests.filter((r) => r.method === 'log' && (r.input as { limit: number }).limit === 10_000).map((r) => (r.input as { offset: number }).offset);
    await store.getState().exportLog('jsonl');
    expect(pages()).toEqual([0]);
    expect(store.getState().lastExport?.entries).toBe(10_000);
    // The page knew 3 entries; the host has 10,001 when the export starts, and more while it runs.
    client.answer('log', ({ offset, limit }) => {
      total = offset === 0 ? 10_001 : 30_000;
      return { total, entries: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => socketRecord(offset + i)) };
    });
    await store.getState().exportLog('jsonl');
    expect(pages()).toEqual([0, 0, 10_000]);
    expect(store.getState().lastExport?.entries).toBe(20_000);
  });

  it('runs one export at a time, shown while it runs, and clears the last error when another starts', async () => {
    const { client, store, saved } = hostWith(2);
    await settle();
    client.answer('log', () => {
      throw { code: 'internal', field: null, message: 'disk' };
    });
    await store.getState().exportLog('jsonl');
    expect(store.getState().exportError).not.toBeNull();
    let answer: () => void = () => undefined;
    client.answer('log', () => new Promise((resolve) => (answer = () => resolve({ total: 1, entries: [record({ c: 'one' })] }))));
    const running = store.getState().exportLog('jsonl');
    expect(store.getState()).toMatchObject({ exporting: 'jsonl', exportError: null });
    await store.getState().exportLog('lesson');
    answer();
    await running;
    expect(client.requests.filter((r) => r.method === 'log' && (r.input as { limit: number }).limit === 10_000)).toHaveLength(2);
    expect(saved).toHaveLength(1);
  });

  it('says why the first entry could not become a step when none could', async () => {
    const client = createFakeClient(session({ logTotal: 1 }));
    client.answer('log', () => ({ total: 1, entries: [record({ c: 'refused', refused: 'invalid-input' })] }));
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
    stops.push(store.getState().start());
    await settle();
    await store.getState().exportLog('lesson');
    expect(store.getState().exportError?.error.message).toBe('none of the 1 entries could be rebuilt as a step (the first: refused before the call (invalid-input): nothing reached libcrypto)');
  });
});

