// The page's capture: switched on or off by any page and seen by every page, each call's packets
// kept by call id, the latest call's ladder, and a saved pcap handed to the person as its bytes.
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureState } from '../../../shared/contract';
import type { PacketRecord } from '../../../shared/packets';
import { createFakeClient, session } from '../test/fake-client';
import { withPackets } from './capture';
import { createWorkbenchStore } from './store';

const SYN: PacketRecord = { t: 1, proto: 'tcp', from: '127.0.0.1:40000', to: '127.0.0.1:5000', flags: 'SYN', seq: 1, ack: 0, len: 0, note: null };

describe('withPackets', () => {
  it("replaces a call's packets with the fuller list the host tells next", () => {
    const once = withPackets({}, 'c1', [SYN]);
    const twice = withPackets(once, 'c1', [SYN, { ...SYN, flags: 'RST,ACK' }]);
    expect(twice.c1.map((p) => p.flags)).toEqual(['SYN', 'RST,ACK']);
    expect(once.c1).toHaveLength(1);
  });

  it('keeps the newest calls up to its limit, dropping the oldest first', () => {
    let kept: Record<string, PacketRecord[]> = {};
    for (let i = 0; i < 7; i++) kept = withPackets(kept, `c${i}`, [SYN], 5);
    expect(Object.keys(kept)).toEqual(['c2', 'c3', 'c4', 'c5', 'c6']);
    // A call told again keeps its place.
    expect(Object.keys(withPackets(kept, 'c4', [SYN, SYN], 5))).toEqual(['c2', 'c3', 'c4', 'c5', 'c6']);
  });
});

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

/** A request answered when the test says, so the state in between can be read. */
function held<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const ON: CaptureState = { on: true, unavailable: null, packets: 0 };
const REFUSED = { code: 'engine-unavailable', field: null, message: 'tcpdump is not installed' } as const;

async function started(capture: CaptureState = { on: false, unavailable: null, packets: 0 }) {
  const client = createFakeClient(session({ capture }));
  const saves: { name: string; bytes: Uint8Array; type: string }[] = [];
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0, saveBytes: (name, bytes, type) => saves.push({ name, bytes, type }) });
  stops.push(store.getState().start());
  await settle();
  return { client, store, saves, capture: () => store.getState().capture };
}

describe('capture slice', () => {
  it('starts off, idle, with no packets, no latest call and nothing saved', () => {
    const store = createWorkbenchStore(createFakeClient(), { flushMs: 0, refreshMs: 0 });
    expect(store.getState().capture).toEqual({ state: { on: false, unavailable: null, packets: 0 }, switching: false, packets: {}, latestCallId: null, saving: false, saved: null, error: null });
  });

  it("takes the session's capture state when it joins, and each change any page makes", async () => {
    const { client, capture } = await started({ on: true, unavailable: null, packets: 12 });
    expect(capture().state).toEqual({ on: true, unavailable: null, packets: 12 });
    client.emit('capture', { on: false, unavailable: 'tcpdump is not installed', packets: 0 });
    expect(capture().state).toEqual({ on: false, unavailable: 'tcpdump is not installed', packets: 0 });
  });

  it("keeps each call's packets by call id and follows the latest finished call", async () => {
    const { client, capture } = await started();
    client.emit('packets', { callId: 'c1', packets: [SYN] });
    client.emit('packets', { callId: 'c2', packets: [SYN, { ...SYN, flags: 'SYN,ACK' }] });
    expect(capture().packets.c1).toEqual([SYN]);
    expect(capture().packets.c2.map((p) => p.flags)).toEqual(['SYN', 'SYN,ACK']);
    client.emit('callFinished', { callId: 'c2', position: 4 });
    expect(capture().latestCallId).toBe('c2');
  });

  it('switches capture on: busy while the host answers, then its state', async () => {
    const { client, store, capture } = await started();
    const answer = held<CaptureState>();
    client.answer('capture', () => answer.promise);
    const done = store.getState().setCapture(true);
    expect(capture().switching).toBe(true);
    expect(client.requests.at(-1)).toEqual({ method: 'capture', input: { on: true } });
    answer.resolve(ON);
    await done;
    expect(capture()).toMatchObject({ state: ON, switching: false, error: null });
  });

  it("shows why the host refused to switch, keeps the old state, and clears the reason on the next try", async () => {
    const { client, store, capture } = await started();
    client.answer('capture', () => Promise.reject(REFUSED));
    await store.getState().setCapture(true);
    expect(capture()).toMatchObject({ state: { on: false }, switching: false, error: { what: 'capture', error: REFUSED } });
    const answer = held<CaptureState>();
    client.answer('capture', () => answer.promise);
    const again = store.getState().setCapture(true);
    expect(capture().error).toBeNull();
    answer.resolve(ON);
    await again;
    expect(capture().state).toEqual(ON);
  });

  it('saves the pcap as its decoded bytes under a dated name, once at a time, and says how many packets', async () => {
    const { client, store, saves, capture } = await started(ON);
    const answer = held<{ pcap: string; packets: number }>();
    client.answer('savedCapture', () => answer.promise);
    const first = store.getState().saveCapture();
    expect(capture().saving).toBe(true);
    // A second press while the first is saving asks nothing.
    await store.getState().saveCapture();
    expect(client.requests.filter((r) => r.method === 'savedCapture')).toHaveLength(1);
    // Bytes past 0x7f and a zero byte come through whole.
    answer.resolve({ pcap: btoa(String.fromCharCode(0xd4, 0xc3, 0xb2, 0xa1, 0x00, 0x7f)), packets: 3 });
    await first;
    expect(saves).toHaveLength(1);
    expect(saves[0].name).toMatch(/^bio-workbench-capture-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.pcap$/);
    expect([...saves[0].bytes]).toEqual([0xd4, 0xc3, 0xb2, 0xa1, 0x00, 0x7f]);
    expect(saves[0].type).toBe('application/vnd.tcpdump.pcap');
    expect(capture()).toMatchObject({ saving: false, saved: { file: saves[0].name, packets: 3 }, error: null });
  });

  it('shows why saving failed, saves nothing, and clears the reason on the next try', async () => {
    const { client, store, saves, capture } = await started(ON);
    client.answer('savedCapture', () => Promise.reject(REFUSED));
    await store.getState().saveCapture();
    expect(saves).toHaveLength(0);
    expect(capture()).toMatchObject({ saving: false, saved: null, error: { what: 'savedCapture', error: REFUSED } });
    const answer = held<{ pcap: string; packets: number }>();
    client.answer('savedCapture', () => answer.promise);
    const again = store.getState().saveCapture();
    expect(capture().error).toBeNull();
    answer.resolve({ pcap: '', packets: 0 });
    await again;
    expect(saves).toHaveLength(1);
    expect([...saves[0].bytes]).toEqual([]);
  });
});
