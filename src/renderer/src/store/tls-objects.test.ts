// The page's BIOs, TLS connections and contexts follow the records of any page: made, changed,
// given to an SSL object, freed; a refused step changes nothing.
import { describe, expect, it } from 'vitest';
import { NO_OBJECTS, objectNames, withRecord, type TlsObjects } from './tls-objects';
import { record } from '../test/fake-client';
import type { BioSnapshot, CallRecord, TlsSnapshot } from '../../../shared/record';

const bio = (patch: Partial<BioSnapshot> = {}): BioSnapshot => ({ name: 'cb', type: 'BIO_s_connect', fd: -1, chain: ['BIO_s_connect'], ownedBy: null, ...patch });
const tls = (patch: Partial<TlsSnapshot> = {}): TlsSnapshot => ({ name: 'tls', sslError: null, verify: null, version: null, cipher: null, alpn: null, peer: null, state: 'before SSL initialization', handshakeDone: false, ...patch });
const rec = (call: string, args: Record<string, unknown>, patch: Partial<CallRecord> = {}): CallRecord => record({ call, args: { call, ...args }, ret: 1, ...patch });

function run(...records: CallRecord[]): TlsObjects {
  return records.reduce(withRecord, NO_OBJECTS);
}

describe('withRecord', () => {
  it('adds a BIO a call made, updates it after later calls (its fd once it has one), and drops it once freed', () => {
    const made = run(rec('BIO_new_connect', { as: 'cb' }, { bio: bio() }));
    expect(made.bios).toEqual([bio()]);
    const connected = withRecord(made, rec('BIO_do_connect', { bio: 'cb' }, { bio: bio({ fd: 30 }) }));
    expect(connected.bios).toEqual([bio({ fd: 30 })]);
    expect(withRecord(connected, rec('BIO_free', { bio: 'cb' }, { bio: bio({ fd: 30, freed: true }) })).bios).toEqual([]);
  });

  it('marks the BIO given to SSL_new as owned by the SSL object, and drops both when SSL_free frees them', () => {
    const o = run(
      rec('BIO_new_connect', { as: 'cb' }, { bio: bio() }),
      rec('SSL_CTX_new', { as: 'ctx', method: 'TLS_client_method' }),
      rec('SSL_new', { as: 'tls', ctx: 'ctx', bio: 'cb' }, { tls: tls() }),
    );
    expect(o.bios[0].ownedBy).toBe('tls');
    expect(o.ssls).toEqual([{ name: 'tls', over: { kind: 'bio', name: 'cb' }, ctx: 'ctx', tls: tls() }]);
    expect(o.ctxs).toEqual([{ name: 'ctx', server: false }]);
    const freed = withRecord(o, rec('SSL_free', { ssl: 'tls' }, { ret: null, tls: tls({ freed: true }), bio: bio({ ownedBy: 'tls', freed: true }) }));
    expect(freed).toEqual({ bios: [], ssls: [], ctxs: [{ name: 'ctx', server: false }] });
    expect(withRecord(freed, rec('SSL_CTX_free', { ctx: 'ctx' }, { ret: null })).ctxs).toEqual([]);
  });

  it('keeps what SSL_new said (over a socket, its context) as a handshake changes the connection', () => {
    const o = run(rec('SSL_new', { as: 'tls', ctx: 'ctx', sock: 'c' }, { tls: tls() }), rec('SSL_connect', { ssl: 'tls' }, { ret: -1, tls: tls({ verify: { code: 18, text: 'self-signed certificate' } }) }));
    expect(o.ssls).toEqual([{ name: 'tls', over: { kind: 'sock', name: 'c' }, ctx: 'ctx', tls: tls({ verify: { code: 18, text: 'self-signed certificate' } }) }]);
  });

  it('changes nothing for a refused step, a failed SSL_CTX_new (NULL) or a socket call', () => {
    const o = run(rec('BIO_new_connect', { as: 'cb' }, { bio: bio() }));
    expect(withRecord(o, rec('BIO_free', { bio: 'cb' }, { refused: 'no', bio: bio({ freed: true }) }))).toBe(o);
    expect(withRecord(o, rec('SSL_CTX_new', { as: 'x', method: 'TLS_server_method' }, { ret: 0 }))).toBe(o);
    expect(withRecord(o, record())).toBe(o);
    expect(objectNames(run(rec('SSL_CTX_new', { as: 's', method: 'TLS_server_method' }), rec('BIO_new_accept', { as: 'ab' }, { bio: bio({ name: 'ab', type: 'BIO_s_accept' }) })))).toEqual(['ab', 's']);
  });
});
