// The filter text for each kind of socket, exactly (packet-filters.test runs such filters against
// real captures): a connection both ways, a listener's own end, IPv6 and IPv4-mapped addresses,
// the interface (lo only when both ends are loopback), and why a socket has none.
import { describe, expect, it } from 'vitest';
import { packetFilters } from './packet-filters';
import type { SocketSnapshot } from './record';

type Shape = Pick<SocketSnapshot, 'family' | 'type' | 'role' | 'local' | 'peer' | 'name' | 'fd'>;
const tcp = (patch: Partial<Shape>): Shape => ({ family: 'AF_INET', type: 'SOCK_STREAM', role: 'client', local: null, peer: null, name: 'c', fd: 7, ...patch });

describe('packetFilters', () => {
  it('takes a connection both ways, on lo when both ends are loopback', () => {
    expect(packetFilters(tcp({ local: '127.0.0.1:40000', peer: '127.0.0.1:4433' }))).toEqual({
      wireshark: '(ip.src == 127.0.0.1 && tcp.srcport == 40000 && ip.dst == 127.0.0.1 && tcp.dstport == 4433) || (ip.src == 127.0.0.1 && tcp.srcport == 4433 && ip.dst == 127.0.0.1 && tcp.dstport == 40000)',
      tcpdump: "tcpdump -i lo -n 'tcp and ((src host 127.0.0.1 and src port 40000 and dst host 127.0.0.1 and dst port 4433) or (src host 127.0.0.1 and src port 4433 and dst host 127.0.0.1 and dst port 40000))'",
    });
    expect(packetFilters(tcp({ type: 'SOCK_DGRAM', local: '[::1]:5000', peer: '[2001:db8::1]:53' }))).toEqual({
      wireshark: '(ipv6.src == ::1 && udp.srcport == 5000 && ipv6.dst == 2001:db8::1 && udp.dstport == 53) || (ipv6.src == 2001:db8::1 && udp.srcport == 53 && ipv6.dst == ::1 && udp.dstport == 5000)',
      tcpdump: "tcpdump -i any -n 'udp and ((src host ::1 and src port 5000 and dst host 2001:db8::1 and dst port 53) or (src host 2001:db8::1 and src port 53 and dst host ::1 and dst port 5000))'",
    });
  });

  it('takes a listener\'s own end only (its peer is not one), and a wildcard address by port alone', () => {
    expect(packetFilters(tcp({ role: 'listener', local: '127.0.0.1:4433', peer: '127.0.0.1:1' }))).toEqual({ wireshark: 'ip.addr == 127.0.0.1 && tcp.port == 4433', tcpdump: "tcpdump -i lo -n 'tcp and host 127.0.0.1 and port 4433'" });
    expect(packetFilters(tcp({ role: 'listener', local: '0.0.0.0:4433' }))).toEqual({ wireshark: 'tcp.port == 4433', tcpdump: "tcpdump -i any -n 'tcp and port 4433'" });
    expect(packetFilters(tcp({ role: 'listener', local: '[::]:4433' }))).toEqual({ wireshark: 'tcp.port == 4433', tcpdump: "tcpdump -i any -n 'tcp and port 4433'" });
    expect(packetFilters(tcp({ role: 'bound', local: '[::1]:9' }))).toEqual({ wireshark: 'ipv6.addr == ::1 && tcp.port == 9', tcpdump: "tcpdump -i lo -n 'tcp and host ::1 and port 9'" });
  });

  it('filters an IPv4-mapped IPv6 address as the IPv4 address it travels as', () => {
    expect(packetFilters(tcp({ family: 'AF_INET6', local: '[::FFFF:127.0.0.1]:40000', peer: '[::ffff:127.0.0.2]:80' }))).toEqual({
      wireshark: '(ip.src == 127.0.0.1 && tcp.srcport == 40000 && ip.dst == 127.0.0.2 && tcp.dstport == 80) || (ip.src == 127.0.0.2 && tcp.srcport == 80 && ip.dst == 127.0.0.1 && tcp.dstport == 40000)',
      tcpdump: "tcpdump -i lo -n 'tcp and ((src host 127.0.0.1 and src port 40000 and dst host 127.0.0.2 and dst port 80) or (src host 127.0.0.2 and src port 80 and dst host 127.0.0.1 and dst port 40000))'",
    });
  });

  it('says why a socket has no packets to show, naming it (by fd when it has no name)', () => {
    expect(packetFilters(tcp({ family: 'AF_UNIX', local: 'unix:/tmp/s' }))).toEqual({ why: 'c is an AF_UNIX socket: its data never becomes packets on an interface' });
    expect(packetFilters(tcp({ name: null, local: null }))).toEqual({ why: 'fd 7 has no port yet: bind, listen or connect it first' });
    expect(packetFilters(tcp({ local: '0.0.0.0:0' }))).toEqual({ why: 'c has no port yet: bind, listen or connect it first' });
    expect(packetFilters(tcp({ local: 'unix:' }))).toEqual({ why: 'c has no port yet: bind, listen or connect it first' });
    // A connected end whose peer is not known yet is filtered as its own end.
    expect(packetFilters(tcp({ local: '10.0.0.5:40000', peer: null }))).toEqual({ wireshark: 'ip.addr == 10.0.0.5 && tcp.port == 40000', tcpdump: "tcpdump -i any -n 'tcp and host 10.0.0.5 and port 40000'" });
  });
});

describe('packetFilters, the edges', () => {
  it('captures on any interface when only one end is loopback', () => {
    expect(packetFilters(tcp({ local: '127.0.0.1:40000', peer: '192.0.2.1:80' }))).toMatchObject({ tcpdump: expect.stringMatching(/^tcpdump -i any -n /) });
    expect(packetFilters(tcp({ local: '192.0.2.9:40000', peer: '127.0.0.1:80' }))).toMatchObject({ tcpdump: expect.stringMatching(/^tcpdump -i any -n /) });
    expect(packetFilters(tcp({ role: 'listener', local: '128.0.0.1:80' }))).toMatchObject({ tcpdump: expect.stringMatching(/^tcpdump -i any -n /) });
  });

  it('filters a connection from a wildcard address by ports, and a datagram socket\'s own end as udp', () => {
    expect(packetFilters(tcp({ local: '*:5000', peer: '127.0.0.1:53' }))).toEqual({
      wireshark: '(tcp.srcport == 5000 && ip.dst == 127.0.0.1 && tcp.dstport == 53) || (ip.src == 127.0.0.1 && tcp.srcport == 53 && tcp.dstport == 5000)',
      tcpdump: "tcpdump -i any -n 'tcp and ((src port 5000 and dst host 127.0.0.1 and dst port 53) or (src host 127.0.0.1 and src port 53 and dst port 5000))'",
    });
    expect(packetFilters(tcp({ type: 'SOCK_DGRAM', role: 'datagram', local: '[::1]:5353' }))).toEqual({ wireshark: 'ipv6.addr == ::1 && udp.port == 5353', tcpdump: "tcpdump -i lo -n 'udp and host ::1 and port 5353'" });
  });

  it('a service name, or a peer with no port, is no end to filter', () => {
    expect(packetFilters(tcp({ local: '127.0.0.1:http' }))).toEqual({ why: 'c has no port yet: bind, listen or connect it first' });
    expect(packetFilters(tcp({ local: '127.0.0.1:7', peer: 'unix:/x' }))).toEqual({ wireshark: 'ip.addr == 127.0.0.1 && tcp.port == 7', tcpdump: "tcpdump -i lo -n 'tcp and host 127.0.0.1 and port 7'" });
    expect(packetFilters(tcp({ local: '127.0.0.1:1.5' }))).toHaveProperty('why');
  });
});

describe('packetFilters, addresses read exactly', () => {
  it('an IPv4-mapped address with two-digit parts is still IPv4; 127 inside an address is no loopback', () => {
    expect(packetFilters(tcp({ role: 'listener', local: '[::ffff:10.20.30.40]:80' }))).toEqual({ wireshark: 'ip.addr == 10.20.30.40 && tcp.port == 80', tcpdump: "tcpdump -i any -n 'tcp and host 10.20.30.40 and port 80'" });
    expect(packetFilters(tcp({ role: 'listener', local: '10.127.0.1:80' }))).toMatchObject({ tcpdump: expect.stringMatching(/^tcpdump -i any /) });
  });
});
