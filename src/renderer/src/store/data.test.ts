// The data pane's loops and checks: hex that is not bytes stopped beside the field, a loop's byte
// count and chunk as typed, loops in flight from progress events, and the bytes reads returned,
// filed per socket in log order (a loop's first and last bytes, each byte once).
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from './store';
import { withReceived, withoutTransfer } from './data';
import { createFakeClient, record, snapshot, type FakeClient } from '../test/fake-client';
import type { BulkSummary, CallRecord } from '../../../shared/record';
import { DEFAULT_CHUNK } from '../../../shared/steps';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

async function started(answer: (step: Record<string, unknown>) => CallRecord): Promise<{ client: FakeClient; store: WorkbenchStore; steps: () => unknown[] }> {
  const client = createFakeClient();
  client.answer('call', (input) => answer(input.step as Record<string, unknown>));
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  await settle();
  const steps = () => client.requests.filter((r) => r.method === 'call').map((r) => (r.input as { step: unknown }).step);
  return { client, store, steps };
}

const summary = (patch: Partial<BulkSummary> = {}): BulkSummary =>
  ({ direction: 'write', bytes: 1024, requested: 1024, chunk: 512, calls: 2, partial: 0, eagain: 0, durationUs: 10, first: '', last: '', ...patch }) as BulkSummary;
const loop = (patch: Partial<CallRecord> = {}) => record({ call: 'BIO_write', c: 'BIO_write loop', ret: 1024, bulk: summary(), ...patch });

describe('data pane checks', () => {
  it('stops hex that is not bytes beside the field, sends nothing, and forgets the problem once the text or format changes', async () => {
    const { store, steps } = await started(() => loop());
    store.getState().setData({ sock: 'c', format: 'hex', payload: 'é 0g' });
    await store.getState().send();
    expect(store.getState().data.payloadError).toBe(
      'Data to send (hex): expected hex digits, 0-9 and a-f, two per byte (spaces between pairs are fine); character 1, "é", is not a hex digit. Choose Text to send it as text.',
    );
    store.getState().setData({ payload: '0a 0g' });
    await store.getState().sendBulk();
    expect(store.getState().data.payloadError).toMatch(/; character 5, "g", is not a hex digit\./);
    store.getState().setData({ payload: '0a 1' });
    await store.getState().send();
    expect(store.getState().data.payloadError).toBe('Data to send (hex): expected two hex digits per byte; 3 digits leave the last byte half written (write 0a, not a).');
    // Another field changed: the problem still stands.
    store.getState().setData({ sock: 'd' });
    expect(store.getState().data.payloadError).not.toBeNull();
    // The text changed: the problem was about the old text.
    store.getState().setData({ payload: '0a 1b' });
    expect(store.getState().data.payloadError).toBeNull();
    store.getState().setData({ payload: '0a 1' });
    await store.getState().send();
    expect(store.getState().data.payloadError).not.toBeNull();
    store.getState().setData({ format: 'text' });
    expect(store.getState().data.payloadError).toBeNull();
    expect(steps()).toEqual([]);
    // As text, the same characters are bytes to send.
    await store.getState().send();
    expect(steps()).toEqual([{ call: 'BIO_write', sock: 'd', data: '0a 1' }]);
    expect(store.getState().data.payloadError).toBeNull();
  });

  it('reads at most the typed count, 4096 when it is not a number, on the row it was asked for', async () => {
    const { store, steps } = await started(() => record({ call: 'BIO_read', ret: 0 }));
    store.getState().setData({ sock: 'a', max: '16' });
    await store.getState().read();
    store.getState().setData({ max: 'lots' });
    await store.getState().read('b');
    expect(steps()).toEqual([
      { call: 'BIO_read', sock: 'a', max: 16 },
      { call: 'BIO_read', sock: 'b', max: 4096 },
    ]);
  });
});

describe('data pane writes', () => {
  it('counts what went by the return when the record does not say, and keeps nothing when nothing is left', async () => {
    const answers = [
      record({ call: 'BIO_write', ret: 3, result: { unsent: { hex: '2121' } } }),
      record({ call: 'BIO_write', ret: 2, result: { sent: 2, unsent: { hex: '' } } }),
    ];
    const { store } = await started(() => answers.shift()!);
    store.getState().setData({ sock: 'c', payload: 'hey!!' });
    await store.getState().send();
    expect(store.getState().data.unsent).toEqual({ sock: 'c', sent: 3, bytes: { hex: '2121' } });
    await store.getState().sendUnsent();
    expect(store.getState().data.unsent).toBeNull();
  });
});

describe('data pane loops', () => {
  it('starts with a megabyte in chunks of the default size', async () => {
    const { store } = await started(() => loop());
    expect(store.getState().data).toMatchObject({ sock: '', format: 'text', payload: '', max: '4096', bulkBytes: '1048576', chunk: String(DEFAULT_CHUNK), unsent: null, payloadError: null, received: {} });
    expect(store.getState().lastBulk).toBeNull();
    expect(store.getState().transfers).toEqual({});
  });

  it('sends a loop of the typed count and chunk (separators allowed), hex without spaces, and shows its summary', async () => {
    const { store, steps } = await started(() => loop());
    store.getState().setData({ sock: 'c', payload: 'ab', bulkBytes: '1 048_576', chunk: '16,384' });
    await store.getState().sendBulk();
    store.getState().setData({ format: 'hex', payload: '61 62', bulkBytes: '   ', chunk: 'big' });
    await store.getState().sendBulk();
    expect(steps()).toEqual([
      { call: 'BIO_write', sock: 'c', bytes: 1048576, chunk: 16384, data: 'ab' },
      { call: 'BIO_write', sock: 'c', bytes: undefined, chunk: undefined, dataHex: '6162' },
    ]);
    expect(store.getState().lastBulk).toEqual({ sock: 'c', summary: summary(), cancelled: null, refused: null });
  });

  it('reads a loop of the typed count, or until end of file, and keeps why a loop was cut short', async () => {
    const answers = [loop({ call: 'BIO_read', bulk: summary({ direction: 'read' }) }), loop({ call: 'BIO_read', bulk: undefined, cancelled: 'Reset' })];
    const { store, steps } = await started(() => answers.shift()!);
    store.getState().setData({ sock: 'a', bulkBytes: '2048', chunk: '1024' });
    await store.getState().readBulk(false);
    expect(store.getState().lastBulk?.summary?.direction).toBe('read');
    await store.getState().readBulk(true);
    expect(steps()).toEqual([
      { call: 'BIO_read', sock: 'a', bytes: 2048, chunk: 1024 },
      { call: 'BIO_read', sock: 'a', until: 'eof', chunk: 1024 },
    ]);
    expect(store.getState().lastBulk).toEqual({ sock: 'a', summary: null, cancelled: 'Reset', refused: null });
  });

  it('keeps the last loop shown when the host refused the next request', async () => {
    const { client, store } = await started(() => loop());
    store.getState().setData({ sock: 'c', payload: 'x' });
    await store.getState().sendBulk();
    client.answer('call', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the engine is restarting' };
    });
    await store.getState().sendBulk();
    await store.getState().readBulk(true);
    expect(store.getState().lastBulk?.summary).toEqual(summary());
  });

  it('shows loops in flight from their progress, drops each when it finishes, and all when the engine crashed', async () => {
    const { client, store } = await started(() => loop());
    const progress = (callId: string, bytes: number) => ({ callId, direction: 'write' as const, bytes, requested: 4096, calls: 1 });
    client.emit('callProgress', progress('a', 100));
    client.emit('callProgress', progress('b', 5));
    client.emit('callProgress', progress('a', 200));
    await settle();
    expect(store.getState().transfers).toEqual({ a: progress('a', 200), b: progress('b', 5) });
    client.emit('callFinished', { callId: 'a', position: 0 });
    client.emit('callFinished', { callId: 'zzz', position: 1 });
    await settle();
    expect(store.getState().transfers).toEqual({ b: progress('b', 5) });
    client.emit('engine', { state: 'running', message: 'the engine is running' });
    await settle();
    expect(Object.keys(store.getState().transfers)).toEqual(['b']);
    client.emit('engine', { state: 'crashed', message: 'killed', lostSockets: 0 });
    await settle();
    expect(store.getState().transfers).toEqual({});
    expect(withoutTransfer({ x: progress('x', 1) }, 'y')).toEqual({ x: progress('x', 1) });
  });
});

describe('bytes read, per socket', () => {
  const read = (hex: string, patch: Partial<CallRecord> = {}) => record({ call: 'BIO_read', ret: hex.length / 2, data: { hex }, args: { call: 'BIO_read', sock: 'a1' }, ...patch });
  const bulkRead = (bytes: number, first: string, last: string, direction: 'read' | 'write' = 'read') =>
    record({ call: 'BIO_read', ret: bytes, args: { call: 'BIO_read', sock: 'a1' }, bulk: summary({ direction, bytes, first, last }) });

  it('files one read under its socket by name (else fd, else the name it was asked by), in log order, once per position', () => {
    let r = withReceived({}, 5, read('6869'));
    r = withReceived(r, 2, read('6f6b'));
    // A position filed again (the log tail read once more) replaces its chunk, in log order.
    expect(r.a1.map((c) => c.position)).toEqual([2, 5]);
    r = withReceived(r, 9, read('7a7a'));
    r = withReceived(r, 5, read('7878'));
    r = withReceived(r, 3, read('7979'));
    expect(r.a1.map((c) => c.position)).toEqual([2, 3, 5, 9]);
    r = { a1: r.a1.filter((c) => c.position !== 3 && c.position !== 9) };
    expect(r.a1.map((c) => [c.position, c.text, c.hex, c.bytes])).toEqual([
      [2, 'ok', '6f6b', 2],
      [5, 'xx', '7878', 2],
    ]);
    expect(r.a1[0]).toMatchObject({ elided: 0, tailText: '', tailHex: '' });
    expect(Object.keys(withReceived({}, 1, read('41', { socket: snapshot({ fd: 9, name: null }) })))).toEqual(['9']);
    expect(Object.keys(withReceived({}, 1, read('41', { socket: snapshot({ fd: 9, name: 'srv' }) })))).toEqual(['srv']);
    expect(Object.keys(withReceived({}, 1, read('41', { args: { call: 'BIO_read' } })))).toEqual(['?']);
  });

  it('files nothing for a read that returned no bytes, a write, or a write loop', () => {
    const none = {};
    expect(withReceived(none, 1, read('', { ret: 0 }))).toBe(none);
    expect(withReceived(none, 1, read('41', { ret: -1 }))).toBe(none);
    expect(withReceived(none, 1, read('41', { ret: null }))).toBe(none);
    expect(withReceived(none, 1, read('41', { data: undefined }))).toBe(none);
    expect(withReceived(none, 1, read('41', { call: 'BIO_write' }))).toBe(none);
    expect(withReceived(none, 1, bulkRead(4, '41424344', '41424344', 'write'))).toBe(none);
    expect(withReceived(none, 1, bulkRead(0, '', ''))).toBe(none);
  });

  it('keeps the last 100 reads of a socket', () => {
    let r = {};
    for (let i = 0; i < 105; i++) r = withReceived(r, i, read('41'));
    const kept = (r as Record<string, { position: number }[]>).a1;
    expect(kept).toHaveLength(100);
    expect(kept[0].position).toBe(5);
  });

  it("shows a read loop's first and last bytes, each byte once, and how many between them are not shown", () => {
    // 6 bytes: first and last overlap by 2 (first 4, last 4).
    expect(withReceived({}, 1, bulkRead(6, '61626364', '63646566')).a1[0]).toEqual({
      position: 1,
      bytes: 6,
      text: 'abcd',
      hex: '61626364',
      elided: 0,
      tailText: 'ef',
      tailHex: '6566',
    });
    // 10 bytes: 2 between the first 4 and the last 4.
    expect(withReceived({}, 1, bulkRead(10, '61626364', '67686970')).a1[0]).toMatchObject({ elided: 2, tailHex: '67686970', tailText: 'ghip' });
    // Fewer bytes than the first part holds: the tail is empty.
    expect(withReceived({}, 1, bulkRead(2, '6162', '6162')).a1[0]).toMatchObject({ bytes: 2, hex: '6162', elided: 0, tailHex: '', tailText: '' });
  });
});
