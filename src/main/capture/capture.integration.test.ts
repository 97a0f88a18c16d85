// Capture for real on loopback: the lessons' refused connect, first connection and UDP send to a
// closed port, each packet in the step that caused it, compared with what tshark reads from the
// saved pcap. Without the privilege, the run says why in one line and works as before.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTool } from '../testing/peer-process';
import { runScenarioOnEngine, scenarioFromFile, type ScenarioReport } from '../scenario-run';
import type { PacketRecord } from '../../shared/packets';

const noTcpdump = missingTool('tcpdump');
const noTshark = missingTool('tshark');
const noSetpriv = missingTool('setpriv', 'util-linux');
// Capturing needs root (or capabilities granted to the capture program); the privilege test below needs neither.
const notRoot = process.getuid?.() === 0 ? null : 'not root: capture needs root or cap_net_raw on the capture program';
if (notRoot) console.warn(`skipping capture comparisons: ${notRoot}`);

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'bio-capture-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function captured(lesson: string): Promise<{ report: ScenarioReport; pcap: string }> {
  const pcap = join(dir, `${lesson}.pcap`);
  const scenario = scenarioFromFile(resolve('resources/lessons', `${lesson}.json`));
  const report = await runScenarioOnEngine(scenario, { capture: { pcap: (bytes) => writeFileSync(pcap, bytes) } });
  expect(report.capture?.unavailable).toBeNull();
  expect(report.ok).toBe(true);
  return { report, pcap };
}

const BITS: Record<string, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 };

/** One line per packet, as the workbench has it: absolute time (us), addresses, flags as bits, numbers, length, ICMP type. */
function workbenchLines(report: ScenarioReport): string[] {
  return report.steps.flatMap((r) =>
    (r.packets ?? []).map((p: PacketRecord) => {
      const bits = p.flags ? p.flags.split(',').reduce((n, f) => n | BITS[f], 0) : '';
      return [r.startedAtUs! + p.t, p.from, p.to, bits, p.seq ?? '', p.ack ?? '', p.proto === 'icmp' ? '' : p.len, p.icmp ? `${p.icmp.type}/${p.icmp.code} ${p.icmp.reports}` : ''].join(' ');
    }),
  );
}

/** The same lines from tshark reading the saved file: the independent decoder. */
function tsharkLines(pcap: string): string[] {
  const fields = ['frame.time_epoch', 'ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'tcp.flags', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.len', 'udp.length', 'icmp.type', 'icmp.code'];
  const r = spawnSync('tshark', ['-r', pcap, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=;', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark -r ${pcap} failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((line) => {
    const [time, src, dst, tsp, tdp, usp, udp, flags, seq, ack, tlen, ulen, type, code] = line.split('\t');
    const first = (s: string) => s.split(';')[0];
    const us = Math.round(Number(time) * 1e6);
    if (type) {
      // ICMP: tshark lists the quoted packet's ports too; the reported address is the quoted destination.
      return [us, first(src), first(dst), '', '', '', '', `${type}/${code} ${dst.split(';')[1]}:${first(udp)}`].join(' ');
    }
    const ports = tsp ? [tsp, tdp] : [usp, udp];
    return [us, `${src}:${ports[0]}`, `${dst}:${ports[1]}`, flags ? Number(flags) : '', seq, ack, tsp ? tlen : Number(ulen) - 8, ''].join(' ');
  });
}

const flagsOf = (packets: PacketRecord[] | undefined) => (packets ?? []).map((p) => p.flags || p.proto);

describe.skipIf(noTcpdump || noTshark || notRoot)('packets captured beside the calls', () => {
  it('a refused connect: SYN, then RST in the connect step; tshark reads the same packets from the saved pcap', async () => {
    const { report, pcap } = await captured('refused-connect');
    const connect = report.steps.find((r) => r.call === 'BIO_connect')!;
    expect(flagsOf(connect.packets)).toEqual(['SYN', 'RST,ACK']);
    expect(connect.packets![1].from).toBe(connect.packets![0].to);
    expect(report.steps.filter((r) => r !== connect).every((r) => r.packets?.length === 0)).toBe(true);
    expect(workbenchLines(report)).toEqual(tsharkLines(pcap));
  });

  it('a first connection: the handshake in the connect, data with its ACK in each write, a FIN from each side in the closes', async () => {
    const { report, pcap } = await captured('first-connection');
    const [connect] = report.steps.filter((r) => r.call === 'BIO_connect');
    expect(flagsOf(connect.packets)).toEqual(['SYN', 'SYN,ACK', 'ACK']);
    const writes = report.steps.filter((r) => r.call === 'BIO_write');
    for (const w of writes) expect(w.packets!.find((p) => p.len > 0)?.len).toBe(w.ret);
    const closes = report.steps.filter((r) => r.call === 'BIO_closesocket');
    const fins = closes.flatMap((r) => r.packets!.filter((p) => p.flags.includes('FIN')));
    expect(fins.map((p) => p.from)).toEqual([connect.packets![0].from, connect.packets![0].to]);
    expect(workbenchLines(report)).toEqual(tsharkLines(pcap));
  });

  it('a UDP send to a closed port: the datagram, then ICMP port unreachable naming that port, in the write step', async () => {
    const { report, pcap } = await captured('udp-icmp');
    const writes = report.steps.filter((r) => r.call === 'BIO_write');
    const last = writes[writes.length - 1];
    expect(flagsOf(last.packets)).toEqual(['udp', 'icmp']);
    expect(last.packets![1].icmp).toMatchObject({ type: 3, code: 3, text: 'port unreachable', reports: last.packets![0].to });
    expect(workbenchLines(report)).toEqual(tsharkLines(pcap));
  });

  it('Nagle: a segment held back leaves right after the delayed ACK, tens of ms after the one before; with NODELAY none waits for an ACK', async () => {
    const { report } = await captured('nagle-nodelay');
    const all = report.steps.flatMap((r) => (r.packets ?? []).map((p) => ({ p, r, at: r.startedAtUs! + p.t })));
    const clientOf = (sock: string) => report.steps.find((r) => r.call === 'BIO_connect' && r.args.sock === sock)!.packets![0].from;
    /**
     * Data segments sent for the first time that left only once the peer's ACK came, 20 ms or more
     * after the segment before, though the step's call had begun before that ACK: held back.
     */
    const held = (client: string) => {
      const mine = all.filter(({ p }) => p.from === client || p.to === client);
      return mine.filter(({ p, r }, i) => {
        if (p.from !== client || p.len === 0 || p.note?.startsWith('a retransmission')) return false;
        const ack = mine[i - 1];
        const before = mine.slice(0, i).filter((m) => m.p.from === client && m.p.len > 0).pop();
        const callBegan = r.calledAtUs ?? r.startedAtUs!;
        return ack?.p.from !== client && ack?.p.flags === 'ACK' && ack.p.ack === p.seq && before !== undefined && ack.at - before.at >= 20_000 && callBegan < ack.at;
      });
    };
    const nagle = held(clientOf('nagle'));
    expect(nagle.length).toBeGreaterThan(0);
    // The call that was running did not send it: the record says so.
    expect(nagle[0].p.note).toMatch(/^sent (while this step waited|[\d.]+ ms after the call returned)/);
    expect(held(clientOf('nodelay'))).toEqual([]);
  });
});

const noDumpcap = missingTool('dumpcap', 'wireshark-common');

describe.skipIf(noDumpcap || noTshark || notRoot)('capture through dumpcap, the desktop route', () => {
  it('dumpcap (asked for pcap with -P) gives the refused connect its SYN and RST too', async () => {
    const scenario = scenarioFromFile(resolve('resources/lessons/refused-connect.json'));
    const report = await runScenarioOnEngine(scenario, { capture: { tool: '/usr/bin/dumpcap' } });
    expect(report.capture).toEqual({ unavailable: null, packets: 2 });
    expect(report.steps.find((r) => r.call === 'BIO_connect')!.packets!.map((p) => p.flags)).toEqual(['SYN', 'RST,ACK']);
  });
});

describe('a capture program that cannot run', () => {
  it('says in one line that it cannot run, and the run goes on', async () => {
    const scenario = scenarioFromFile(resolve('resources/lessons/refused-connect.json'));
    const report = await runScenarioOnEngine(scenario, { capture: { tool: join(dir, 'no-such-tcpdump') } });
    expect(report.capture?.unavailable).toMatch(/^packet capture unavailable: cannot run .*no-such-tcpdump: spawn .* ENOENT; the run goes on without packets$/);
    expect(report.ok).toBe(true);
  });
});

describe.skipIf(noTcpdump || noSetpriv)('capture without the privilege', () => {
  it('says in one line why and how to allow it, and the run works as before', async () => {
    // tcpdump run as nobody: what a desktop user without the wireshark group or capabilities gets.
    const tool = join(dir, 'tcpdump');
    writeFileSync(tool, `#!/bin/sh\nexec setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all tcpdump "$@"\n`);
    chmodSync(tool, 0o755);
    const scenario = scenarioFromFile(resolve('resources/lessons/refused-connect.json'));
    let saved = false;
    const report = await runScenarioOnEngine(scenario, { capture: { tool, pcap: () => void (saved = true) } });
    expect(report.capture?.unavailable).toMatch(/^packet capture unavailable: .*(permission|not permitted).*setcap cap_net_raw,cap_net_admin=eip .*wireshark group.*the run goes on without packets$/);
    expect(report.capture!.unavailable).not.toContain('\n');
    expect(report.ok).toBe(true);
    expect(report.steps.some((r) => r.packets)).toBe(false);
    expect(saved).toBe(false);
  });
});
