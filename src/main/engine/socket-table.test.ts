// The socket table's rules: the engine acts only on its own sockets, names are unique, a failed
// name says why, and the limit holds.
import { describe, expect, it } from 'vitest';
import { draftRecord } from './records';
import { SocketTable } from './socket-table';

const draft = () => draftRecord({ call: 'BIO_sock_error', sock: 's' }, 0);

describe('SocketTable', () => {
  it('resolves a name to its entry and writes the fd into the record args', () => {
    const t = new SocketTable(10);
    const entry = t.adopt(7, 's', 'socket');
    const rec = draft();
    expect(t.resolve(rec, 's')).toBe(entry);
    expect(rec.args.fd).toBe(7);
    expect(rec.refused).toBeNull();
    expect(t.resolve(draft(), 7)).toBe(entry);
  });

  it('refuses an fd it did not adopt, and a name nobody has, on the record', () => {
    const t = new SocketTable(10);
    const byFd = draft();
    expect(t.resolve(byFd, 2)).toBeNull();
    expect(byFd.refused).toMatch(/fd 2 is not a socket this engine created/);
    expect(byFd.ret).toBeNull();
    const byName = draft();
    expect(t.resolve(byName, 'nobody')).toBeNull();
    expect(byName.refused).toMatch(/no open socket is named "nobody"/);
  });

  it('says why a name whose socket call failed is missing, until a socket takes the name', () => {
    const t = new SocketTable(10);
    t.nameFailed('s', 'BIO_socket for "s" failed (ret -1)');
    const rec = draft();
    expect(t.resolve(rec, 's')).toBeNull();
    expect(rec.refused).toBe('BIO_socket for "s" failed (ret -1)');
    const entry = t.adopt(9, 's', 'socket');
    expect(t.resolve(draft(), 's')?.fd).toBe(9);
    // Once that socket closes, the old failure is no longer why the name is missing.
    t.forget(entry);
    const later = draft();
    expect(t.resolve(later, 's')).toBeNull();
    expect(later.refused).toMatch(/no open socket is named "s"/);
  });

  it('forgets a closed socket by fd and by name', () => {
    const t = new SocketTable(10);
    const entry = t.adopt(7, 's', 'socket');
    t.forget(entry);
    expect(t.resolve(draft(), 's')).toBeNull();
    expect(t.resolve(draft(), 7)).toBeNull();
    expect(t.size).toBe(0);
  });

  it('lets a new socket be added only under a free name and below the limit', () => {
    const t = new SocketTable(2);
    t.adopt(7, 's', 'socket');
    const taken = draft();
    expect(t.mayAdd(taken, 's')).toBe(false);
    expect(taken.refused).toMatch(/socket name "s" is already in use by fd 7/);
    expect(t.mayAdd(draft(), 'other')).toBe(true);
    t.adopt(8, null, 'accepted');
    const full = draft();
    expect(t.mayAdd(full, undefined)).toBe(false);
    expect(full.refused).toMatch(/maxSockets 2/);
  });

  it('lists, finds and labels its entries; a new one is not connected yet; clear forgets them all', () => {
    const t = new SocketTable(10);
    const named = t.adopt(7, 's', 'socket');
    const anonymous = t.adopt(8, null, 'accepted');
    expect(named).toMatchObject({ fd: 7, name: 's', origin: 'socket', connected: false, requested: {}, bio: null, kind: null, view: null });
    expect(t.entries()).toEqual([named, anonymous]);
    expect([t.has(7), t.has(9)]).toEqual([true, false]);
    expect(t.get(8)).toBe(anonymous);
    expect([SocketTable.label(named), SocketTable.label(anonymous)]).toEqual(['s', '8']);
    // A socket with no name leaves every name free.
    expect(t.mayAdd(draft(), undefined)).toBe(true);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.resolve(draft(), 's')).toBeNull();
  });

  it('refuses a name a BIO, SSL object or context holds, and says which names its sockets hold', () => {
    const t = new SocketTable(10);
    t.adopt(7, 's', 'socket');
    expect([t.named('s'), t.named('b'), t.named('7')]).toEqual([true, false, false]);
    t.otherNames = (name) => name === 'b';
    const held = draft();
    expect(t.mayAdd(held, 'b')).toBe(false);
    expect(held.refused).toBe('the name "b" is already in use by a BIO, SSL object or TLS context; free it first or pick another name');
    // An unnamed socket is never asked about, and a free name passes.
    t.otherNames = () => true;
    expect(t.mayAdd(draft(), undefined)).toBe(true);
    t.otherNames = (name) => name === 'b';
    expect(t.mayAdd(draft(), 'c')).toBe(true);
  });
});
