import { describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../../shared/packets';
import { withPackets } from './capture';

const SYN: PacketRecord = { t: 1, proto: 'tcp', from: '127.0.0.1:40000', to: '127.0.0.1:5000', flags: 'SYN', seq: 1, ack: 0, len: 0, note: null };

describe('withPackets', () => {
  it("replaces a call's packets with the fuller list the host tells next", () => {
    const once = withPackets({}, 'c1', [SYN]);
    const twice = withPackets(once, 'c1', [SYN, { ...SYN, flags: 'RST,ACK' }]);
    expect(twice.c1.map((p) => p.flags)).toEqual(['SYN', 'RST,ACK']);
    expect(once.c1).toHaveLength(1);
  });

  it('keeps the newest calls up to its limit, dropping the oldest first', () => {
    let kept: Record<string, PacketRecord[]> = {};
    for (let i = 0; i < 7; i++) kept = withPackets(kept, `c${i}`, [SYN], 5);
    expect(Object.keys(kept)).toEqual(['c2', 'c3', 'c4', 'c5', 'c6']);
    // A call told again keeps its place.
    expect(Object.keys(withPackets(kept, 'c4', [SYN, SYN], 5))).toEqual(['c2', 'c3', 'c4', 'c5', 'c6']);
  });
});
