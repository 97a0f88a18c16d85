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
