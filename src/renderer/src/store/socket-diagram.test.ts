import { describe, expect, it } from 'vitest';
import { describeDiagram, layoutSockets } from './socket-diagram';
import { snapshot } from '../test/fake-client';

const srv = snapshot({ fd: 3, name: 'srv', role: 'listener', local: '127.0.0.1:4433', state: 'LISTEN' });
const cli = snapshot({ fd: 4, name: 'cli', role: 'client', local: '127.0.0.1:50000', peer: '127.0.0.1:4433', state: 'ESTABLISHED' });
const a1 = snapshot({ fd: 5, name: 'a1', role: 'accepted', local: '127.0.0.1:4433', peer: '127.0.0.1:50000', state: 'ESTABLISHED' });

describe('layoutSockets', () => {
  it('puts the listener and what it accepted on the server side, the client on the row of its accepted end, joined by a line', () => {
    const d = layoutSockets([srv, cli, a1]);
    const at = (name: string) => d.nodes.find((n) => n.socket?.name === name);
    expect(at('srv')).toMatchObject({ side: 'server', row: 0 });
    expect(at('a1')).toMatchObject({ side: 'server', row: 1 });
    expect(at('cli')).toMatchObject({ side: 'client', row: 1 });
    expect(d.lines).toEqual([
      { from: 'fd3', to: 'fd5', kind: 'accepted-from' },
      { from: 'fd5', to: 'fd4', kind: 'connection' },
    ]);
    expect(describeDiagram(d)).toContain('a1 is connected to cli.');
    expect(describeDiagram(d)).toContain('a1 was accepted on srv.');
  });

  it('draws a peer outside the workbench for a connection that leads out, and a fresh socket alone', () => {
    const out = snapshot({ fd: 6, name: 'c', role: 'client', local: '10.0.0.2:40000', peer: '93.184.216.34:443', state: 'ESTABLISHED' });
    const fresh = snapshot({ fd: 7, name: 's1', role: 'new', local: null, state: 'CLOSE' });
    const d = layoutSockets([out, fresh]);
    expect(d.nodes.find((n) => n.peer)).toMatchObject({ side: 'server', row: 0, peer: '93.184.216.34:443' });
    expect(d.nodes.find((n) => n.socket?.name === 's1')).toMatchObject({ side: 'client', row: 1 });
    expect(describeDiagram(d)).toContain('c is connected to peer 93.184.216.34:443 (not in this workbench).');
  });

  it('draws a bounded number of rows and says how many sockets it left out', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => snapshot({ fd: 10 + i, name: `s${i}`, role: 'new', local: null, state: 'CLOSE' }));
    const d = layoutSockets(many, 12);
    expect(d.rows).toBe(12);
    expect(d.omitted).toBe(10_000 - 12);
    expect(describeDiagram(d)).toContain('9988 more sockets are not drawn.');
  });
});

describe('layoutSockets, more than one listener', () => {
  const l1 = snapshot({ fd: 10, name: 'l1', role: 'listener', local: '127.0.0.1:1000', state: 'LISTEN' });
  const l2 = snapshot({ fd: 11, name: 'l2', role: 'listener', local: '127.0.0.1:2000', state: 'LISTEN' });
  const on2 = snapshot({ fd: 12, name: 'on2', role: 'accepted', local: '127.0.0.1:2000', peer: '10.1.1.1:5000', state: 'ESTABLISHED' });
  const on1 = snapshot({ fd: 13, name: 'on1', role: 'accepted', local: '127.0.0.1:1000', peer: '127.0.0.1:6000', state: 'ESTABLISHED' });
  const to1 = snapshot({ fd: 14, name: 'to1', role: 'client', local: '127.0.0.1:6000', peer: '127.0.0.1:1000', state: 'ESTABLISHED' });
  const orphan = snapshot({ fd: 15, name: 'orphan', role: 'accepted', local: '127.0.0.1:3000', peer: '127.0.0.1:7000', state: 'CLOSE_WAIT' });
  const toOrphan = snapshot({ fd: 16, name: 'to-orphan', role: 'client', local: '127.0.0.1:7000', peer: '127.0.0.1:3000', state: 'FIN_WAIT2' });
  const fresh = snapshot({ fd: 17, name: null, role: 'new', local: null, peer: null, state: null });
  const all = [fresh, toOrphan, to1, on2, orphan, on1, l2, l1];
  const rowOf = (d: ReturnType<typeof layoutSockets>) => Object.fromEntries(d.nodes.map((n) => [n.socket?.name ?? n.peer ?? `fd${n.socket?.fd}`, [n.side, n.row]]));

  it('puts each accepted socket under the listener of its port, then accepted ones whose listener is gone, then clients and fresh sockets', () => {
    const d = layoutSockets(all);
    expect(rowOf(d)).toEqual({
      l2: ['server', 0],
      on2: ['server', 1],
      '10.1.1.1:5000': ['client', 1],
      l1: ['server', 2],
      on1: ['server', 3],
      to1: ['client', 3],
      orphan: ['server', 4],
      'to-orphan': ['client', 4],
      fd17: ['client', 5],
    });
    expect(d.nodes.find((n) => !n.socket && !n.peer)).toBeUndefined();
    expect(d.rows).toBe(6);
    expect(d.omitted).toBe(0);
    expect(d.lines).toEqual([
      { from: 'fd11', to: 'fd12', kind: 'accepted-from' },
      { from: 'fd12', to: 'peer-12', kind: 'connection' },
      { from: 'fd10', to: 'fd13', kind: 'accepted-from' },
      { from: 'fd13', to: 'fd14', kind: 'connection' },
      { from: 'fd15', to: 'fd16', kind: 'connection' },
    ]);
  });

  it('says every socket and line in order, naming an unnamed socket by fd and a socket with no TCP state as such', () => {
    expect(describeDiagram(layoutSockets(all))).toBe(
      [
        'l2: listener, LISTEN, local 127.0.0.1:2000.',
        'on2: accepted, ESTABLISHED, local 127.0.0.1:2000, peer 10.1.1.1:5000.',
        'l1: listener, LISTEN, local 127.0.0.1:1000.',
        'on1: accepted, ESTABLISHED, local 127.0.0.1:1000, peer 127.0.0.1:6000.',
        'to1: client, ESTABLISHED, local 127.0.0.1:6000, peer 127.0.0.1:1000.',
        'orphan: accepted, CLOSE_WAIT, local 127.0.0.1:3000, peer 127.0.0.1:7000.',
        'to-orphan: client, FIN_WAIT2, local 127.0.0.1:7000, peer 127.0.0.1:3000.',
        'fd 17: new, no TCP state.',
        'on2 was accepted on l2.',
        'on2 is connected to peer 10.1.1.1:5000 (not in this workbench).',
        'on1 was accepted on l1.',
        'on1 is connected to to1.',
        'orphan is connected to to-orphan.',
      ].join(' '),
    );
    expect(describeDiagram(layoutSockets([]))).toBe('No sockets.');
  });

  it('stops at the row limit in each part of the drawing, counting what it left out', () => {
    const at = (max: number) => layoutSockets(all, max);
    expect(at(1).nodes.map((n) => n.key)).toEqual(['fd11']);
    expect(at(1).omitted).toBe(7);
    expect(at(2).nodes.map((n) => n.key)).toEqual(['fd11', 'fd12', 'peer-12']);
    expect(at(3).nodes.map((n) => n.key)).toEqual(['fd11', 'fd12', 'peer-12', 'fd10']);
    expect(at(5).nodes.map((n) => n.key)).toEqual(['fd11', 'fd12', 'peer-12', 'fd10', 'fd13', 'fd14', 'fd15', 'fd16']);
    expect(at(5).rows).toBe(5);
    expect(at(5).omitted).toBe(1);
    expect(describeDiagram(at(5))).toMatch(/ 1 more sockets are not drawn\.$/);
    expect(describeDiagram(layoutSockets(all))).not.toContain('not drawn');
    // Listeners alone past the limit.
    expect(layoutSockets([l1, l2], 1).nodes.map((n) => n.key)).toEqual(['fd10']);
    expect(layoutSockets([orphan, toOrphan, fresh], 1).nodes.map((n) => n.key)).toEqual(['fd15', 'fd16']);
  });

  it('puts a socket accepted on a specific address under the listener of its port on the wildcard address, and no other kind of socket', () => {
    const any = snapshot({ fd: 40, name: 'any', role: 'listener', local: '0.0.0.0:1000', state: 'LISTEN' });
    const udp = snapshot({ fd: 41, name: 'udp', role: 'new', type: 'SOCK_DGRAM', local: '127.0.0.1:1000', state: null });
    const acc = snapshot({ fd: 42, name: 'acc', role: 'accepted', local: '127.0.0.1:1000', peer: '127.0.0.1:7777', state: 'ESTABLISHED' });
    const d = layoutSockets([any, udp, acc]);
    expect(d.nodes.map((n) => [n.key, n.side, n.row])).toEqual([
      ['fd40', 'server', 0],
      ['fd42', 'server', 1],
      ['peer-42', 'client', 1],
      ['fd41', 'client', 2],
    ]);
    expect(d.lines[0]).toEqual({ from: 'fd40', to: 'fd42', kind: 'accepted-from' });
  });

  it('draws a socket connected to itself once, with no peer', () => {
    const self = snapshot({ fd: 20, name: 'self', role: 'client', local: '127.0.0.1:40000', peer: '127.0.0.1:40000', state: 'ESTABLISHED' });
    const d = layoutSockets([self]);
    expect(d.nodes.map((n) => n.key)).toEqual(['fd20']);
    expect(d.lines).toEqual([]);
  });

  it('joins two connected sockets that are neither listener nor accepted (datagram sockets connected to each other)', () => {
    const u1 = snapshot({ fd: 21, name: 'u1', role: 'client', type: 'SOCK_DGRAM', local: '127.0.0.1:5001', peer: '127.0.0.1:5002', state: null });
    const u2 = snapshot({ fd: 22, name: 'u2', role: 'client', type: 'SOCK_DGRAM', local: '127.0.0.1:5002', peer: '127.0.0.1:5001', state: null });
    const d = layoutSockets([u1, u2]);
    expect(d.nodes.map((n) => [n.key, n.side, n.row])).toEqual([
      ['fd21', 'client', 0],
      ['fd22', 'server', 0],
    ]);
    expect(d.lines).toEqual([{ from: 'fd21', to: 'fd22', kind: 'connection' }]);
    expect(d.rows).toBe(1);
  });

  it('leaves an accepted socket with no local address out of the listeners (it is drawn after them)', () => {
    const unbound = snapshot({ fd: 31, name: 'unbound', role: 'accepted', local: null, peer: null, state: 'CLOSE' });
    const d = layoutSockets([{ ...l1, fd: 30 }, unbound]);
    expect(d.lines).toEqual([]);
    expect(d.nodes.map((n) => [n.key, n.row])).toEqual([
      ['fd30', 0],
      ['fd31', 1],
    ]);
  });
});

describe('describeDiagram with the window labels', () => {
  const out = snapshot({ fd: 6, name: 'c', role: 'client', local: '10.0.0.2:40000', peer: '93.184.216.34:443', state: 'ESTABLISHED' });
  const labels = (peerName: string) => ({
    nameOf: (s: { name: string | null; fd: number }) => `«${s.name}»`,
    stateOf: (s: { state: string | null }) => `state ${s.state}`,
    peerOf: (peer: string, from: { name: string | null }) => ({ name: peerName, note: `seen from ${from.name} at ${peer}` }),
  });

  it('uses the names, states and peer notes it is given', () => {
    const d = layoutSockets([out]);
    expect(describeDiagram(d, labels('peer'))).toBe(
      '«c»: client, state ESTABLISHED, local 10.0.0.2:40000, peer 93.184.216.34:443. «c» is connected to peer 93.184.216.34:443 (seen from c at 93.184.216.34:443).',
    );
    expect(describeDiagram(d, labels('peer s2'))).toContain('«c» is connected to peer 93.184.216.34:443 (seen from c at 93.184.216.34:443).');
    expect(describeDiagram(d, labels('srv of the other page'))).toContain('«c» is connected to srv of the other page at 93.184.216.34:443 (seen from c at 93.184.216.34:443).');
    expect(describeDiagram(d, labels('a peer'))).toContain('is connected to a peer at 93.184.216.34:443');
  });
});
