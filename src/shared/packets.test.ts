import { describe, expect, it } from 'vitest';
import { packetLine, packetsBySteps, type WirePacket } from './packets';

function tcp(atUs: number, flags: string): WirePacket {
  return { atUs, proto: 'tcp', from: '127.0.0.1:40000', to: '127.0.0.1:5000', flags, seq: 1, ack: 0, len: 0, ports: [40000, 5000] };
}

// Steps start at 1_000_000, 1_000_500 and 1_090_000 us; the second's call begins 100 us in and lasts 50 us.
const steps = [
  { startedAt: 1000, startedAtUs: 1_000_000, durationUs: 20 },
  { startedAt: 1000, startedAtUs: 1_000_500, calledAtUs: 1_000_600, durationUs: 50 },
  { startedAt: 1090, startedAtUs: 1_090_000, durationUs: 30 },
];

describe('packetsBySteps', () => {
  it("ties each packet to the step in whose span it falls, its time relative to that step's start", () => {
    const by = packetsBySteps(steps, [tcp(1_000_640, 'SYN'), tcp(1_000_650, 'RST,ACK'), tcp(1_000_100, 'ACK'), tcp(1_095_000, 'FIN,ACK')]);
    expect(by[0].map((p) => [p.t, p.flags])).toEqual([[100, 'ACK']]);
    expect(by[1].map((p) => [p.t, p.flags])).toEqual([[140, 'SYN'], [150, 'RST,ACK']]);
    expect(by[2].map((p) => [p.t, p.flags])).toEqual([[5000, 'FIN,ACK']]);
  });

  it('a packet on the boundary belongs to the step starting there; one before the first step is left out', () => {
    const by = packetsBySteps(steps, [tcp(1_000_500, 'SYN'), tcp(999_999, 'ACK')]);
    expect(by.map((b) => b.length)).toEqual([0, 1, 0]);
  });

  it('a packet sent well after the call returned says so in note; one during the call has none', () => {
    const by = packetsBySteps(steps, [tcp(1_000_640, 'SYN'), tcp(1_041_000, 'ACK')]);
    expect(by[1][0].note).toBeNull();
    expect(by[1][1].note).toMatch(/^sent 40\.350 ms after the call returned: by the kernel on its own \(a delayed ACK/);
  });

  it('a packet seen during a wait says the wait did not send it', () => {
    const by = packetsBySteps([{ startedAt: 2000, startedAtUs: 2_000_000, calledAtUs: 2_000_000, durationUs: 42_000, call: 'wait' }], [tcp(2_041_000, 'ACK')]);
    expect(by[0][0].note).toMatch(/^sent while this step waited \(wait sends nothing\): by the kernel on its own \(a delayed ACK, a held segment/);
  });

  it('data sent again in the same direction is a retransmission, also across the 2^32 wrap', () => {
    const seg = (atUs: number, seq: number): WirePacket => ({ ...tcp(atUs, 'PSH,ACK'), seq, len: 4 });
    const by = packetsBySteps([{ startedAt: 1000, startedAtUs: 1_000_000, durationUs: 10_000 }], [seg(1_000_001, 0xfffffffe), seg(1_000_002, 2), seg(1_000_003, 0xfffffffe), seg(1_000_004, 6)]);
    expect(by[0].map((p) => p.note?.startsWith('a retransmission') ?? false)).toEqual([false, false, true, false]);
  });

  it('falls back to the millisecond start when a record has no startedAtUs', () => {
    const by = packetsBySteps([{ startedAt: 2000, durationUs: 0 }], [tcp(2_000_250, 'SYN')]);
    expect(by[0][0].t).toBe(250);
  });
});

describe('packetLine', () => {
  it('reads like a trace line: time, direction, flags, numbers, and the ICMP report', () => {
    expect(packetLine({ t: 52, proto: 'tcp', from: 'a:1', to: 'b:2', flags: 'SYN', seq: 7, ack: 0, len: 0, note: null })).toBe('+0.052 ms  a:1 > b:2  TCP SYN seq 7 ack 0 len 0');
    const icmp = { type: 3, code: 3, text: 'port unreachable', reports: '127.0.0.1:9' };
    expect(packetLine({ t: 1500, proto: 'icmp', from: '127.0.0.1', to: '127.0.0.1', flags: '', seq: null, ack: null, len: 35, note: 'late', icmp })).toBe(
      '+1.500 ms  127.0.0.1 > 127.0.0.1  ICMP port unreachable (about 127.0.0.1:9)  [late]',
    );
  });
});
