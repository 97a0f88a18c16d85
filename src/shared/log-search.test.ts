// Searching the call log: words and quoted phrases that must all match, and the prefixes that
// match one thing only; a bad query says what was expected.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import { parseQuery, recordMatches, SEARCH_SYNTAX, type SearchTerm } from './log-search';
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
