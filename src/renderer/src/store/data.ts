// The data pane: text or hex to send on a socket, reads, and the bytes read per socket. A partial
// write's unsent rest is kept to send again; nothing is dropped silently. A loop ("bytes") runs
// in the engine; its progress comes as events and its summary with its record.
import type { StateCreator } from 'zustand/vanilla';
import type { BulkProgress, BulkSummary, CallRecord, DataBytes } from '../../../shared/record';
import { dataText, hexLength } from '../../../shared/data-bytes';
import { DEFAULT_CHUNK, type Step } from '../../../shared/steps';
import type { CallsSlice } from './calls';
import type { Apply } from './event-batch';
import type { SessionEvents } from './session-events';
import { socketLabel } from './composer-model';

export interface ReceivedChunk {
  /** The read's position in the live log. */
  position: number;
  bytes: number;
  text: string;
  hex: string;
  /** A read loop keeps only its first and last bytes: how many between them are not shown (0: all shown). */
  elided: number;
  /** After the elided bytes, the last ones (a read loop's), as text and hex. */
  tailText: string;
  tailHex: string;
}

export interface UnsentRest {
  sock: string;
  sent: number;
  bytes: DataBytes;
}

export interface DataPaneState {
  sock: string;
  format: 'text' | 'hex';
  payload: string;
  max: string;
  /** A loop's byte count and chunk, as typed. */
  bulkBytes: string;
  chunk: string;
  unsent: UnsentRest | null;
  /** Why the hex typed in "Data to send" is not bytes (nothing was sent), or null. */
  payloadError: string | null;
  /** Bytes read per socket label, in log order, bounded. */
  received: Record<string, ReceivedChunk[]>;
}

/** The latest loop this page ran: its socket, summary and why it was cut short (if it was). */
export interface BulkResult {
  sock: string;
  summary: BulkSummary | null;
  cancelled: string | null;
  refused: string | null;
}

export interface DataSlice {
  data: DataPaneState;
  /** Loops running now (any page's), by call id, as their last progress event said. */
  transfers: Record<string, BulkProgress>;
  lastBulk: BulkResult | null;
  sendBulk(): Promise<void>;
  readBulk(untilEof: boolean): Promise<void>;
  setData(patch: Partial<Omit<DataPaneState, 'received' | 'unsent' | 'payloadError'>>): void;
  send(): Promise<void>;
  sendUnsent(): Promise<void>;
  read(sock?: string): Promise<void>;
}

const MAX_RECEIVED_PER_SOCKET = 100;

/** A whole number typed in a field, or undefined when it is not one (the host then says what it takes). */
function typedCount(text: string): number | undefined {
  const n = Number(text.replace(/[\s,_]/g, ''));
  return text.trim() && Number.isFinite(n) ? n : undefined;
}

/** Why hex typed in "Data to send" is not bytes, naming the field and what it takes; null when it is. */
function hexProblem(text: string): string | null {
  const bad = /[^0-9A-Fa-f\s]/u.exec(text);
  if (bad) {
    const at = [...text.slice(0, bad.index)].length + 1;
    return `Data to send (hex): expected hex digits, 0-9 and a-f, two per byte (spaces between pairs are fine); character ${at}, ${JSON.stringify(bad[0])}, is not a hex digit. Choose Text to send it as text.`;
  }
  const digits = text.replace(/\s+/g, '').length;
  if (digits % 2) return `Data to send (hex): expected two hex digits per byte; ${digits} digits leave the last byte half written (write 0a, not a).`;
  return null;
}

export function withoutTransfer(transfers: Record<string, BulkProgress>, callId: string): Record<string, BulkProgress> {
  const { [callId]: _done, ...rest } = transfers;
  return rest;
}

/** The bytes a BIO_read at this log position returned, filed under its socket; the position's chunk if held is replaced. */
/** What a read returned, as the Data pane shows it: one BIO_read's bytes, or a read loop's first and last ones. */
function receivedChunk(position: number, r: CallRecord): ReceivedChunk | null {
  if (r.call !== 'BIO_read') return null;
  const none = { elided: 0, tailText: '', tailHex: '' };
  if (r.bulk) {
    const { bytes, first, last } = r.bulk;
    if (r.bulk.direction !== 'read' || bytes <= 0) return null;
    // first and last overlap when fewer than 128 bytes came: keep each byte once.
    const overlap = Math.max(0, (first.length + last.length) / 2 - bytes);
    const tailHex = last.slice(overlap * 2);
    const elided = bytes - first.length / 2 - tailHex.length / 2;
    return { position, bytes, text: dataText({ hex: first }) ?? '', hex: first, elided, tailText: dataText({ hex: tailHex }) ?? '', tailHex };
  }
  if (!r.data || r.ret === null || r.ret <= 0) return null;
  return { position, bytes: r.ret, text: dataText(r.data) ?? '', hex: r.data.hex, ...none };
}

export function withReceived(received: Record<string, ReceivedChunk[]>, position: number, r: CallRecord): Record<string, ReceivedChunk[]> {
  const chunk = receivedChunk(position, r);
  if (!chunk) return received;
  const label = r.socket ? socketLabel(r.socket) : String(r.args.sock ?? '?');
  const chunks = (received[label] ?? []).filter((c) => c.position !== position);
  chunks.push(chunk);
  chunks.sort((a, b) => a.position - b.position);
  return { ...received, [label]: chunks.slice(-MAX_RECEIVED_PER_SOCKET) };
}

export function createDataSlice(apply: Apply<DataSlice>, events: SessionEvents): StateCreator<DataSlice & CallsSlice, [], [], DataSlice> {
  events.on('callProgress', (p) => apply((d) => ({ transfers: { ...d.transfers, [p.callId]: p } })));
  events.on('callFinished', (p) => apply((d) => (d.transfers[p.callId] ? { transfers: withoutTransfer(d.transfers, p.callId) } : {})));
  // A crashed engine's loops ended with it.
  events.on('engine', (p) => p.state === 'crashed' && apply(() => ({ transfers: {} })));
  return (set, get) => {
  /** A partial write keeps what C did not take, to send again. */
  const writeAndKeepRest = async (step: Step, sock: string): Promise<void> => {
    const record = await get().runStep(step);
    if (!record) return;
    const unsent = record.result?.unsent as DataBytes | undefined;
    const sent = typeof record.result?.sent === 'number' ? record.result.sent : (record.ret ?? 0);
    set((s) => ({ data: { ...s.data, unsent: unsent && hexLength(unsent.hex) > 0 ? { sock, sent, bytes: unsent } : null } }));
  };

  /** Hex that is not bytes is stopped here, said beside the field, and never sent. */
  const payloadReady = (): boolean => {
    const { data } = get();
    const problem = data.format === 'hex' ? hexProblem(data.payload) : null;
    set((s) => ({ data: { ...s.data, payloadError: problem } }));
    return problem === null;
  };

  const runBulk = async (step: Step, sock: string): Promise<void> => {
    const record = await get().runStep(step);
    if (!record) return;
    set({ lastBulk: { sock, summary: record.bulk ?? null, cancelled: record.cancelled, refused: record.refused } });
  };

  return {
    data: { sock: '', format: 'text', payload: '', max: '4096', bulkBytes: '1048576', chunk: String(DEFAULT_CHUNK), unsent: null, payloadError: null, received: {} },
    transfers: {},
    lastBulk: null,

    setData(patch) {
      // What was wrong with the payload was about the text or format then typed.
      const stale = 'payload' in patch || 'format' in patch;
      set((s) => ({ data: { ...s.data, ...patch, payloadError: stale ? null : s.data.payloadError } }));
    },

    async send() {
      const { data } = get();
      if (!payloadReady()) return;
      const step: Step =
        data.format === 'hex'
          ? { call: 'BIO_write', sock: data.sock, dataHex: data.payload.replace(/\s+/g, '') }
          : { call: 'BIO_write', sock: data.sock, data: data.payload };
      await writeAndKeepRest(step, data.sock);
    },

    async sendUnsent() {
      const { data } = get();
      if (!data.unsent) return;
      await writeAndKeepRest({ call: 'BIO_write', sock: data.unsent.sock, dataHex: data.unsent.bytes.hex }, data.unsent.sock);
    },

    async sendBulk() {
      const { data } = get();
      if (!payloadReady()) return;
      const loop = { sock: data.sock, bytes: typedCount(data.bulkBytes), chunk: typedCount(data.chunk) };
      const step: Step = data.format === 'hex' ? { call: 'BIO_write', ...loop, dataHex: data.payload.replace(/\s+/g, '') } : { call: 'BIO_write', ...loop, data: data.payload };
      await runBulk(step, data.sock);
    },

    async readBulk(untilEof) {
      const { data } = get();
      const chunk = typedCount(data.chunk);
      const step: Step = untilEof ? { call: 'BIO_read', sock: data.sock, until: 'eof', chunk } : { call: 'BIO_read', sock: data.sock, bytes: typedCount(data.bulkBytes), chunk };
      await runBulk(step, data.sock);
    },

    async read(sock) {
      const { data } = get();
      await get().runStep({ call: 'BIO_read', sock: sock ?? data.sock, max: Number(data.max) || 4096 });
    },
  };
  };
}
