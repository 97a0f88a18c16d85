// The data pane: text or hex to send on a socket, reads, and the bytes read per socket. A partial
// write's unsent rest is kept to send again; nothing is dropped silently.
import type { StateCreator } from 'zustand/vanilla';
import type { CallRecord, DataBytes } from '../../../shared/record';
import type { Step } from '../../../shared/steps';
import type { CallsSlice } from './calls';
import { socketLabel } from './composer-model';

export interface ReceivedChunk {
  /** The read's position in the live log. */
  position: number;
  bytes: number;
  text: string;
  hex: string;
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
  unsent: UnsentRest | null;
  /** Bytes read per socket label, in log order, bounded. */
  received: Record<string, ReceivedChunk[]>;
}

export interface DataSlice {
  data: DataPaneState;
  setData(patch: Partial<Omit<DataPaneState, 'received' | 'unsent'>>): void;
  send(): Promise<void>;
  sendUnsent(): Promise<void>;
  read(sock?: string): Promise<void>;
}

const MAX_RECEIVED_PER_SOCKET = 100;

function bytesOfHex(hex: string): number {
  return hex.replace(/\s+/g, '').length / 2;
}

/** The bytes a BIO_read at this log position returned, filed under its socket; the position's chunk if held is replaced. */
export function withReceived(received: Record<string, ReceivedChunk[]>, position: number, r: CallRecord): Record<string, ReceivedChunk[]> {
  if (r.call !== 'BIO_read' || !r.data || r.ret === null || r.ret <= 0) return received;
  const label = r.socket ? socketLabel(r.socket) : String(r.args.sock ?? '?');
  const chunk: ReceivedChunk = { position, bytes: r.ret, text: r.data.text, hex: r.data.hex };
  const chunks = (received[label] ?? []).filter((c) => c.position !== position);
  chunks.push(chunk);
  chunks.sort((a, b) => a.position - b.position);
  return { ...received, [label]: chunks.slice(-MAX_RECEIVED_PER_SOCKET) };
}

export const createDataSlice: StateCreator<DataSlice & CallsSlice, [], [], DataSlice> = (set, get) => {
  /** A partial write keeps what C did not take, to send again. */
  const writeAndKeepRest = async (step: Step, sock: string): Promise<void> => {
    const record = await get().runStep(step);
    if (!record) return;
    const unsent = record.result?.unsent as DataBytes | undefined;
    const sent = typeof record.result?.sent === 'number' ? record.result.sent : (record.ret ?? 0);
    set((s) => ({ data: { ...s.data, unsent: unsent && bytesOfHex(unsent.hex) > 0 ? { sock, sent, bytes: unsent } : null } }));
  };

  return {
    data: { sock: '', format: 'text', payload: '', max: '4096', unsent: null, received: {} },

    setData(patch) {
      set((s) => ({ data: { ...s.data, ...patch } }));
    },

    async send() {
      const { data } = get();
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

    async read(sock) {
      const { data } = get();
      await get().runStep({ call: 'BIO_read', sock: sock ?? data.sock, max: Number(data.max) || 4096 });
    },
  };
};
