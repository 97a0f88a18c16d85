import { describe, expect, it } from 'vitest';
import { checkExpect } from './expect';
import { blankRecord } from './blank-record';
import type { CallRecord, ErrorQueueEntry } from './record';

function entry(hex: string, text: string, reason: string | null, data: string | null): ErrorQueueEntry {
  return { code: parseInt(hex, 16), hex, library: null, reason, file: null, line: 0, function: 'BIO_connect', data, text };
}

// The two entries OpenSSL 3.0 leaves after a refused BIO_connect: the system error, then "connect error".
const refused: CallRecord = {
  ...blankRecord({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }, 0),
  ret: 0,
  errno: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' },
  errorQueue: [
    entry('8000006F', 'error:8000006F:system library::Connection refused', 'Connection refused', 'calling connect()'),
    entry('10000067', 'error:10000067:BIO routines::connect error', 'connect error', ''),
  ],
};

describe('checkExpect', () => {
  it('is null without an expectation', () => {
    expect(checkExpect(undefined, refused)).toBeNull();
  });

  it('holds when ret, errno and the queue match', () => {
    expect(checkExpect({ ret: 0, errno: 'ECONNREFUSED', errorQueue: ['Connection refused', 'connect error'] }, refused)).toEqual({ ok: true, mismatches: [] });
  });

  it('matches errorQueue substrings in order, each in its own entry, in hex, text, reason or data', () => {
    expect(checkExpect({ errorQueue: ['8000006F', '10000067'] }, refused)?.ok).toBe(true);
    expect(checkExpect({ errorQueue: ['calling connect()'] }, refused)?.ok).toBe(true);
    expect(checkExpect({ errorQueue: ['connect error', 'Connection refused'] }, refused)?.ok).toBe(false);
    // Both patterns sit in the first entry only; the second must find a later entry.
    expect(checkExpect({ errorQueue: ['8000006F', 'calling connect()'] }, refused)?.ok).toBe(false);
    const miss = checkExpect({ errorQueue: ['Address in use'] }, refused)!;
    expect(miss.ok).toBe(false);
    expect(miss.mismatches[0].field).toBe('errorQueue');
  });

  it('reports each mismatch with its field, expected and actual', () => {
    const r = checkExpect({ ret: 1, errno: null, errorQueueEmpty: true }, refused)!;
    expect(r.ok).toBe(false);
    expect(r.mismatches).toEqual([
      { field: 'ret', expected: 1, actual: 0 },
      { field: 'errno', expected: null, actual: 'ECONNREFUSED' },
      { field: 'errorQueueEmpty', expected: true, actual: refused.errorQueue.map((e) => e.text) },
    ]);
  });

  it('ret "fd" means any non-negative return', () => {
    expect(checkExpect({ ret: 'fd' }, { ...refused, ret: 7 })?.ok).toBe(true);
    expect(checkExpect({ ret: 'fd' }, { ...refused, ret: -1 })?.ok).toBe(false);
    expect(checkExpect({ ret: 'fd' }, { ...refused, ret: null })?.ok).toBe(false);
  });

  it('compares a bulk sha256 in any case against the engine\'s lowercase hex, and the byte count exactly', () => {
    const digest = 'ab'.repeat(32);
    const bulk = { bytes: 3, sha256: digest } as unknown as CallRecord['bulk'];
    expect(checkExpect({ sha256: digest.toUpperCase(), bytes: 3 }, { ...refused, bulk })?.ok).toBe(true);
    expect(checkExpect({ sha256: 'cd'.repeat(32) }, { ...refused, bulk })?.mismatches).toEqual([{ field: 'sha256', expected: 'cd'.repeat(32), actual: digest }]);
    expect(checkExpect({ bytes: 4 }, { ...refused, bulk })?.mismatches).toEqual([{ field: 'bytes', expected: 4, actual: 3 }]);
  });

  it('checks applied options, refusals and cancels', () => {
    const socket = { applied: { SO_KEEPALIVE: true, TCP_FASTOPEN: 0 } } as unknown as CallRecord['socket'];
    expect(checkExpect({ applied: { SO_KEEPALIVE: true, TCP_FASTOPEN: 0 } }, { ...refused, socket })?.ok).toBe(true);
    expect(checkExpect({ applied: { TCP_FASTOPEN: 4096 } }, { ...refused, socket })?.mismatches[0]).toEqual({ field: 'applied.TCP_FASTOPEN', expected: 4096, actual: 0 });
    expect(checkExpect({ refused: true }, { ...refused, refused: 'fd 9 is not ours' })?.ok).toBe(true);
    expect(checkExpect({ cancelled: true }, refused)?.ok).toBe(false);
  });

  it('a step refused before the call fails unless its expect says refused: true', () => {
    const why = 'addr: "[::1]:1" resolves only to AF_INET6, and the socket is AF_INET';
    const refusedStep = { ...blankRecord({ call: 'BIO_connect', sock: 'c', addr: '[::1]:1' }, 1), refused: why };
    expect(checkExpect(undefined, refusedStep)).toEqual({ ok: false, mismatches: [{ field: 'refused', expected: false, actual: why }] });
    // An expectation that does not mention refused does not excuse it, even one that holds.
    expect(checkExpect({ ret: null }, refusedStep)).toEqual({ ok: false, mismatches: [{ field: 'refused', expected: false, actual: why }] });
    expect(checkExpect({ refused: true }, refusedStep)).toEqual({ ok: true, mismatches: [] });
    expect(checkExpect({ refused: false }, refusedStep)?.ok).toBe(false);
    // A step that ran stays unchecked without an expectation.
    expect(checkExpect(undefined, { ...refusedStep, refused: null })).toBeNull();
  });
});

describe('checkExpect, the other fields', () => {
  const socket = { state: 'ESTABLISHED', applied: {} } as unknown as CallRecord['socket'];

  it('state, data, sslError and verifyResult: each compared, null when the record has none', () => {
    const rec: CallRecord = { ...refused, socket, data: { hex: '6869' }, tls: { sslError: { name: 'SSL_ERROR_WANT_READ' }, verify: { code: 18 } } as unknown as CallRecord['tls'] };
    expect(checkExpect({ state: 'ESTABLISHED', data: 'hi', sslError: 'SSL_ERROR_WANT_READ', verifyResult: 18 }, rec)).toEqual({ ok: true, mismatches: [] });
    expect(checkExpect({ state: 'LISTEN', data: 'ho', sslError: 'SSL_ERROR_SYSCALL', verifyResult: 0 }, rec)?.mismatches).toEqual([
      { field: 'state', expected: 'LISTEN', actual: 'ESTABLISHED' },
      { field: 'data', expected: 'ho', actual: 'hi' },
      { field: 'sslError', expected: 'SSL_ERROR_SYSCALL', actual: 'SSL_ERROR_WANT_READ' },
      { field: 'verifyResult', expected: 0, actual: 18 },
    ]);
    expect(checkExpect({ state: 'LISTEN', data: '', sslError: 'SSL_ERROR_NONE', verifyResult: 0, bytes: 0, applied: { SO_KEEPALIVE: true } }, refused)?.mismatches).toEqual([
      { field: 'applied.SO_KEEPALIVE', expected: true, actual: null },
      { field: 'state', expected: 'LISTEN', actual: null },
      { field: 'data', expected: '', actual: null },
      { field: 'bytes', expected: 0, actual: null },
      { field: 'sslError', expected: 'SSL_ERROR_NONE', actual: null },
      { field: 'verifyResult', expected: 0, actual: null },
    ]);
    const noVerify = { ...rec, tls: { sslError: null, verify: null } as unknown as CallRecord['tls'] };
    expect(checkExpect({ sslError: 'SSL_ERROR_NONE', verifyResult: 0 }, noVerify)?.mismatches.map((m) => m.actual)).toEqual([null, null]);
    expect(checkExpect({ sha256: 'ab'.repeat(32) }, refused)?.mismatches).toEqual([{ field: 'sha256', expected: 'ab'.repeat(32), actual: null }]);
  });

  it('ret "fd" holds for fd 0; an errorQueue miss shows every entry\'s text; errorQueueEmpty both ways', () => {
    expect(checkExpect({ ret: 'fd' }, { ...refused, ret: 0 })?.ok).toBe(true);
    expect(checkExpect({ errorQueue: ['nowhere'] }, refused)?.mismatches).toEqual([{ field: 'errorQueue', expected: ['nowhere'], actual: refused.errorQueue.map((e) => e.text) }]);
    const empty = { ...refused, errorQueue: [] };
    expect(checkExpect({ errorQueueEmpty: true }, empty)?.ok).toBe(true);
    expect(checkExpect({ errorQueueEmpty: false }, empty)?.mismatches).toEqual([{ field: 'errorQueueEmpty', expected: false, actual: [] }]);
    expect(checkExpect({ errorQueueEmpty: false }, refused)?.ok).toBe(true);
    expect(checkExpect({ cancelled: false }, refused)?.ok).toBe(true);
    expect(checkExpect({ cancelled: true }, { ...refused, cancelled: 'timed out' })?.ok).toBe(true);
    expect(checkExpect({ cancelled: false }, { ...refused, cancelled: 'timed out' })?.mismatches).toEqual([{ field: 'cancelled', expected: false, actual: 'timed out' }]);
  });

  it('an entry with no reason, function or data is still searched in its other fields', () => {
    const bare = { ...refused, errorQueue: [{ ...entry('0A000126', 'error:0A000126:SSL routines::unexpected eof', null, null), function: null as unknown as string }] };
    expect(checkExpect({ errorQueue: ['unexpected eof'] }, bare)?.ok).toBe(true);
    expect(checkExpect({ errorQueue: ['nothing like it'] }, bare)?.ok).toBe(false);
  });
});

describe('checkExpect and a TLS record', () => {
  const handshake: CallRecord = {
    ...blankRecord({ call: 'SSL_connect', ssl: 'cs' }, 0),
    ret: -1,
    tls: { name: 'cs', sslError: { code: 1, name: 'SSL_ERROR_SSL' }, verify: { code: 18, text: 'self-signed certificate' }, version: null, cipher: null, alpn: null, group: null, peer: null, state: null, handshakeDone: false },
  };

  it('does not check SSL_get_error or the verify result unless the expectation names them', () => {
    expect(checkExpect({ ret: -1 }, handshake)).toEqual({ ok: true, mismatches: [] });
    expect(checkExpect({ sslError: 'SSL_ERROR_SSL', verifyResult: 18 }, handshake)).toEqual({ ok: true, mismatches: [] });
    expect(checkExpect({ sslError: 'SSL_ERROR_WANT_READ', verifyResult: 0 }, handshake)?.mismatches.map((m) => m.field)).toEqual(['sslError', 'verifyResult']);
  });
});
