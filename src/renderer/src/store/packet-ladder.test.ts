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

  it('without a SYN takes the sender of the first TCP or UDP packet as the client, past ICMP before it', () => {
    const notice: PacketRecord = { t: 1, proto: 'icmp', from: '127.0.0.1', to: '127.0.0.1', flags: '', seq: null, ack: null, len: 0, note: null, icmp: { type: 5, code: 1, text: 'type 5 code 1', reports: null } };
    const data = tcp(2, C, S, 'PSH,ACK', 4);
    const tcpLadder = ladderOf([notice, data, tcp(3, S, C, 'ACK')].map((packet) => ({ packet, shiftUs: 0 })));
    expect([tcpLadder.client, tcpLadder.server]).toEqual([C, S]);
    expect(tcpLadder.rungs.slice(1).map((r) => r.toServer)).toEqual([true, false]);
    const udp: PacketRecord = { ...data, proto: 'udp', flags: '', seq: null, ack: null };
    const udpLadder = ladderOf([notice, udp].map((packet) => ({ packet, shiftUs: 0 })));
    expect([udpLadder.client, udpLadder.server]).toEqual([C, S]);
  });

  it('draws an ICMP message alone from the side it reports on, and an empty list with no sides', () => {
    const icmp: PacketRecord = { t: 2, proto: 'icmp', from: '127.0.0.1', to: '127.0.0.1', flags: '', seq: null, ack: null, len: 0, note: null, icmp: { type: 3, code: 3, text: 'port unreachable', reports: S } };
    const m = ladderOf([{ packet: icmp, shiftUs: 0 }]);
    expect([m.client, m.server]).toEqual(['127.0.0.1', S]);
    expect(m.rungs[0].text).toBe('at +0.002 ms: server to client, ICMP port unreachable, len 0');
    const unaddressed = ladderOf([{ packet: { ...icmp, icmp: { ...icmp.icmp!, reports: null } }, shiftUs: 0 }]);
    expect([unaddressed.client, unaddressed.server]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(ladderOf([])).toEqual({ client: '', server: '', rungs: [] });
  });

  it("sends ICMP about the client's port toward the server, and ICMP about a third address back", () => {
    const icmp = (reports: string): PacketRecord => ({ t: 3, proto: 'icmp', from: '127.0.0.1', to: '127.0.0.1', flags: '', seq: null, ack: null, len: 0, note: null, icmp: { type: 3, code: 3, text: 'port unreachable', reports } });
    const m = ladderOf([tcp(1, C, S, 'SYN'), icmp(C), icmp('127.0.0.1:9')].map((packet) => ({ packet, shiftUs: 0 })));
    expect(m.rungs.map((r) => r.toServer)).toEqual([true, true, false]);
  });

  it("tells a packet's direction by both ends when client and server share a port number on different hosts", () => {
    const client = '127.0.0.2:5555';
    const server = '127.0.0.1:5555';
    const m = ladderOf(
      [
        tcp(1, client, server, 'SYN'),
        tcp(2, server, client, 'SYN,ACK'),
        // A second client on the same port number, to the same server.
        tcp(3, '127.0.0.3:5555', server, 'SYN'),
        // The client's socket sending elsewhere, and another host writing to it.
        tcp(4, client, '127.0.0.9:5555', 'PSH,ACK', 1),
        tcp(5, '127.0.0.9:7000', client, 'PSH,ACK', 1),
      ].map((packet) => ({ packet, shiftUs: 0 })),
    );
    expect(m.rungs.map((r) => r.toServer)).toEqual([true, false, true, true, false]);
  });

  it("places another connection's packets by the server's port: from that port is toward the client", () => {
    const m = ladderOf(
      [tcp(1, C, S, 'SYN'), tcp(2, '127.0.0.1:40000', '127.0.0.1:6000', 'SYN'), tcp(3, '127.0.0.5:56547', '127.0.0.1:40000', 'SYN,ACK')].map((packet) => ({ packet, shiftUs: 0 })),
    );
    expect(m.rungs.map((r) => r.toServer)).toEqual([true, true, false]);
  });

  it('names a TCP packet without flags', () => {
    expect(ladderOf([{ packet: tcp(0, C, S, ''), shiftUs: 0 }]).rungs[0].what).toBe('no flags');
  });

  it('says why a packet came after its call returned', () => {
    const m = ladderOf([{ packet: tcp(40_000, C, S, 'PSH,ACK', 4, 'sent while this step waited'), shiftUs: 0 }]);
    expect(m.rungs[0].text).toBe('at +40.000 ms: client to server, PSH,ACK, len 4 (sent while this step waited)');
  });
});

describe('msText', () => {
  it('marks a time at or after the start with a plus and one before it (clock skew) with its minus alone', () => {
    expect(msText(0)).toBe('+0.000 ms');
    expect(msText(1500)).toBe('+1.500 ms');
    expect(msText(-5)).toBe('-0.005 ms');
  });
});

describe('groupPackets', () => {
  it("times a group's packets from its first step's start", () => {
    const records = [rec(1_796_542_081_576_729), rec(1_796_542_081_577_236), rec(1_796_542_081_584_484)];
    const packets = [[tcp(200, C, S, 'PSH,ACK', 4)], undefined, [tcp(33_723, C, S, 'PSH,ACK', 4)]];
    const m = ladderOf(groupPackets(records, packets));
    expect(m.rungs.map((r) => msText(r.t))).toEqual(['+0.200 ms', '+41.478 ms']);
  });

  it('times from the first step that ran, skips steps that did not, and reads milliseconds when no microseconds were kept', () => {
    const ms = (startedAt: number) => ({ startedAt }) as CallRecord;
    const records = [null, ms(1_796_542_081_576), null, ms(1_796_542_081_580)];
    const packets = [[tcp(1, C, S, 'SYN')], [tcp(200, C, S, 'SYN')], [tcp(2, C, S, 'SYN')], [tcp(300, S, C, 'SYN,ACK')]];
    expect(groupPackets(records, packets).map((x) => [x.packet.t, x.shiftUs])).toEqual([
      [200, 0],
      [300, 4000],
    ]);
    expect(groupPackets([null, null], packets)).toEqual([]);
  });
});
