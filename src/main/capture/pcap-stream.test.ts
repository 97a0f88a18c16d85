import { describe, expect, it } from 'vitest';
import { PcapStreamReader, pcapFile, type PcapFrame } from './pcap-stream';
import { decodeFrame } from './decode';

const frames: PcapFrame[] = [
  { atUs: 1_796_534_685_131_962, data: Buffer.from('0001020304', 'hex') },
  { atUs: 1_796_534_685_132_000, data: Buffer.alloc(0) },
  { atUs: 1_796_534_686_000_001, data: Buffer.alloc(300, 7) },
];

function readAll(chunks: Buffer[]): { frames: PcapFrame[]; linkType: number | undefined } {
  const got: PcapFrame[] = [];
  const reader = new PcapStreamReader((f) => got.push(f));
  for (const c of chunks) reader.push(c);
  return { frames: got, linkType: reader.header?.linkType };
}

describe('PcapStreamReader', () => {
  it('reads back what pcapFile wrote, however the pipe cuts it (here: one byte at a time)', () => {
    const file = pcapFile(113, frames);
    const bytes = Array.from(file, (b) => Buffer.from([b]));
    expect(readAll(bytes)).toEqual({ frames, linkType: 113 });
    expect(readAll([file])).toEqual({ frames, linkType: 113 });
  });

  it('reads a big-endian file with nanosecond times', () => {
    const head = Buffer.alloc(24);
    head.writeUInt32BE(0xa1b23c4d, 0);
    head.writeUInt32BE(1, 20);
    const rec = Buffer.alloc(16);
    rec.writeUInt32BE(10, 0);
    rec.writeUInt32BE(123_456_789, 4);
    rec.writeUInt32BE(2, 8);
    rec.writeUInt32BE(2, 12);
    expect(readAll([head, rec, Buffer.from('abcd', 'hex')]).frames).toEqual([{ atUs: 10_123_457, data: Buffer.from('abcd', 'hex') }]);
  });

  it('refuses pcapng, saying which format to ask for', () => {
    expect(() => readAll([Buffer.from('0a0d0d0a' + '00'.repeat(20), 'hex')])).toThrow(/pcapng is not read; ask dumpcap for -P/);
  });
});

function ipv6(next: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = next;
  h[23] = 1; // ::1
  h[39] = 1;
  return Buffer.concat([h, payload]);
}

describe('decodeFrame', () => {
  it('an ICMPv6 port unreachable over IPv6 (raw IP link) names the address and port it reports', () => {
    const udp = Buffer.from('9c40' + '15b3' + '000c' + '0000' + '61626364', 'hex');
    const icmp = Buffer.concat([Buffer.from('01040000' + '00000000', 'hex'), ipv6(17, udp)]);
    const p = decodeFrame({ atUs: 5, data: ipv6(58, icmp) }, 101);
    expect(p).toMatchObject({ proto: 'icmp6', from: '::1', to: '::1', icmp: { type: 1, code: 4, text: 'port unreachable', reports: '[::1]:5555' }, ports: [40000, 5555] });
  });

  it('a TCP segment over IPv6 on the Linux cooked link: bracketed addresses, flags, numbers, payload length', () => {
    const tcp = Buffer.alloc(24);
    tcp.writeUInt16BE(40000, 0);
    tcp.writeUInt16BE(443, 2);
    tcp.writeUInt32BE(0xfffffffe, 4);
    tcp.writeUInt32BE(9, 8);
    tcp[12] = 5 << 4;
    tcp[13] = 0x18;
    const sll = Buffer.alloc(16);
    sll.writeUInt16BE(0x86dd, 14);
    expect(decodeFrame({ atUs: 5, data: Buffer.concat([sll, ipv6(6, tcp)]) }, 113)).toMatchObject({ proto: 'tcp', from: '[::1]:40000', to: '[::1]:443', flags: 'PSH,ACK', seq: 0xfffffffe, ack: 9, len: 4 });
  });

  it('a frame that is not IP is not a packet', () => {
    const arp = Buffer.alloc(42);
    arp.writeUInt16BE(0x0806, 12);
    expect(decodeFrame({ atUs: 5, data: arp }, 1)).toBeNull();
  });
});
