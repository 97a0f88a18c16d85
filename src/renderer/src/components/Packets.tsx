// Packets on the wire, under the latest call's result: capture on or off for the session (every
// page sees the switch), the one line saying why capture cannot run and how to allow it, the
// latest call's ladder as its packets arrive, and saving the session's packets as a pcap file.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { ladderOf } from '../store/packet-ladder';
import { PacketLadder } from './PacketLadder';

function CaptureSwitch() {
  const { state, switching, setCapture } = useWorkbench(useShallow((s) => ({ state: s.capture.state, switching: s.capture.switching, setCapture: s.setCapture })));
  return (
    <label className="capture-switch">
      <input type="checkbox" checked={state.on} disabled={switching} onChange={(e) => void setCapture(e.target.checked)} /> Capture packets
    </label>
  );
}

function SaveCapture() {
  const { saving, saved, total, saveCapture } = useWorkbench(useShallow((s) => ({ saving: s.capture.saving, saved: s.capture.saved, total: s.capture.state.packets, saveCapture: s.saveCapture })));
  return (
    <>
      <button type="button" onClick={() => void saveCapture()} disabled={saving || total === 0}>
        Save capture (pcap)
      </button>
      {saved ? (
        <p className="muted" role="status">
          Saved {saved.packets} {saved.packets === 1 ? 'packet' : 'packets'} as {saved.file}: Wireshark and <code>tshark -r</code> open it.
        </p>
      ) : null}
    </>
  );
}

function LatestLadder() {
  const { latest, callId, packets } = useWorkbench(useShallow((s) => ({ latest: s.latest, callId: s.capture.latestCallId, packets: s.capture.latestCallId ? s.capture.packets[s.capture.latestCallId] : undefined })));
  const model = useMemo(() => (packets?.length ? ladderOf(packets.map((packet) => ({ packet, shiftUs: 0 }))) : null), [packets]);
  if (!latest || !callId) return null;
  if (!model) return <p className="muted">No packets seen for <code>{latest.c}</code>.</p>;
  return <PacketLadder model={model} label={`the packets of ${latest.c}`} />;
}

export function Packets() {
  const { on, unavailable, total, error } = useWorkbench(useShallow((s) => ({ on: s.capture.state.on, unavailable: s.capture.state.unavailable, total: s.capture.state.packets, error: s.capture.error })));
  return (
    <section className="panel packets" aria-labelledby="packets-title">
      <h2 id="packets-title">Packets on the wire</h2>
      <div className="capture-controls">
        <CaptureSwitch />
        <SaveCapture />
      </div>
      {unavailable ? (
        <p className="warn capture-unavailable" role="status">
          {unavailable}
        </p>
      ) : null}
      {error ? (
        <p className="warn" role="alert">
          {error.what}: {error.error.message}
        </p>
      ) : null}
      {on ? (
        <>
          <p className="muted">
            Capturing this session’s loopback packets ({total} so far); each call shows the packets seen from its start to the next call’s.
          </p>
          <LatestLadder />
        </>
      ) : !unavailable ? (
        <p className="muted">Capture is off: switch it on to see each call’s packets as a ladder (needs tcpdump or dumpcap and the right to capture).</p>
      ) : null}
    </section>
  );
}
