// A run with capture on: the capture starts before the first step and stops after the last,
// then each record gains the packets seen in its span, and the session's packets can be saved.
import type { CallRecord, SocketSnapshot } from '../../shared/record';
import { packetsBySteps } from '../../shared/packets';
import { LiveCapture, type CaptureOptions } from './capture';

/** What a run says about its capture: how many packets it kept, or the one line saying why there are none. */
export interface CaptureSummary {
  unavailable: string | null;
  packets: number;
}

function portOf(address: string | null | undefined): number | null {
  const m = address ? /^(?:\d+\.\d+\.\d+\.\d+|\[[0-9a-fA-F:.]+\]):(\d+)$/.exec(address) : null;
  return m ? Number(m[1]) : null;
}

function socketPorts(s: SocketSnapshot | null | undefined, into: Set<number>): void {
  if (!s) return;
  for (const a of [s.local, s.peer]) {
    const port = portOf(a);
    if (port) into.add(port);
  }
  socketPorts(s.listener, into);
}

/** The ports of the sockets the session made (their local and peer addresses, as the records show them). */
export function sessionPorts(steps: CallRecord[]): Set<number> {
  const ports = new Set<number>();
  for (const r of steps) {
    socketPorts(r.socket, ports);
    for (const a of r.addresses ?? []) if (a.used) {
      const port = portOf(a.address);
      if (port) ports.add(port);
    }
  }
  return ports;
}

/** Runs `run` with the capture on; each record gains `packets`. `pcap` receives the session's packets as a pcap file. */
export async function withCapture<T extends { steps: CallRecord[] }>(
  opts: CaptureOptions,
  run: () => Promise<T>,
  pcap?: (file: Buffer) => void,
): Promise<T & { capture: CaptureSummary }> {
  const capture = await LiveCapture.start(opts);
  if (typeof capture === 'string') return { ...(await run()), capture: { unavailable: capture, packets: 0 } };
  let result: T;
  try {
    result = await run();
  } finally {
    await capture.stop();
  }
  const session = capture.session(sessionPorts(result.steps));
  const bySteps = packetsBySteps(result.steps, session.packets);
  result.steps.forEach((r, i) => (r.packets = bySteps[i]));
  pcap?.(session.pcap);
  return { ...result, capture: { unavailable: null, packets: session.packets.length } };
}
