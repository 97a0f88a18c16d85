// Searching the call log: words and quoted phrases that must all match, and the prefixes that
// match one thing only; a bad query says what was expected.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import { parseQuery, queryHints, recordMatches, SEARCH_SYNTAX, type SearchTerm } from './log-search';
import type { CallRecord, SocketSnapshot } from './record';

const socket = { fd: 7, name: 'c', role: 'client', state: 'SYN_SENT', local: '127.0.0.1:40000', peer: null, listener: { fd: 5, local: '127.0.0.1:4433', peer: null } } as unknown as SocketSnapshot;
const refused: CallRecord = {
  ...blankRecord({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:4433' }, 3),
  ret: 0,
  c: 'BIO_connect(c, addr, 0)',
  errno: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' },
  errorQueue: [{ code: 1, hex: '8000006F', library: 'system library', reason: 'Connection refused', file: null, line: 0, function: 'BIO_connect', data: 'calling connect()', text: 'error:8000006F' }],
  socket,
  warnings: ['a warning'],
  addresses: [{ address: '[::1]:4433' }] as CallRecord['addresses'],
  result: { peer: '10.0.0.9:1' } as CallRecord['result'],
};

const terms = (q: string): SearchTerm[] => {
  const parsed = parseQuery(q);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.terms;
};
const matches = (q: string, r: CallRecord = refused) => recordMatches(terms(q), r);

describe('parseQuery', () => {
  it('reads words, quoted phrases and prefixed terms, lower-cased; an unknown prefix is part of the word', () => {
    expect(terms('Connect "Connection Refused" CALL:BIO_Connect errno:ECONNREFUSED fd:7 addr:4433 port:1')).toEqual([
      { kind: 'text', text: 'connect' },
      { kind: 'text', text: 'connection refused' },
      { kind: 'call', text: 'bio_connect' },
      { kind: 'errno', text: 'econnrefused' },
      { kind: 'fd', fd: 7 },
      { kind: 'addr', text: '4433' },
      { kind: 'text', text: 'port:1' },
    ]);
    expect(terms('call:"BIO_socket" ""  x')).toEqual([{ kind: 'call', text: 'bio_socket' }, { kind: 'text', text: 'x' }]);
  });

  it('refuses an fd that is not a number, and a query with nothing to search for, saying what it takes', () => {
    expect(parseQuery('fd:c')).toEqual({ error: 'fd:c: expected an fd number, such as fd:5' });
    expect(parseQuery('fd:5x')).toEqual({ error: 'fd:5x: expected an fd number, such as fd:5' });
    expect(parseQuery('  "" ')).toEqual({ error: `expected something to search for: ${SEARCH_SYNTAX}` });
  });
});

describe('recordMatches', () => {
  it('matches a plain word anywhere in the record, and needs every term', () => {
    for (const q of ['bio_connect(c', 'econnrefused', '"connection refused"', '111', '8000006f', 'system library', 'calling', 'warning', 'syn_sent', '"fd 7"', '"= 0"', '4433', '10.0.0.9', '[::1]']) expect(matches(q), q).toBe(true);
    expect(matches('econnrefused nowhere')).toBe(false);
    expect(matches('"= 1"')).toBe(false);
    expect(matches('"= "', { ...refused, ret: null })).toBe(false);
  });

  it('matches call, errno (name or number), fd (args or socket, its listener too) and addr on that field only', () => {
    expect([matches('call:bio_connect'), matches('call:bio_conn'), matches('call:connect')]).toEqual([true, false, false]);
    expect([matches('errno:econnrefused'), matches('errno:111'), matches('errno:refused'), matches('errno:111', { ...refused, errno: null })]).toEqual([true, true, false, false]);
    expect([matches('fd:7'), matches('fd:5'), matches('fd:3'), matches('fd:9', { ...refused, socket: null, args: { sock: 9 } })]).toEqual([true, true, false, true]);
    expect(matches('fd:4', { ...refused, socket: null, args: { fd: 4 } })).toBe(true);
    expect([matches('addr:40000'), matches('addr:econn'), matches('addr:4433', { ...refused, socket: null, addresses: [], result: undefined })]).toEqual([true, false, true]);
    expect(matches('addr:host.example', { ...refused, args: { hostPort: 'HOST.example:1' } })).toBe(true);
  });

  it('finds what a refused, cancelled or data-carrying record says', () => {
    expect(matches('"not ours"', { ...refused, refused: 'fd 9 is not ours' })).toBe(true);
    expect(matches('shutdown', { ...refused, cancelled: 'cancelled by shutdown' })).toBe(true);
    expect(matches('ping', { ...refused, data: { hex: '70696e67' } })).toBe(true);
    expect(matches('abc123', { ...refused, bulk: { sha256: 'ABC123' } as CallRecord['bulk'] })).toBe(true);
  });
});

describe('queryHints', () => {
  const calls = ['BIO_socket', 'BIO_connect', 'BIO_listen'];

  it('offers the errno or call a misspelt name likely meant, with the query corrected', () => {
    expect(queryHints('fd:3 errno:ECONNREFUSD', calls)).toEqual([{ text: 'No errno is named ECONNREFUSD: did you mean errno:ECONNREFUSED?', query: 'fd:3 errno:ECONNREFUSED' }]);
    expect(queryHints('CALL:"bio_conect" x', calls)).toEqual([{ text: 'No call is named bio_conect: did you mean call:BIO_connect?', query: 'call:BIO_connect x' }]);
  });

  it('says what errno names look like when nothing is close, and just that no call has the name', () => {
    expect(queryHints('errno:nothinglikeit', calls)).toEqual([
      { text: 'No errno is named nothinglikeit (errno names are glibc’s, such as ECONNREFUSED, or a number).', query: 'errno:nothinglikeit' },
    ]);
    expect(queryHints('call:SSL_read', calls)).toEqual([{ text: 'No call is named SSL_read.', query: 'call:SSL_read' }]);
  });

  it('has nothing to say about a known name in any case, an errno number, an empty term or a plain word', () => {
    expect(queryHints('errno:econnrefused call:bio_listen errno:111 call:"" connect fd:x', calls)).toEqual([]);
  });

  it('gives one hint per term it cannot match, in order', () => {
    expect(queryHints('errno:EPIPEE call:BIO_lisen', calls).map((h) => h.query)).toEqual(['errno:EPIPE call:BIO_lisen', 'errno:EPIPEE call:BIO_listen']);
  });
});

describe('recordMatches, what each field holds', () => {
  it('finds an error queue entry by its reason, function, data and library, and not the text of another field', () => {
    const entry = refused.errorQueue[0];
    const only = (patch: Partial<typeof entry>): CallRecord => ({ ...refused, errno: null, c: '', socket: null, warnings: [], errorQueue: [{ ...entry, reason: null, function: null, data: null, library: null, text: '', ...patch }] });
    expect(matches('"queue reason"', only({ reason: 'queue reason' }))).toBe(true);
    expect(matches('queuefn', only({ function: 'queuefn' }))).toBe(true);
    expect(matches('queuedata', only({ data: 'queuedata' }))).toBe(true);
    expect(matches('queuelib', only({ library: 'queuelib' }))).toBe(true);
    expect(matches('queuelib', only({}))).toBe(false);
  });

  it('finds a socket by its name and role, and the peer of it and of its listener', () => {
    const s = { ...socket, name: 'sockname', role: 'accepted', peer: '192.0.2.7:9', listener: { ...socket.listener!, peer: '198.51.100.3:1' } } as SocketSnapshot;
    const r: CallRecord = { ...refused, socket: s };
    expect([matches('sockname', r), matches('accepted', r), matches('addr:192.0.2.7', r), matches('addr:198.51.100.3', r)]).toEqual([true, true, true, true]);
    expect(matches('addr:127.0.0.1:4433', { ...r, socket: { ...s, listener: undefined }, args: {}, addresses: [] })).toBe(false);
  });

  it('a plain word does not match inside what the record does not carry', () => {
    const bare: CallRecord = { ...blankRecord({ call: 'BIO_sock_error', sock: 3 }, 0), c: 'x' };
    expect(matches('"fd "', bare)).toBe(false);
    expect(matches('econnrefused', bare)).toBe(false);
    expect(matches('addr:3', bare)).toBe(false);
    expect(matches('fd:3', bare)).toBe(true);
    expect(matches('fd:3', { ...bare, args: { sock: '3' } })).toBe(false);
  });
});

describe('the query\'s edges', () => {
  const bare: CallRecord = { ...blankRecord({ call: 'BIO_sock_error', sock: 3 }, 0), c: 'x' };

  it('trims a quoted phrase, and takes only digits as an fd', () => {
    expect(terms('"  spaced out  "')).toEqual([{ kind: 'text', text: 'spaced out' }]);
    expect(terms('fd:12')).toEqual([{ kind: 'fd', fd: 12 }]);
    expect(parseQuery('fd:x5')).toEqual({ error: 'fd:x5: expected an fd number, such as fd:5' });
  });

  it('hints for a call named by digits and an errno that only starts or ends with them; a quoted known name is trimmed', () => {
    expect(queryHints('call:123', ['BIO_socket'])).toEqual([{ text: 'No call is named 123.', query: 'call:123' }]);
    expect(queryHints('errno:111x errno:x111', []).map((h) => h.text)).toEqual([
      'No errno is named 111x (errno names are glibc’s, such as ECONNREFUSED, or a number).',
      'No errno is named x111 (errno names are glibc’s, such as ECONNREFUSED, or a number).',
    ]);
    expect(queryHints('errno:" EPIPE "', [])).toEqual([]);
  });

  it('finds the address a call really used, and a host the older calls named', () => {
    expect(matches('addr:10.1.2.3', { ...bare, args: { addrResolved: '10.1.2.3:80' } })).toBe(true);
    expect(matches('addr:10.1.2.3', { ...bare, args: { addr: '10.1.2.3:80' } })).toBe(true);
    expect(matches('addr:example', { ...bare, args: { host: 'Example.org' } })).toBe(true);
  });

  it('a record without an address matches no addr: term, and numbers in its result are no address', () => {
    expect(matches('addr:e', bare)).toBe(false);
    expect(matches('addr:7', { ...bare, result: { step: 7 } as CallRecord['result'] })).toBe(false);
  });

  it('a plain word matches within one field, never across two or in a field the record lacks', () => {
    expect(matches('"bio_sock_error"', bare)).toBe(true);
    expect(matches('"bio_sock_errorx"', bare)).toBe(false);
    expect(matches('null', bare)).toBe(false);
    expect(matches('undefined', bare)).toBe(false);
  });
});
