// Packet capture of the session's own traffic: a child tcpdump (or dumpcap) writes pcap to a
// pipe, read as it comes. A marker datagram on loopback, sent until the capture shows it, tells
// when the capture has started and, at the end, that every earlier packet has been read.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { WirePacket } from '../../shared/packets';
import { decodeFrame } from './decode';
import { PcapStreamReader, pcapFile, type PcapFrame } from './pcap-stream';

export interface CaptureOptions {
  /** The capture program: a path to tcpdump or dumpcap (default: $BIO_WORKBENCH_CAPTURE, else tcpdump, else dumpcap on PATH). */
  tool?: string;
  /** The device (default lo: on Linux every address of this machine is reached through it). */
  device?: string;
  /** How long to wait for the capture to start or to catch up, in ms. */
  waitMs?: number;
}

interface Seen {
  frame: PcapFrame;
  packet: WirePacket;
}

/** What a session's capture holds: only packets to or from the given ports. */
export interface SessionPackets {
  packets: WirePacket[];
  /** The same packets as a pcap file (`tshark -r` and Wireshark open it). */
  pcap: Buffer;
}

const GRANT = 'allow it with `sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/dumpcap` (or `sudo dpkg-reconfigure wireshark-common` and add yourself to the wireshark group, then log in again) and pass --capture-tool /usr/bin/dumpcap (the window: set BIO_WORKBENCH_CAPTURE=/usr/bin/dumpcap), or run as root';

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

function captureArgs(tool: string, device: string): string[] {
  const filter = 'tcp or udp or icmp or icmp6';
  // dumpcap writes pcapng unless told -P; tcpdump needs -U to write each packet as it comes.
  if (basename(tool).startsWith('dumpcap')) return ['-q', '-P', '-i', device, '-f', filter, '-w', '-'];
  return ['-i', device, '-n', '-U', '-s', '262144', '-w', '-', filter];
}

/** The one line saying why there is no capture and how to allow it. */
function unavailableLine(tool: string, stderr: string): string {
  const said = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Running as user')).join(' ');
  const privilege = /permission|not permitted|cap_set_proc|EPERM/i.test(said);
  return `packet capture unavailable: ${said || `${basename(tool)} ended before capturing`}${privilege ? `; ${GRANT}` : ''}; the run goes on without packets`;
}

export class LiveCapture {
  private readonly seen: Seen[] = [];
  private linkType = 1;
  private readonly waiters = new Set<() => void>();
  private exited: string | null = null;
  private stderr = '';
  /** Ends a marker wait still going when the capture closes (its timer would keep sending). */
  private endWait: (() => void) | null = null;

  private constructor(
    private readonly child: ChildProcess,
    tool: string,
    private readonly marker: { rx: Socket; tx: Socket; port: number },
    private readonly waitMs: number,
  ) {
    const reader = new PcapStreamReader((frame, header) => {
      this.linkType = header.linkType;
      const packet = decodeFrame(frame, header.linkType);
      if (packet) this.seen.push({ frame, packet });
      for (const w of this.waiters) w();
    });
    child.stdout!.on('data', (chunk: Buffer) => reader.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => void (this.stderr += chunk.toString()));
    child.on('close', () => {
      this.exited ??= unavailableLine(tool, this.stderr);
      for (const w of this.waiters) w();
    });
  }

  /** Starts the capture and resolves once it sees traffic; or resolves with the one line saying why it cannot. */
  static async start(opts: CaptureOptions = {}): Promise<LiveCapture | string> {
    const tool = opts.tool ?? process.env.BIO_WORKBENCH_CAPTURE ?? findOnPath('tcpdump') ?? findOnPath('dumpcap');
    if (!tool) return 'packet capture unavailable: neither tcpdump nor dumpcap is installed (apt install tcpdump); the run goes on without packets';
    const rx = createSocket('udp4');
    await new Promise<void>((resolve) => rx.bind(0, '127.0.0.1', resolve));
    const marker = { rx, tx: createSocket('udp4'), port: rx.address().port };
    const child = spawn(tool, captureArgs(tool, opts.device ?? 'lo'), { stdio: ['ignore', 'pipe', 'pipe'] });
    const capture = new LiveCapture(child, tool, marker, opts.waitMs ?? 10_000);
    const started = await new Promise<boolean>((resolve) => {
      child.once('error', (e) => {
        capture.exited = `packet capture unavailable: cannot run ${tool}: ${e.message}; the run goes on without packets`;
        resolve(false);
      });
      void capture.markerSeen().then(resolve);
    });
    if (started) return capture;
    await capture.close();
    return capture.exited ?? `packet capture unavailable: ${basename(tool)} showed no packets within ${capture.waitMs} ms; the run goes on without packets`;
  }

  private isMarker(p: WirePacket): boolean {
    return p.proto === 'udp' && p.to === `127.0.0.1:${this.marker.port}`;
  }

  /** Sends a marker datagram every 20 ms until the capture shows it (true), it ends, or waitMs passes (false). */
  private markerSeen(): Promise<boolean> {
    const token = randomBytes(8);
    const from = this.seen.length;
    return new Promise((resolve) => {
      const found = () => this.seen.slice(from).some((s) => this.isMarker(s.packet) && s.frame.data.subarray(-8).equals(token));
      const done = (ok: boolean) => {
        clearInterval(timer);
        clearTimeout(limit);
        this.waiters.delete(check);
        resolve(ok);
      };
      const check = () => (found() ? done(true) : this.exited !== null ? done(false) : undefined);
      this.endWait = () => done(false);
      const send = () => this.marker.tx.send(token, this.marker.port, '127.0.0.1');
      const timer = setInterval(send, 20);
      const limit = setTimeout(() => done(false), this.waitMs);
      this.waiters.add(check);
      send();
    });
  }

  /** Waits until every packet sent so far has been read, then ends the capture. */
  async stop(): Promise<void> {
    if (this.exited === null) await this.markerSeen();
    await this.close();
  }

  private async close(): Promise<void> {
    this.endWait?.();
    if (this.exited === null && this.child.exitCode === null) {
      const closed = new Promise((resolve) => this.child.once('close', resolve));
      this.child.kill('SIGTERM');
      await closed;
    }
    this.marker.rx.close();
    this.marker.tx.close();
  }

  private kept(ports: Iterable<number>, sinceUs = -Infinity): Seen[] {
    const wanted = new Set(ports);
    return this.seen.filter((s) => s.packet.atUs >= sinceUs && !this.isMarker(s.packet) && s.packet.ports.some((p) => wanted.has(p)));
  }

  /** The packets to or from these ports (the sockets the session made), the markers left out. */
  session(ports: Iterable<number>): SessionPackets {
    const kept = this.kept(ports);
    return { packets: kept.map((s) => s.packet), pcap: pcapFile(this.linkType, kept.map((s) => s.frame)) };
  }

  /** The same packets, only those seen at or after `sinceUs`, without making a file (a live view asks often). */
  packetsSince(ports: Iterable<number>, sinceUs: number): WirePacket[] {
    return this.kept(ports, sinceUs).map((s) => s.packet);
  }

  /** `listener` hears of every packet read (and of the capture ending); returns how to stop. */
  onPacket(listener: () => void): () => void {
    this.waiters.add(listener);
    return () => void this.waiters.delete(listener);
  }

  /** True while the capture program runs. */
  get running(): boolean {
    return this.exited === null && this.child.exitCode === null;
  }
}
