import { describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../../shared/packets';
import type { CallRecord } from '../../../shared/record';
import { groupPackets, ladderOf, msText } from './packet-ladder';

const C = '127.0.0.1:48160';
const S = '127.0.0.1:56547';
const tcp = (t: number, from: string, to: string, flags: string, len = 0, note: string | null = null): PacketRecord => ({ t, proto: 'tcp', from, to, flags, seq: 1, ack: 1, len, note });
const rec = (startedAtUs: number) => ({ startedAtUs, startedAt: Math.floor(startedAtUs / 1000) }) as CallRecord;

describe('ladderOf', () => {
  it('puts the SYN sender on the left and gives each packet its direction, flags, length and time', () => {
    const m = ladderOf([tcp(185_349, C, S, 'SYN'), tcp(185_359, S, C, 'RST,ACK')].map((packet) => ({ packet, shiftUs: 0 })));
    expect([m.client, m.server]).toEqual([C, S]);
    expect(m.rungs.map((r) => r.text)).toEqual(['at +185.349 ms: client to server, SYN, len 0', 'at +185.359 ms: server to client, RST,ACK, len 0']);
  });

  it('finds the client by its SYN even when the server speaks first in the list', () => {
    const m = ladderOf([tcp(10, S, C, 'SYN,ACK'), tcp(5, C, S, 'SYN')].map((packet) => ({ packet, shiftUs: 0 })));
    expect(m.client).toBe(C);
    expect(m.rungs.map((r) => r.toServer)).toEqual([false, true]);
  });

  it('sends ICMP back from the side whose closed port it reports', () => {
    const udp: PacketRecord = { t: 1, proto: 'udp', from: C, to: S, flags: '', seq: null, ack: null, len: 5, note: null };
    const icmp: PacketRecord = { t: 2, proto: 'icmp', from: '127.0.0.1', to: '127.0.0.1', flags: '', seq: null, ack: null, len: 0, note: null, icmp: { type: 3, code: 3, text: 'port unreachable', reports: S } };
    const m = ladderOf([udp, icmp].map((packet) => ({ packet, shiftUs: 0 })));
    expect(m.rungs.map((r) => [r.toServer, r.what])).toEqual([
      [true, 'UDP'],
      [false, 'ICMP port unreachable'],
    ]);
  });

  it('says why a packet came after its call returned', () => {
    const m = ladderOf([{ packet: tcp(40_000, C, S, 'PSH,ACK', 4, 'sent while this step waited'), shiftUs: 0 }]);
    expect(m.rungs[0].text).toBe('at +40.000 ms: client to server, PSH,ACK, len 4 (sent while this step waited)');
  });
});

describe('groupPackets', () => {
  it("times a group's packets from its first step's start", () => {
    const records = [rec(1_796_542_081_576_729), rec(1_796_542_081_577_236), rec(1_796_542_081_584_484)];
    const packets = [[tcp(200, C, S, 'PSH,ACK', 4)], undefined, [tcp(33_723, C, S, 'PSH,ACK', 4)]];
    const m = ladderOf(groupPackets(records, packets));
    expect(m.rungs.map((r) => msText(r.t))).toEqual(['+0.200 ms', '+41.478 ms']);
  });
});
