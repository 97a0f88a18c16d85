// The filters capture for real on loopback: two connections to one workbench listener, the
// exported tcpdump command (run as printed) sees only the first one's packets, the Wireshark
// display filter picks the same packets out of a capture (tshark), and the listener's filters
// take both connections but not one to another listener.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../main/engine-host';
import { killPeers, missingTool, spawnPeer, spawnShell } from '../main/testing/peer-process';
import { packetFilters, type PacketFilters } from './packet-filters';
import type { CallRecord, SocketSnapshot } from './record';
import type { Step } from './steps';
import { dataText } from './data-bytes';

const noTcpdump = missingTool('tcpdump');
const noTshark = missingTool('tshark');

let e: EngineClient;
let dir: string;
const call = (step: Step): Promise<CallRecord> => e.request('call', { step });

beforeAll(async () => {
  e = await startEngine();
  dir = mkdtempSync(join(tmpdir(), 'bio-packets-'));
});
afterAll(async () => {
  killPeers();
  await e?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const portOf = (addr: string | null): number => Number(/:(\d+)$/.exec(addr ?? '')?.[1]);

async function listen(name: string): Promise<SocketSnapshot> {
  await call({ call: 'BIO_socket', as: name, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  return (await call({ call: 'BIO_listen', sock: name, addr: '127.0.0.1:0' })).socket!;
}

/** A connected client and its accepted end. */
async function connect(client: string, listener: SocketSnapshot, accepted: string): Promise<SocketSnapshot> {
  await call({ call: 'BIO_socket', as: client, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const rec = await call({ call: 'BIO_connect', sock: client, addr: `127.0.0.1:${portOf(listener.local)}` });
  expect(rec.ret).toBe(1);
  expect((await call({ call: 'BIO_accept_ex', sock: listener.name!, as: accepted, timeoutMs: 5000 })).ret).toBeGreaterThanOrEqual(0);
  return rec.socket!;
}

async function ping(client: string, accepted: string): Promise<void> {
  expect((await call({ call: 'BIO_write', sock: client, data: 'ping' })).ret).toBe(4);
  expect(dataText((await call({ call: 'BIO_read', sock: accepted, max: 16, timeoutMs: 5000 })).data)).toBe('ping');
  expect((await call({ call: 'BIO_write', sock: accepted, data: 'pong' })).ret).toBe(4);
  expect(dataText((await call({ call: 'BIO_read', sock: client, max: 16, timeoutMs: 5000 })).data)).toBe('pong');
}

/** Source and destination ports of the packets in a capture that a display filter selects. */
function tsharkPorts(pcap: string, filter: string | null): string[] {
  const r = spawnSync('tshark', ['-r', pcap, ...(filter ? ['-Y', filter] : []), '-T', 'fields', '-e', 'tcp.srcport', '-e', 'tcp.dstport'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('\t').sort().join('-'));
}

const filtersOf = (s: SocketSnapshot): PacketFilters => {
  const f = packetFilters(s);
  if ('why' in f) throw new Error(f.why);
  return f;
};

describe('capture filters on loopback', () => {
  it.skipIf(noTcpdump || noTshark)('the connection\'s tcpdump command and display filter take its packets only; the listener\'s take both its connections only', async (ctx) => {
    const l = await listen('l');
    const other = await listen('m');
    const c1 = await connect('c1', l, 'a1');
    const c2 = await connect('c2', l, 'a2');
    const c3 = await connect('c3', other, 'a3');
    const connection = filtersOf(c1);
    const listener = filtersOf(l);
    expect(connection.tcpdump).toMatch(/^tcpdump -i lo -n '/);

    const pcap = join(dir, 'all.pcap');
    // Only this test's two listeners: other test files run beside it and talk on loopback too.
    const ours = `tcp and (port ${portOf(l.local)} or port ${portOf(other.local)})`;
    const everything = spawnPeer('tcpdump', ['-i', 'lo', '-n', '-U', '-w', pcap, ours]);
    const exported = spawnShell(connection.tcpdump);
    try {
      await Promise.all([everything.waitFor(/listening on lo/), exported.waitFor(/listening on lo/)]);
    } catch (err) {
      // No capture rights (a container without CAP_NET_RAW) is the machine, not the filters: a visible skip.
      const why = `tcpdump cannot capture here: ${(err as Error).message}`;
      console.warn(`skipping the capture: ${why}`);
      ctx.skip(why);
    }
    await ping('c1', 'a1');
    await ping('c2', 'a2');
    await ping('c3', 'a3');
    const pair = (s: SocketSnapshot) => [String(portOf(s.local)), String(portOf(s.peer))].sort().join('-');
    // Bounded: until the capture holds c1's four data segments and their acks.
    for (let i = 0; i < 100 && tsharkPorts(pcap, null).filter((p) => p === pair(c1)).length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    exported.child.kill('SIGINT');
    everything.child.kill('SIGINT');
    expect(await exported.exited()).not.toBeNull();
    await everything.exited();

    // tcpdump prints "IP 127.0.0.1.A > 127.0.0.1.B: ..." per packet: only c1's two ports.
    const lines = exported.out().trim().split('\n').filter((x) => / IP /.test(x));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const x of lines) expect([...x.matchAll(/127\.0\.0\.1\.(\d+)/g)].map((m) => m[1]).sort().join('-')).toBe(pair(c1));

    const all = tsharkPorts(pcap, null);
    expect(new Set(all)).toEqual(new Set([pair(c1), pair(c2), pair(c3)]));
    const picked = tsharkPorts(pcap, connection.wireshark);
    expect(picked.length).toBeGreaterThanOrEqual(4);
    expect(new Set(picked)).toEqual(new Set([pair(c1)]));
    expect(new Set(tsharkPorts(pcap, listener.wireshark))).toEqual(new Set([pair(c1), pair(c2)]));
    const viaTcpdump = spawnSync('bash', ['-c', `${listener.tcpdump.replace(/^tcpdump -i lo/, `tcpdump -r ${pcap}`)}`], { encoding: 'utf8' });
    expect(viaTcpdump.stdout).toContain(`.${portOf(c2.local)} `);
    expect(viaTcpdump.stdout).not.toContain(`.${portOf(c3.local)} `);
  });
});

describe('which sockets have packets', () => {
  const base = { fd: 5, name: 's', family: 'AF_INET', type: 'SOCK_STREAM' };
  it('an AF_UNIX socket and one with no port yet have none, and say why', () => {
    expect(packetFilters({ ...base, family: 'AF_UNIX', role: 'client', local: 'unix:', peer: 'unix:/x' })).toEqual({ why: 's is an AF_UNIX socket: its data never becomes packets on an interface' });
    expect(packetFilters({ ...base, role: 'new', local: '0.0.0.0:0', peer: null })).toEqual({ why: 's has no port yet: bind, listen or connect it first' });
  });

  it('an IPv4-mapped peer is filtered as IPv4, a real IPv6 one as IPv6, UDP as udp', () => {
    const mapped = packetFilters({ ...base, family: 'AF_INET6', role: 'accepted', local: '[::ffff:127.0.0.1]:4433', peer: '[::ffff:127.0.0.1]:50000' });
    expect(mapped).toEqual({
      wireshark: '(ip.src == 127.0.0.1 && tcp.srcport == 4433 && ip.dst == 127.0.0.1 && tcp.dstport == 50000) || (ip.src == 127.0.0.1 && tcp.srcport == 50000 && ip.dst == 127.0.0.1 && tcp.dstport == 4433)',
      tcpdump: "tcpdump -i lo -n 'tcp and ((src host 127.0.0.1 and src port 4433 and dst host 127.0.0.1 and dst port 50000) or (src host 127.0.0.1 and src port 50000 and dst host 127.0.0.1 and dst port 4433))'",
    });
    const v6 = packetFilters({ ...base, family: 'AF_INET6', type: 'SOCK_DGRAM', role: 'datagram', local: '[::1]:53', peer: null });
    expect(v6).toEqual({ wireshark: 'ipv6.addr == ::1 && udp.port == 53', tcpdump: "tcpdump -i lo -n 'udp and host ::1 and port 53'" });
    expect(packetFilters({ ...base, role: 'listener', local: '0.0.0.0:8080', peer: null })).toEqual({ wireshark: 'tcp.port == 8080', tcpdump: "tcpdump -i any -n 'tcp and port 8080'" });
  });
});
