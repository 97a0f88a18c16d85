// Reads the classic pcap savefile format (pcap-savefile(5)) as it arrives on a pipe: a 24-byte
// file header, then per packet a 16-byte record header and the captured bytes. Writes it too,
// so a saved capture holds only the session's packets.

export interface PcapFrame {
  /** Capture time, microseconds since the epoch. */
  atUs: number;
  /** The captured bytes (the link-layer frame). */
  data: Buffer;
}

export interface PcapHeader {
  /** Link type: 1 Ethernet (loopback on Linux), 113 Linux cooked (the "any" device), 101 raw IP. */
  linkType: number;
  nanoseconds: boolean;
  littleEndian: boolean;
  snapLen: number;
}

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

function readHeader(buf: Buffer): PcapHeader {
  const le = buf.readUInt32LE(0);
  const be = buf.readUInt32BE(0);
  const magic = le === MAGIC_US || le === MAGIC_NS ? le : be;
  if (magic !== MAGIC_US && magic !== MAGIC_NS) throw new Error(`not a pcap stream: magic 0x${be.toString(16)} (pcapng is not read; ask dumpcap for -P)`);
  const littleEndian = magic === le;
  const u32 = (o: number) => (littleEndian ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  return { linkType: u32(20) & 0x0fffffff, nanoseconds: magic === MAGIC_NS, littleEndian, snapLen: u32(16) };
}

/** Feed it chunks as they come; it calls `onFrame` for each whole packet. */
export class PcapStreamReader {
  header: PcapHeader | null = null;
  private pending: Buffer<ArrayBufferLike> = Buffer.alloc(0);

  constructor(private readonly onFrame: (frame: PcapFrame, header: PcapHeader) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.header) {
      if (this.pending.length < 24) return;
      this.header = readHeader(this.pending);
      this.pending = this.pending.subarray(24);
    }
    const h = this.header;
    const u32 = (o: number) => (h.littleEndian ? this.pending.readUInt32LE(o) : this.pending.readUInt32BE(o));
    while (this.pending.length >= 16) {
      const capLen = u32(8);
      if (this.pending.length < 16 + capLen) return;
      const frac = u32(4);
      const atUs = u32(0) * 1_000_000 + (h.nanoseconds ? Math.round(frac / 1000) : frac);
      this.onFrame({ atUs, data: Buffer.from(this.pending.subarray(16, 16 + capLen)) }, h);
      this.pending = this.pending.subarray(16 + capLen);
    }
  }
}

/** A pcap file (microsecond, little-endian) holding these frames, which `tshark -r` and Wireshark open. */
export function pcapFile(linkType: number, frames: PcapFrame[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(MAGIC_US, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(linkType, 20);
  const parts: Buffer<ArrayBufferLike>[] = [head];
  for (const f of frames) {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(f.atUs / 1_000_000), 0);
    rec.writeUInt32LE(f.atUs % 1_000_000, 4);
    rec.writeUInt32LE(f.data.length, 8);
    rec.writeUInt32LE(f.data.length, 12);
    parts.push(rec, f.data);
  }
  return Buffer.concat(parts);
}
