// Members of a C struct declared with koffi.struct, read straight from the Buffer the kernel
// filled, at the offsets koffi laid out. koffi.decode builds a JS object member by member, which
// costs far more than the syscall that filled the struct (for tcp_info about twenty times the
// getsockopt); the kernel view read after every call uses these readers instead, so the layout
// stays declared once and no offset is written by hand. Hosts are little-endian (x86_64, arm64).
import koffi, { type TypeObject } from 'koffi';

export interface NumberField {
  read(buf: Buffer): number;
  write(buf: Buffer, value: number): void;
  /** Where the member ends: a struct filled to at least this length holds it. */
  end: number;
}

export interface BytesField {
  /** The member's bytes, as a view on `buf`. */
  read(buf: Buffer): Buffer;
  offset: number;
  end: number;
}

function member(struct: TypeObject, field: string): { offset: number; type: TypeObject } {
  const m = koffi.type(struct).members?.[field];
  if (!m) throw new Error(`${field}: expected a member of struct ${koffi.type(struct).name}`);
  return m;
}

export function numberField(struct: TypeObject, field: string): NumberField {
  const { offset: at, type } = member(struct, field);
  const end = at + type.size;
  const readers: Partial<Record<TypeObject['primitive'], (buf: Buffer) => number>> = {
    Int8: (buf) => buf.readInt8(at),
    UInt8: (buf) => buf.readUInt8(at),
    Int16: (buf) => buf.readInt16LE(at),
    UInt16: (buf) => buf.readUInt16LE(at),
    UInt16S: (buf) => buf.readUInt16BE(at), // uint16_be_t: network byte order
    Int32: (buf) => buf.readInt32LE(at),
    UInt32: (buf) => buf.readUInt32LE(at),
    Int64: (buf) => Number(buf.readBigInt64LE(at)),
    UInt64: (buf) => Number(buf.readBigUInt64LE(at)),
  };
  const writers: Partial<Record<TypeObject['primitive'], (buf: Buffer, value: number) => void>> = {
    Int16: (buf, v) => buf.writeInt16LE(v, at),
    Int32: (buf, v) => buf.writeInt32LE(v, at),
    UInt32: (buf, v) => buf.writeUInt32LE(v, at),
  };
  const read = readers[type.primitive];
  if (!read) throw new Error(`${field}: expected a whole-number member, got ${type.primitive}`);
  const write = writers[type.primitive] ?? (() => {
    throw new Error(`${field}: writing a ${type.primitive} member is not supported`);
  });
  return { read, write, end };
}

export function bytesField(struct: TypeObject, field: string): BytesField {
  const { offset, type } = member(struct, field);
  const end = offset + type.size;
  return { read: (buf) => buf.subarray(offset, end), offset, end };
}
