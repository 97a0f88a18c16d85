// The session's packet capture as the page sees it: on or off (any page switches it, every page
// sees it), the one line saying why it cannot run, each call's packets by call id as the host
// tells them (again, whole, when more come), and saving them as a pcap file.
import type { StateCreator } from 'zustand/vanilla';
import type { CaptureState } from '../../../shared/contract';
import type { PacketRecord } from '../../../shared/packets';
import type { WorkbenchClient } from '../client';
import type { Apply } from './event-batch';
import { hostRefusal, type HostRefusal } from './refusal';
import type { SessionEvents } from './session-events';

// The page keeps the packets of this many calls, the newest; older calls' ladders are gone from it (the saved pcap keeps them).
const KEPT_CALLS = 2000;

/** Hands bytes to the person as a file (a download in the browser). */
export type SaveBytes = (name: string, bytes: Uint8Array<ArrayBuffer>, type: string) => void;

export interface CaptureView {
  state: CaptureState;
  switching: boolean;
  /** Each call's packets, by call id. */
  packets: Record<string, PacketRecord[]>;
  /** The call id of the latest call from any page (the error stack's): its ladder is shown under it. */
  latestCallId: string | null;
  saving: boolean;
  /** The file last saved, or why saving failed. */
  saved: { file: string; packets: number } | null;
  error: HostRefusal | null;
}

export interface CaptureSlice {
  capture: CaptureView;
  setCapture(on: boolean): Promise<void>;
  saveCapture(): Promise<void>;
  /** The session's capture state (on (re)joining it). */
  takeCapture(state: CaptureState): void;
}

export function withPackets(kept: Record<string, PacketRecord[]>, callId: string, packets: PacketRecord[], limit = KEPT_CALLS): Record<string, PacketRecord[]> {
  const next = { ...kept, [callId]: packets };
  const ids = Object.keys(next);
  // Object keys keep insertion order: the first are the oldest.
  for (const old of ids.slice(0, Math.max(0, ids.length - limit))) delete next[old];
  return next;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function createCaptureSlice(client: WorkbenchClient, apply: Apply<CaptureSlice>, events: SessionEvents, save: SaveBytes): StateCreator<CaptureSlice, [], [], CaptureSlice> {
  events.on('capture', (state) => apply((d) => ({ capture: { ...d.capture, state } })));
  events.on('packets', (p) => apply((d) => ({ capture: { ...d.capture, packets: withPackets(d.capture.packets, p.callId, p.packets) } })));
  events.on('callFinished', (p) => apply((d) => ({ capture: { ...d.capture, latestCallId: p.callId } })));
  return (set, get) => ({
    capture: { state: { on: false, unavailable: null, packets: 0 }, switching: false, packets: {}, latestCallId: null, saving: false, saved: null, error: null },

    async setCapture(on) {
      set((s) => ({ capture: { ...s.capture, switching: true, error: null } }));
      try {
        const state = await client.request('capture', { on });
        set((s) => ({ capture: { ...s.capture, state } }));
      } catch (e) {
        set((s) => ({ capture: { ...s.capture, error: hostRefusal('capture', e) } }));
      } finally {
        set((s) => ({ capture: { ...s.capture, switching: false } }));
      }
    },

    async saveCapture() {
      if (get().capture.saving) return;
      set((s) => ({ capture: { ...s.capture, saving: true, error: null } }));
      try {
        const { pcap, packets } = await client.request('savedCapture', {});
        const file = `bio-workbench-capture-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.pcap`;
        save(file, bytesOf(pcap), 'application/vnd.tcpdump.pcap');
        set((s) => ({ capture: { ...s.capture, saved: { file, packets } } }));
      } catch (e) {
        set((s) => ({ capture: { ...s.capture, error: hostRefusal('savedCapture', e) } }));
      } finally {
        set((s) => ({ capture: { ...s.capture, saving: false } }));
      }
    },

    takeCapture(state) {
      apply((d) => ({ capture: { ...d.capture, state } }));
    },
  });
}
