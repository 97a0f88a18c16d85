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

describe('packetsBySteps, each packet as the step shows it', () => {
  const one = [{ startedAt: 1000, startedAtUs: 1_000_000, durationUs: 100 }];

  it('carries what the wire said, and an ICMP report only where there was one', () => {
    const icmp = { type: 3, code: 3, text: 'port unreachable', reports: '127.0.0.1:9' };
    const by = packetsBySteps(one, [
      { atUs: 1_000_010, proto: 'udp', from: '127.0.0.1:5', to: '127.0.0.1:9', flags: '', seq: null, ack: null, len: 3, ports: [5, 9] },
      { atUs: 1_000_020, proto: 'icmp', from: '127.0.0.1', to: '127.0.0.1', flags: '', seq: null, ack: null, len: 31, icmp, ports: [9] },
      { ...tcp(1_000_030, 'PSH,ACK'), seq: 100, ack: 200, len: 5 },
    ]);
    expect(by[0]).toEqual([
      { t: 10, proto: 'udp', from: '127.0.0.1:5', to: '127.0.0.1:9', flags: '', seq: null, ack: null, len: 3, note: null },
      { t: 20, proto: 'icmp', from: '127.0.0.1', to: '127.0.0.1', flags: '', seq: null, ack: null, len: 31, note: null, icmp },
      { t: 30, proto: 'tcp', from: '127.0.0.1:40000', to: '127.0.0.1:5000', flags: 'PSH,ACK', seq: 100, ack: 200, len: 5, note: null },
    ]);
    expect('icmp' in by[0][0]).toBe(false);
  });

  it('a packet up to a millisecond after the call returned is still the call\'s own', () => {
    const by = packetsBySteps(one, [tcp(1_001_100, 'ACK'), tcp(1_001_101, 'ACK')]);
    expect(by[0].map((p) => p.note)).toEqual([null, 'sent 1.001 ms after the call returned: by the kernel on its own (a delayed ACK, a retransmission, a keepalive) or by the peer']);
  });

  it('an await sends nothing either', () => {
    const by = packetsBySteps([{ ...one[0], call: 'await' }], [tcp(1_000_001, 'ACK')]);
    expect(by[0][0].note).toBe('sent while this step waited (await sends nothing): by the kernel on its own (a delayed ACK, a held segment leaving once ACKed, a keepalive), a background call, or the peer');
    expect(packetsBySteps([{ ...one[0], call: 'BIO_write' }], [tcp(1_000_001, 'ACK')])[0][0].note).toBeNull();
  });

  it('orders packets by capture time within a step', () => {
    const by = packetsBySteps(one, [tcp(1_000_050, 'ACK'), tcp(1_000_010, 'SYN'), tcp(1_000_030, 'SYN,ACK')]);
    expect(by[0].map((p) => p.flags)).toEqual(['SYN', 'SYN,ACK', 'ACK']);
  });

  it('a retransmission is data again in the same direction: not ACKs, not the other direction, not new bytes, not UDP', () => {
    const seg = (atUs: number, seq: number, len: number, from = '127.0.0.1:40000', to = '127.0.0.1:5000'): WirePacket => ({ ...tcp(atUs, 'PSH,ACK'), from, to, seq, len });
    const wide = [{ startedAt: 1000, startedAtUs: 1_000_000, durationUs: 10_000 }];
    const again = (packets: WirePacket[]) => packetsBySteps(wide, packets)[0].map((p) => p.note === 'a retransmission: these bytes were sent before and not acknowledged in time');
    expect(again([seg(1_000_001, 1, 0), seg(1_000_002, 1, 0)])).toEqual([false, false]);
    expect(again([seg(1_000_001, 1, 4), seg(1_000_002, 1, 4, '127.0.0.1:5000', '127.0.0.1:40000')])).toEqual([false, false]);
    expect(again([seg(1_000_001, 1, 4), seg(1_000_002, 1, 5)])).toEqual([false, false]);
    expect(again([seg(1_000_001, 1, 4), seg(1_000_002, 2, 3)])).toEqual([false, true]);
    expect(again([{ ...seg(1_000_001, 1, 4), seq: null }, { ...seg(1_000_002, 1, 4), seq: null }])).toEqual([false, false]);
    const udp = (atUs: number): WirePacket => ({ ...seg(atUs, 1, 4), proto: 'udp' });
    expect(again([udp(1_000_001), udp(1_000_002)])).toEqual([false, false]);
  });

  it('data seen before the first step still makes its resending a retransmission', () => {
    const seg = (atUs: number): WirePacket => ({ ...tcp(atUs, 'PSH,ACK'), seq: 1, len: 4 });
    const by = packetsBySteps([{ startedAt: 1000, startedAtUs: 1_000_000, durationUs: 10 }], [seg(999_000), seg(1_000_001)]);
    expect(by[0].map((p) => p.note?.startsWith('a retransmission'))).toEqual([true]);
  });

  it('gives no packets to no steps', () => {
    expect(packetsBySteps([], [tcp(1, 'SYN')])).toEqual([]);
  });
});

describe('packetLine, each protocol', () => {
  it('writes a UDP datagram\'s length, a TCP segment without flags as -, and an ICMP report about nothing in particular', () => {
    expect(packetLine({ t: -3, proto: 'udp', from: 'a:1', to: 'b:2', flags: '', seq: null, ack: null, len: 12, note: null })).toBe('+-0.003 ms  a:1 > b:2  UDP len 12');
    expect(packetLine({ t: 1000, proto: 'tcp', from: 'a:1', to: 'b:2', flags: '', seq: 5, ack: 6, len: 7, note: 'n' })).toBe('+1.000 ms  a:1 > b:2  TCP - seq 5 ack 6 len 7  [n]');
    expect(packetLine({ t: 0, proto: 'icmp6', from: '::1', to: '::1', flags: '', seq: null, ack: null, len: 0, note: null, icmp: { type: 1, code: 4, text: 'port unreachable', reports: null } })).toBe(
      '+0.000 ms  ::1 > ::1  ICMP6 port unreachable',
    );
  });
});
