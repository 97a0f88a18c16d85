// The page's BIOs, TLS connections and contexts follow the records of any page: made, changed,
// given to an SSL object, freed; a refused step changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { NO_OBJECTS, objectNames, withRecord, type TlsObjects } from './tls-objects';
import { createFakeClient, record, session } from '../test/fake-client';
import { createWorkbenchStore } from './store';
import type { BioSnapshot, CallRecord, TlsSnapshot } from '../../../shared/record';

const bio = (patch: Partial<BioSnapshot> = {}): BioSnapshot => ({ name: 'cb', type: 'BIO_s_connect', fd: -1, chain: ['BIO_s_connect'], ownedBy: null, ...patch });
const tls = (patch: Partial<TlsSnapshot> = {}): TlsSnapshot => ({ name: 'tls', sslError: null, verify: null, version: null, cipher: null, alpn: null, peer: null, state: 'before SSL initialization', handshakeDone: false, ...patch });
const rec = (call: string, args: Record<string, unknown>, patch: Partial<CallRecord> = {}): CallRecord => record({ call, args: { call, ...args }, ret: 1, ...patch });

function run(...records: (CallRecord | TlsObjects)[]): TlsObjects {
  const [from, rest] = 'bios' in records[0] ? [records[0], records.slice(1) as CallRecord[]] : [NO_OBJECTS, records as CallRecord[]];
  return rest.reduce(withRecord, from);
}

describe('withRecord', () => {
  it('adds a BIO a call made, updates it after later calls (its fd once it has one), and drops it once freed', () => {
    const made = run(rec('BIO_new_connect', { as: 'cb' }, { bio: bio() }));
    expect(made.bios).toEqual([bio()]);
    const connected = withRecord(made, rec('BIO_do_connect', { bio: 'cb' }, { bio: bio({ fd: 30 }) }));
    expect(connected.bios).toEqual([bio({ fd: 30 })]);
    // The earlier state is left as it was (the page compares lists to know what to draw again).
    expect(made.bios).toEqual([bio()]);
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
    expect(o.bios.map((b) => b.name)).toEqual(['cb']);
    const freed = withRecord(o, rec('SSL_free', { ssl: 'tls' }, { ret: null, tls: tls({ freed: true }), bio: bio({ ownedBy: 'tls', freed: true }) }));
    expect(freed).toEqual({ bios: [], ssls: [], ctxs: [{ name: 'ctx', server: false }] });
    expect(withRecord(freed, rec('SSL_CTX_free', { ctx: 'ctx' }, { ret: null })).ctxs).toEqual([]);
  });

  it('keeps what SSL_new said (over a socket, its context) as a handshake changes the connection', () => {
    const o = run(rec('SSL_new', { as: 'tls', ctx: 'ctx', sock: 'c' }, { tls: tls() }), rec('SSL_connect', { ssl: 'tls' }, { ret: -1, tls: tls({ verify: { code: 18, text: 'self-signed certificate' } }) }));
    expect(o.ssls).toEqual([{ name: 'tls', over: { kind: 'sock', name: 'c' }, ctx: 'ctx', tls: tls({ verify: { code: 18, text: 'self-signed certificate' } }) }]);
  });

  it('changes only the object a record names when there are several, and frees only that one', () => {
    const o = run(
      rec('BIO_new_connect', { as: 'cb' }, { bio: bio() }),
      rec('BIO_new_accept', { as: 'ab' }, { bio: bio({ name: 'ab', type: 'BIO_s_accept' }) }),
      rec('SSL_CTX_new', { as: 'cctx', method: 'TLS_client_method' }),
      rec('SSL_CTX_new', { as: 'sctx', method: 'TLS_server_method' }),
      rec('SSL_new', { as: 'c1', ctx: 'cctx', sock: 'c' }, { tls: tls({ name: 'c1' }) }),
      rec('SSL_new', { as: 's1', ctx: 'sctx', bio: 'ab' }, { tls: tls({ name: 's1' }) }),
      rec('BIO_do_accept', { bio: 'ab' }, { bio: bio({ name: 'ab', type: 'BIO_s_accept', fd: 31, ownedBy: 's1' }) }),
      rec('SSL_accept', { ssl: 's1' }, { ret: -1, tls: tls({ name: 's1', state: 'SSLv3/TLS read client hello' }) }),
    );
    expect(o.ctxs).toEqual([
      { name: 'cctx', server: false },
      { name: 'sctx', server: true },
    ]);
    expect(o.bios).toEqual([bio(), bio({ name: 'ab', type: 'BIO_s_accept', fd: 31, ownedBy: 's1' })]);
    expect(o.ssls).toEqual([
      { name: 'c1', over: { kind: 'sock', name: 'c' }, ctx: 'cctx', tls: tls({ name: 'c1' }) },
      { name: 's1', over: { kind: 'bio', name: 'ab' }, ctx: 'sctx', tls: tls({ name: 's1', state: 'SSLv3/TLS read client hello' }) },
    ]);
    const freed = run(o, rec('BIO_free', { bio: 'cb' }, { bio: bio({ freed: true }) }), rec('SSL_CTX_free', { ctx: 'cctx' }, { ret: null }));
    expect(freed.bios.map((b) => b.name)).toEqual(['ab']);
    expect(freed.ctxs.map((c) => c.name)).toEqual(['sctx']);
    expect(withRecord(freed, rec('SSL_free', { ssl: 'c1' }, { ret: null, tls: tls({ name: 'c1', freed: true }) })).ssls.map((s) => s.name)).toEqual(['s1']);
  });

  it('changes nothing for a refused step, a failed SSL_CTX_new (NULL) or a socket call', () => {
    const o = run(rec('BIO_new_connect', { as: 'cb' }, { bio: bio() }));
    expect(withRecord(o, rec('BIO_free', { bio: 'cb' }, { refused: 'no', bio: bio({ freed: true }) }))).toBe(o);
    expect(withRecord(o, rec('SSL_CTX_new', { as: 'x', method: 'TLS_server_method' }, { ret: 0 }))).toBe(o);
    // A failed SSL_new (NULL) makes no connection and gives the BIO to no one.
    expect(withRecord(o, rec('SSL_new', { as: 'tls', ctx: 'ctx', bio: 'cb' }, { ret: 0 }))).toBe(o);
    // Freeing what the page does not hold (made before it joined and gone since) leaves the lists as they are.
    expect(withRecord(o, rec('SSL_CTX_free', { ctx: 'gone' }, { ret: null }))).toBe(o);
    expect(withRecord(o, rec('BIO_free', { bio: 'gone' }, { bio: bio({ name: 'gone', freed: true }) }))).toBe(o);
    expect(withRecord(o, record())).toBe(o);
    expect(objectNames(run(rec('SSL_CTX_new', { as: 's', method: 'TLS_server_method' }), rec('BIO_new_accept', { as: 'ab' }, { bio: bio({ name: 'ab', type: 'BIO_s_accept' }) })))).toEqual(['ab', 's']);
  });
});

describe('TLS objects slice', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    while (stops.length) stops.pop()!();
  });
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
  };

  it("takes the session's objects on joining, follows any page's records, and keeps them while the engine runs", async () => {
    const client = createFakeClient(session({ objects: { bios: [bio()], ssls: [], ctxs: [{ name: 'ctx', server: false }] }, logTotal: 0 }));
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
    stops.push(store.getState().start());
    await settle();
    expect(store.getState().tlsObjects).toEqual({ bios: [bio()], ssls: [], ctxs: [{ name: 'ctx', server: false }] });
    client.emit('log', { position: 0, record: rec('BIO_new_accept', { as: 'ab' }, { bio: bio({ name: 'ab', type: 'BIO_s_accept' }) }) });
    expect(objectNames(store.getState().tlsObjects)).toEqual(['cb', 'ab', 'ctx']);
    client.emit('engine', { state: 'stopped', message: 'the engine stopped' });
    expect(objectNames(store.getState().tlsObjects)).toEqual(['cb', 'ab', 'ctx']);
  });

  it('drops every object when the engine crashes: they died with it', async () => {
    const client = createFakeClient(session({ objects: { bios: [bio()], ssls: [], ctxs: [] } }));
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
    stops.push(store.getState().start());
    await settle();
    client.emit('engine', { state: 'crashed', message: 'the engine crashed (SIGSEGV)' });
    expect(store.getState().tlsObjects).toEqual(NO_OBJECTS);
  });
});
