// The page's log index: summaries for every position, a bounded set of full records, and chunk
// bookkeeping so each page is asked for once.
import { describe, expect, it } from 'vitest';
import { addressUsed, LOG_CHUNK, LogIndex, MAX_FULL_RECORDS, soErrorOf, summarise } from './log-index';
import { record, REFUSED_CONNECT, snapshot } from '../test/fake-client';

describe('LogIndex', () => {
  it('summarises a record in one line: C, ret, errno name, and whether it failed before C', () => {
    expect(summarise(8, REFUSED_CONNECT)).toEqual({ position: 8, call: 'BIO_connect', c: 'BIO_connect(r, addr, 0)', ret: 0, errno: 'ECONNREFUSED', durationUs: 348, blocked: false, cancelled: false, refused: false, addr: '127.0.0.1:1', progress: null, bulk: null, soError: null });
    expect(summarise(0, record({ ret: null, refused: 'fd 99 is not ours' })).refused).toBe(true);
  });

  it('names the address a call used: the candidate used, the one typed, an accepted peer', () => {
    expect(addressUsed(record({ call: 'BIO_connect', args: { addr: 'localhost:80' }, addresses: [{ family: 'AF_INET6', address: '[::1]:80', used: false }, { family: 'AF_INET', address: '127.0.0.1:80', used: true }] }))).toBe('127.0.0.1:80');
    expect(addressUsed(record({ call: 'BIO_listen', args: { addr: '127.0.0.1:0' } }))).toBe('127.0.0.1:0');
    expect(addressUsed(record({ call: 'BIO_accept_ex', args: { sock: 'l' }, socket: snapshot({ role: 'accepted', peer: '127.0.0.1:50000' }) }))).toBe('127.0.0.1:50000');
    expect(addressUsed(record({ call: 'BIO_socket', args: {} }))).toBeNull();
    // A lookup's addr is a question, not an address used (unless a candidate says it was).
    expect(addressUsed(record({ call: 'BIO_lookup_ex', args: { addr: 'localhost:443' } }))).toBeNull();
    expect(addressUsed(record({ call: 'BIO_get_accept_socket', args: { hostPort: '*:4433' } }))).toBe('*:4433');
    expect(addressUsed(record({ call: 'BIO_accept', args: { sock: 'l' }, socket: snapshot({ role: 'accepted', peer: '127.0.0.1:50001' }) }))).toBe('127.0.0.1:50001');
    // Only an accept's socket names its peer; an accept that made none names nothing.
    expect(addressUsed(record({ call: 'BIO_read', args: { sock: 'a' }, socket: snapshot({ role: 'accepted', peer: '127.0.0.1:50002' }) }))).toBeNull();
    expect(addressUsed(record({ call: 'BIO_accept_ex', args: { sock: 'l' }, socket: null }))).toBeNull();
  });

  it("reads BIO_sock_error's pending error by name, a cancelled call, and progress, in the summary", () => {
    const soError = { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' };
    expect(summarise(1, record({ call: 'BIO_sock_error', ret: 111, result: { soError } })).soError).toBe('ECONNREFUSED');
    expect(summarise(1, record({ call: 'BIO_sock_error', ret: 0, result: { soError: { code: 0 } } })).soError).toBeNull();
    expect(summarise(1, record({ call: 'BIO_sock_error', ret: 0 })).soError).toBeNull();
    // Read alone (a result card, a lesson step): no name, no pending error to show.
    expect(soErrorOf({ result: { soError } })).toEqual(soError);
    expect(soErrorOf({ result: { soError: { code: 0 } } })).toBeNull();
    expect(soErrorOf({ result: undefined })).toBeNull();
    // A loop: its bytes and calls, not only the last call's ret.
    const bulk = { direction: 'read' as const, bytes: 70000, requested: 70000, chunk: 16384, calls: 5, partial: 0, eagain: 0, durationUs: 9, first: '', last: '', sha256: '', eof: false };
    expect(summarise(2, record({ call: 'BIO_read', ret: 4464, bulk })).bulk).toEqual({ direction: 'read', bytes: 70000, calls: 5 });
    expect(summarise(1, record({ cancelled: 'Reset' })).cancelled).toBe(true);
    expect(summarise(1, record({ cancelled: null })).cancelled).toBe(false);
    expect(summarise(1, record({ call: 'BIO_connect', ret: 0, errno: { code: 115, name: 'EINPROGRESS', message: 'Operation now in progress' }, errorQueue: [] })).progress).toBe('connect-in-progress');
  });

  it('keeps every summary but only the newest full records', () => {
    const log = new LogIndex();
    for (let p = 0; p < MAX_FULL_RECORDS + 10; p++) log.put(p, record({ c: `c${p}()` }));
    expect(log.total).toBe(MAX_FULL_RECORDS + 10);
    expect(log.summary(0)?.c).toBe('c0()');
    expect(log.record(0)).toBeUndefined();
    expect(log.record(9)).toBeUndefined();
    expect(log.record(10)?.c).toBe('c10()');
    // Putting a position again makes it the newest, so it survives the next eviction.
    log.put(10, record({ c: 'again()' }));
    log.put(MAX_FULL_RECORDS + 10, record());
    expect(log.record(10)?.c).toBe('again()');
    expect(log.record(11)).toBeUndefined();
  });

  it('claims each missing chunk once, skips complete ones, and frees a failed one to claim again', () => {
    const log = new LogIndex();
    log.total = 3 * LOG_CHUNK;
    for (let p = LOG_CHUNK; p < 2 * LOG_CHUNK; p++) log.put(p, record());
    expect(log.claimMissing(0, 3 * LOG_CHUNK)).toEqual([0, 2]);
    expect(log.claimMissing(0, 3 * LOG_CHUNK)).toEqual([]);
    log.settleChunk(0, false);
    log.settleChunk(2, true);
    expect(log.claimMissing(0, 3 * LOG_CHUNK)).toEqual([0]);
    // From a position inside a chunk: that chunk.
    log.settleChunk(0, false);
    expect(log.claimMissing(LOG_CHUNK + 10, 2 * LOG_CHUNK + 10)).toEqual([]);
    expect(log.claimMissing(10, 20)).toEqual([0]);
    // Nothing past the end is asked for.
    expect(log.claimMissing(3 * LOG_CHUNK, 10 * LOG_CHUNK)).toEqual([]);
  });

  it('claims a first chunk whatever total it knows, once', () => {
    const log = new LogIndex();
    expect(log.claimMissing(0, LOG_CHUNK)).toEqual([]);
    expect(log.claimChunk(0)).toBe(true);
    expect(log.claimChunk(0)).toBe(false);
    log.settleChunk(0, true);
    expect(log.claimChunk(0)).toBe(false);
  });

  it('forgets everything on reset (a new session)', () => {
    const log = new LogIndex();
    log.put(0, record());
    log.claimMissing(0, 1);
    log.reset(2);
    expect(log.total).toBe(2);
    expect(log.summary(0)).toBeUndefined();
    expect(log.record(0)).toBeUndefined();
    expect(log.claimMissing(0, 2)).toEqual([0]);
  });
});
