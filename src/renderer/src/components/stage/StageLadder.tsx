// The shown step's packets on the stage, beside its result card: the ladder of the step (or of a
// group's steps, timed from the group's first), once capture is on and the packets have come.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../../store/context';
import { groupPackets, ladderOf } from '../../store/packet-ladder';
import { PacketLadder } from '../PacketLadder';

export function StageLadder({ first, last, label }: { first: number; last: number; label: string }) {
  const { on, prefix, records, byCall } = useWorkbench(useShallow((s) => ({ on: s.capture.state.on, prefix: s.lessons.callIdPrefix ?? null, records: s.lessons.records, byCall: s.capture.packets })));
  const model = useMemo(() => {
    if (!prefix) return null;
    const indexes = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    const packets = groupPackets(
      indexes.map((i) => records[i] ?? null),
      indexes.map((i) => byCall[`${prefix}-${i}`]),
    );
    return packets.length ? ladderOf(packets) : null;
  }, [prefix, records, byCall, first, last]);
  if (!model) return on && prefix ? <p className="muted stage-no-packets">No packets seen for this step.</p> : null;
  return <PacketLadder model={model} label={label} />;
}
