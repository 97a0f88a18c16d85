// Bytes on a record are carried once, as hex; text is what a page or an expectation decodes from
// them. Earlier logs held both text and hex: reading one gives the same shape as a new record.
import type { CallRecord, DataBytes } from './record';

const decoder = new TextDecoder('utf-8');

/** Hex pairs as bytes (whitespace ignored); a stray odd digit is dropped. */
export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/** How many bytes a hex string holds. */
export function hexLength(hex: string): number {
  return hex.replace(/\s+/g, '').length >> 1;
}

/** The bytes as UTF-8 text (invalid sequences become U+FFFD), or null for none. */
export function dataText(data: DataBytes | null | undefined): string | null {
  return data ? decoder.decode(hexBytes(data.hex)) : null;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when a person could type them (valid UTF-8; no control characters but tab, CR and LF, and none of the invisible ones: zero-width, bidi controls, line separators, BOM), else null. */
export function printableText(hex: string): string | null {
  let text: string;
  try {
    text = strict.decode(hexBytes(hex));
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/.test(text) ? null : text;
}

/** An earlier log's `{text, hex}` (or any other key beside hex). */
const olderShape = (v: unknown): boolean => typeof v === 'object' && v !== null && Object.keys(v).some((k) => k !== 'hex');
const hexOnly = (v: unknown): DataBytes | null => {
  const hex = typeof v === 'object' && v !== null ? (v as { hex?: unknown }).hex : undefined;
  return typeof hex === 'string' ? { hex } : null;
};

/**
 * A record as this version keeps it, whatever version wrote it: `data` and `result.unsent` as
 * `{hex}` only, and one BIO_write's bytes only in `data`, not again in `args`.
 */
export function currentRecordShape(rec: CallRecord): CallRecord {
  const oldData = olderShape(rec.data);
  const oldUnsent = olderShape(rec.result?.unsent);
  const oldArgs = rec.call === 'BIO_write' && !rec.bulk && rec.data !== null && ('data' in rec.args || 'dataHex' in rec.args);
  if (!oldData && !oldUnsent && !oldArgs) return rec;
  const out: CallRecord = { ...rec, data: rec.data === null ? null : hexOnly(rec.data) };
  if (oldArgs) {
    const { data: _d, dataHex: _h, ...args } = rec.args;
    out.args = args;
  }
  if (oldUnsent && rec.result) out.result = { ...rec.result, unsent: hexOnly(rec.result.unsent) };
  return out;
}
