// Shrinks a screenshot for the README: Chromium's 8-bit RGB(A) PNG becomes a palette PNG of at
// most 256 colours (the most used 4-bit-per-channel buckets, each pixel mapped to the nearest),
// so a window picture stays well under 150 KB. Only what Chromium writes is read: 8-bit,
// non-interlaced, colour type 2 or 6.
import { deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

interface Rgb {
  width: number;
  height: number;
  /** Three bytes a pixel. */
  pixels: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function decode(png: Buffer): Rgb {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('png: expected a PNG signature');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || (colourType !== 2 && colourType !== 6)) throw new Error(`png: expected 8-bit non-interlaced RGB or RGBA, got depth ${depth}, colour type ${colourType}`);
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? rows[y * stride + x - channels] : 0;
      const up = y > 0 ? rows[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? rows[(y - 1) * stride + x - channels] : 0;
      const v = raw[src + x];
      const predicted = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : paeth(left, up, upLeft);
      rows[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.set(rows.subarray(i * channels, i * channels + 3), i * 3);
  return { width, height, pixels };
}

/** The PNG with its colours reduced to a palette of at most 256. */
export function toPalettePng(png: Buffer): Buffer {
  const { width, height, pixels } = decode(png);
  const n = width * height;
  const bucketOf = (i: number) => ((pixels[i * 3] >> 4) << 8) | ((pixels[i * 3 + 1] >> 4) << 4) | (pixels[i * 3 + 2] >> 4);
  const count = new Uint32Array(4096);
  const sums = new Float64Array(4096 * 3);
  for (let i = 0; i < n; i++) {
    const b = bucketOf(i);
    count[b]++;
    for (let c = 0; c < 3; c++) sums[b * 3 + c] += pixels[i * 3 + c];
  }
  const used = [...count.keys()].filter((b) => count[b] > 0).sort((a, b) => count[b] - count[a]).slice(0, 256);
  const palette = used.map((b) => [0, 1, 2].map((c) => Math.round(sums[b * 3 + c] / count[b])));
  const nearest = new Int16Array(4096).fill(-1);
  const indexOf = (b: number): number => {
    if (nearest[b] >= 0) return nearest[b];
    const r = ((b >> 8) << 4) + 8;
    const g = (((b >> 4) & 15) << 4) + 8;
    const bl = ((b & 15) << 4) + 8;
    let best = 0;
    let bestD = Infinity;
    palette.forEach(([pr, pg, pb], i) => {
      const d = (pr - r) ** 2 + (pg - g) ** 2 + (pb - bl) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    });
    nearest[b] = best;
    return best;
  };
  used.forEach((b, i) => (nearest[b] = i));
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = indexOf(bucketOf(y * width + x));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('PLTE', Buffer.from(palette.flat())), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
