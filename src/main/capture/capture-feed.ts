// The session's capture for the window: any page switches it on or off; each call logged while it
// is on gets the packets seen in its span, told to every page as they come (a held segment, a
// delayed ACK or the peer's FIN arrive after the call returned). Saving gives them as pcap.
import type { CaptureState, EventMap, SavedCapture } from '../../shared/contract';
import { packetsBySteps, type PacketRecord } from '../../shared/packets';
import type { CallRecord } from '../../shared/record';
import { LiveCapture, type CaptureOptions } from './capture';
import { pcapFile } from './pcap-stream';
import { sessionPorts } from './session-capture';

type Emit = <K extends 'capture' | 'packets'>(event: K, payload: EventMap[K]) => void;

interface LoggedCall {
  callId: string;
  record: CallRecord;
  /** How many packets the pages were last told of. */
  told: number;
}

/** One stretch of capture: its program, and the calls logged while it ran. */
interface Period {
  capture: LiveCapture;
  calls: LoggedCall[];
}

// Only the latest calls' spans can still grow; older ones ended when a later call started.
const LIVE_CALLS = 64;
// Packets arriving together are told together.
const FLUSH_MS = 25;

const startUs = (r: CallRecord) => r.startedAtUs ?? r.startedAt * 1000;

export class CaptureFeed {
  private readonly periods: Period[] = [];
  private current: Period | null = null;
  private unavailable: string | null = null;
  private switching: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopListening: (() => void) | null = null;
  private kept = 0;

  constructor(
    private readonly emit: Emit,
    private readonly opts: CaptureOptions = {},
  ) {}

  get state(): CaptureState {
    return { on: this.current !== null, unavailable: this.unavailable, packets: this.kept };
  }

  /** Switches the capture on or off (one switch at a time); resolves with the state after it. */
  set(on: boolean): Promise<CaptureState> {
    const next = this.switching.then(() => (on ? this.start() : this.stop()));
    this.switching = next.catch(() => undefined);
    return next.then(() => {
      this.emit('capture', this.state);
      return this.state;
    });
  }

  private async start(): Promise<void> {
    if (this.current) return;
    const capture = await LiveCapture.start(this.opts);
    if (typeof capture === 'string') {
      this.unavailable = capture.replace(/; the run goes on without packets$/, '; every call still works, without packets');
      return;
    }
    this.unavailable = null;
    this.current = { capture, calls: [] };
    this.periods.push(this.current);
    this.stopListening = capture.onPacket(() => this.schedule());
  }

  private async stop(): Promise<void> {
    const period = this.current;
    if (!period) return;
    await period.capture.stop();
    this.stopListening?.();
    this.flush();
    this.current = null;
  }

  /** A call was logged: while capturing, its packets are told now and as more arrive. */
  logged(callId: string, record: CallRecord): void {
    if (!this.current || record.refused) return;
    this.current.calls.push({ callId, record, told: 0 });
    // Calls finish out of order (a blocking accept ends after the connect that woke it): spans go by start.
    this.current.calls.sort((a, b) => startUs(a.record) - startUs(b.record));
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const period = this.current;
    if (!period || period.calls.length === 0) return;
    const recent = period.calls.slice(-LIVE_CALLS);
    const ports = sessionPorts(period.calls.map((c) => c.record));
    const packets = period.capture.packetsSince(ports, startUs(recent[0].record));
    const bySteps: PacketRecord[][] = packetsBySteps(recent.map((c) => c.record), packets);
    let changed = false;
    recent.forEach((c, i) => {
      if (bySteps[i].length === c.told) return;
      c.told = bySteps[i].length;
      changed = true;
      this.emit('packets', { callId: c.callId, packets: bySteps[i] });
    });
    if (!changed) return;
    this.kept = this.periods.reduce((n, p) => n + p.capture.packetsSince(sessionPorts(p.calls.map((c) => c.record)), -Infinity).length, 0);
    this.emit('capture', this.state);
  }

  /** Every period's packets of this session, as one pcap file. */
  saved(): SavedCapture {
    const files = this.periods.map((p) => p.capture.session(sessionPorts(p.calls.map((c) => c.record))));
    // Every period captured loopback, so one file header serves them all; no capture yet, an empty file.
    const pcap = files.length ? Buffer.concat(files.map((f, i) => (i === 0 ? f.pcap : f.pcap.subarray(24)))) : pcapFile(1, []);
    return { pcap: pcap.toString('base64'), packets: files.reduce((n, f) => n + f.packets.length, 0) };
  }

  /** Ends the capture program, if one runs (the session ends). */
  async close(): Promise<void> {
    await this.switching;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopListening?.();
    await this.current?.capture.stop();
    this.current = null;
  }
}
