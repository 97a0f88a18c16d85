// Which bytes a lesson keeps as text: what a person could type, and nothing a terminal or an
// editor would hide or act on.
import { describe, expect, it } from 'vitest';
import { currentRecordShape, dataText, hexBytes, hexLength, printableText } from './data-bytes';
import { blankRecord } from './blank-record';
import type { CallRecord } from './record';
import type { Step } from './steps';

describe('printableText', () => {
  it('gives text for printable UTF-8 with tabs and line ends', () => {
    expect(printableText('68656c6c6f')).toBe('hello');
    expect(printableText('610962 0d0a')).toBe('a\tb\r\n');
    expect(printableText('c3a9')).toBe('é');
    expect(printableText('')).toBe('');
  });

  it('gives null for control bytes, invalid UTF-8 and invisible separators', () => {
    expect(printableText('00')).toBeNull();
    expect(printableText('1b5b306d')).toBeNull();
    expect(printableText('ff')).toBeNull();
    expect(printableText('c3')).toBeNull();
    expect(printableText('7f')).toBeNull();
    expect(printableText('e280a8')).toBeNull();
    // Bidi overrides and zero-width characters hide what the bytes say.
    expect(printableText('e280ae')).toBeNull();
    expect(printableText('e281a6')).toBeNull();
    expect(printableText('e2808b')).toBeNull();
  });
});

describe('hex on a record', () => {
  it('counts and decodes bytes with whitespace anywhere', () => {
    expect(hexLength('0a 0b\n0c')).toBe(3);
    expect([...hexBytes(' 0a0B ff ')]).toEqual([10, 11, 255]);
    expect(dataText({ hex: '68 c3 a9' })).toBe('hé');
    expect(dataText({ hex: 'ff' })).toBe('\ufffd');
    expect(dataText(null)).toBeNull();
    expect(dataText(undefined)).toBeNull();
  });
});

describe('currentRecordShape', () => {
  const write = (fields: Partial<CallRecord>): CallRecord => ({ ...blankRecord({ call: 'BIO_write', sock: 'c', data: 'hi' } as Step, 3), ...fields });

  it('keeps a record of this version as it is (the same object)', () => {
    const rec = write({ data: { hex: '6869' }, args: { call: 'BIO_write', sock: 'c' } });
    expect(currentRecordShape(rec)).toBe(rec);
    const none = write({ data: null, args: { call: 'BIO_write', sock: 'c', data: 'hi' } });
    expect(currentRecordShape(none)).toBe(none);
    const bulk = write({ data: { hex: '6869' }, bulk: { bytes: 2 } as CallRecord['bulk'], args: { call: 'BIO_write', sock: 'c', data: 'hi', bytes: 2 } });
    expect(currentRecordShape(bulk)).toBe(bulk);
    const read = { ...write({ data: { hex: '6869' } }), call: 'BIO_read', args: { call: 'BIO_read', sock: 'c', max: 2, data: 'x' } };
    expect(currentRecordShape(read)).toBe(read);
  });

  it('reads an earlier log\'s {text, hex} as hex only, and drops a BIO_write\'s bytes from its args', () => {
    const old = write({ data: { text: 'hi', hex: '6869' } as unknown as CallRecord['data'], args: { call: 'BIO_write', sock: 'c', data: 'hi' } });
    expect(currentRecordShape(old)).toEqual({ ...old, data: { hex: '6869' }, args: { call: 'BIO_write', sock: 'c' } });
    const hexArgs = write({ data: { hex: '6869' }, args: { call: 'BIO_write', sock: 'c', dataHex: '6869' } });
    expect(currentRecordShape(hexArgs).args).toEqual({ call: 'BIO_write', sock: 'c' });
    expect(currentRecordShape(write({ data: { text: 'x' } as unknown as CallRecord['data'] })).data).toBeNull();
  });

  it('reads an earlier loop\'s unsent bytes as hex only, keeping the rest of its result', () => {
    const rec = write({ data: null, result: { unsent: { text: 'i', hex: '69' }, sent: 1 } });
    expect(currentRecordShape(rec).result).toEqual({ unsent: { hex: '69' }, sent: 1 });
    const port = write({ data: { text: 'hi', hex: '6869' } as unknown as CallRecord['data'], result: { port: 80 } });
    expect(currentRecordShape(port).result).toEqual({ port: 80 });
    const current = write({ data: null, result: { unsent: { hex: '69' } } });
    expect(currentRecordShape(current)).toBe(current);
  });
});
