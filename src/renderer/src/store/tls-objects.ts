// The BIOs, TLS connections (SSL objects) and TLS contexts of the session, as the page shows them
// beside the sockets: the session's list when the page joins it, then each record of any page (the
// session's `log` event) says what a call made, changed or freed; a crashed engine took them all.
import type { StateCreator } from 'zustand/vanilla';
import type { CallRecord, SessionObjects, SslObjectView } from '../../../shared/record';
import type { Apply } from './event-batch';
import type { SessionEvents } from './session-events';

export type SslRow = SslObjectView;
export type CtxRow = SessionObjects['ctxs'][number];
export type TlsObjects = SessionObjects;

export const NO_OBJECTS: TlsObjects = { bios: [], ssls: [], ctxs: [] };

function upsert<T extends { name: string }>(list: T[], item: T): T[] {
  const i = list.findIndex((x) => x.name === item.name);
  if (i < 0) return [...list, item];
  const next = list.slice();
  next[i] = item;
  return next;
}

const without = <T extends { name: string }>(list: T[], name: unknown): T[] => (list.some((x) => x.name === name) ? list.filter((x) => x.name !== name) : list);

function sslMade(rec: CallRecord): SslRow {
  const a = rec.args;
  const over = typeof a.bio === 'string' ? { kind: 'bio' as const, name: a.bio } : a.sock !== undefined ? { kind: 'sock' as const, name: String(a.sock) } : null;
  return { name: String(a.as), over, ctx: typeof a.ctx === 'string' ? a.ctx : null, tls: rec.tls ?? null };
}

/** The objects after one record: what it made, what it says of a BIO or connection now, what it freed. */
export function withRecord(o: TlsObjects, rec: CallRecord): TlsObjects {
  if (rec.refused) return o;
  let { bios, ssls, ctxs } = o;
  if (rec.bio) bios = rec.bio.freed ? without(bios, rec.bio.name) : upsert(bios, rec.bio);
  if (rec.call === 'SSL_new' && rec.ret === 1) {
    const made = sslMade(rec);
    ssls = upsert(ssls, made);
    // SSL_set_bio gave the BIO to the SSL object: SSL_free frees it from now on.
    const given = made.over?.kind === 'bio' ? bios.find((b) => b.name === made.over!.name) : undefined;
    if (given) bios = upsert(bios, { ...given, ownedBy: made.name });
  }
  else if (rec.tls) {
    const row = ssls.find((s) => s.name === rec.tls!.name);
    ssls = rec.tls.freed ? without(ssls, rec.tls.name) : upsert(ssls, { over: null, ctx: null, ...row, name: rec.tls.name, tls: rec.tls });
  }
  if (rec.call === 'SSL_CTX_new' && rec.ret === 1) ctxs = upsert(ctxs, { name: String(rec.args.as), server: rec.args.method === 'TLS_server_method' });
  if (rec.call === 'SSL_CTX_free') ctxs = without(ctxs, rec.args.ctx);
  if (bios === o.bios && ssls === o.ssls && ctxs === o.ctxs) return o;
  return { bios, ssls, ctxs };
}

/** Every name an object holds, so the composer's next default name is free. */
export function objectNames(o: TlsObjects): string[] {
  return [...o.bios, ...o.ssls, ...o.ctxs].map((x) => x.name);
}

export interface TlsObjectsSlice {
  tlsObjects: TlsObjects;
  /** Takes the session's list on joining it; the records that follow change it. */
  takeTlsObjects(objects: TlsObjects): void;
}

export function createTlsObjectsSlice(apply: Apply<TlsObjectsSlice>, events: SessionEvents): StateCreator<TlsObjectsSlice, [], [], TlsObjectsSlice> {
  events.on('log', (p) => apply((d) => ({ tlsObjects: withRecord(d.tlsObjects, p.record) })));
  events.on('engine', (p) => p.state === 'crashed' && apply(() => ({ tlsObjects: NO_OBJECTS })));
  return () => ({
    tlsObjects: NO_OBJECTS,
    takeTlsObjects: (objects) => apply(() => ({ tlsObjects: objects })),
  });
}
