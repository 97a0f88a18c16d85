// The lesson's diagram model from records shaped as the engine gives them: only the lesson's own
// sockets under its names, and peers labelled from what the lesson did.
import { describe, expect, it } from 'vitest';
import type { CallRecord, SocketSnapshot } from '../../../shared/record';
import { snapshot } from '../test/fake-client';
import { lessonDiagram } from './lesson-diagram';
import { describeDiagram, layoutSockets } from './socket-diagram';

const NS = 'lesson-abc1-';
const L = snapshot({ fd: 20, name: `${NS}l`, role: 'listener', local: '127.0.0.1:40000', state: 'LISTEN' });
const C = snapshot({ fd: 21, name: `${NS}c`, role: 'client', local: '127.0.0.1:50000', peer: '127.0.0.1:40000', state: 'ESTABLISHED' });
const A = snapshot({ fd: 22, name: `${NS}a`, role: 'accepted', local: '127.0.0.1:40000', peer: '127.0.0.1:50000', state: 'ESTABLISHED' });
const MINE = snapshot({ fd: 30, name: 'c', role: 'client', local: '127.0.0.1:50001', peer: '127.0.0.1:40001', state: 'ESTABLISHED' });

function rec(index: number, call: string, socket: SocketSnapshot, patch: Partial<CallRecord> = {}): CallRecord {
  return { index, call, args: {}, c: '', ret: 1, errno: null, errorQueue: [], socket, addresses: null, durationUs: 1, blocked: false, cancelled: null, refused: null, warnings: [], data: null, expect: null, startedAt: 0, ...patch };
}

describe('lessonDiagram', () => {
  it("draws only the lesson's sockets, under its names, and a connection not yet accepted as waiting in the listener's backlog", () => {
    const m = lessonDiagram([L, C, MINE], [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C)], NS);
    expect(m.sockets.map((s) => m.nameOf(s))).toEqual(['l', 'c']);
    expect(m.peerOf('127.0.0.1:40000', C)).toEqual({ name: "l's backlog", note: 'waiting for accept' });
    // Before its first step the lesson has no sockets, whatever the session holds.
    expect(lessonDiagram([L, C, MINE], [], null).sockets).toEqual([]);
  });

  it('says a peer the lesson closed first is in FIN_WAIT_2, and once both ends closed draws the first in TIME_WAIT', () => {
    const history = [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C), rec(2, 'BIO_accept_ex', A), rec(3, 'BIO_closesocket', { ...A, state: null })];
    const waiting = { ...C, state: 'CLOSE_WAIT' };
    const m = lessonDiagram([L, waiting], history, NS);
    // c's peer has the listener's address, but it is the accepted a, closed: not the backlog.
    expect(m.peerOf('127.0.0.1:40000', waiting)).toEqual({ name: 'a', note: 'closed: FIN_WAIT_2' });
    expect(m.sockets.some((s) => s.state === 'TIME_WAIT')).toBe(false);

    const after = lessonDiagram([L], [...history, rec(4, 'BIO_closesocket', { ...C, state: null })], NS);
    const ghost = after.sockets.find((s) => s.state === 'TIME_WAIT');
    expect(ghost && after.nameOf(ghost)).toBe('a');
    expect(ghost && after.stateOf(ghost)).toBe('TIME_WAIT');
    expect(after.sockets.filter((s) => s.state === 'TIME_WAIT')).toHaveLength(1);
    expect(after.notes.join(' ')).toContain('TIME_WAIT');
  });

  it('the client closing first leaves the client in TIME_WAIT, not the accepted socket', () => {
    const history = [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C), rec(2, 'BIO_accept_ex', A), rec(3, 'BIO_closesocket', { ...C, state: null })];
    expect(lessonDiagram([L, { ...A, state: 'CLOSE_WAIT' }], history, NS).peerOf(C.local!, A)).toEqual({ name: 'c', note: 'closed: FIN_WAIT_2' });
    const both = lessonDiagram([L], [...history, rec(4, 'BIO_closesocket', { ...A, state: null })], NS);
    expect(both.sockets.filter((s) => s.state === 'TIME_WAIT').map((s) => both.nameOf(s))).toEqual(['c']);
    // The end that closed second went straight to CLOSED.
    expect(both.peerOf(A.local!, C)).toEqual({ name: 'a', note: 'closed by the lesson' });
  });

  it('marks a nonblocking connect the lesson has not asked about, and not once BIO_sock_error did', () => {
    const inProgress = rec(1, 'BIO_connect', C, { ret: 0, errno: { code: 115, name: 'EINPROGRESS', message: 'Operation now in progress' } });
    const m = lessonDiagram([L, C], [rec(0, 'BIO_listen', L), inProgress], NS);
    expect(m.stateOf(C)).toBe('ESTABLISHED *');
    expect(m.notes[0]).toContain('c: BIO_connect said EINPROGRESS');
    expect(m.stateOf({ ...C, state: 'SYN_SENT' })).toBe('connecting (SYN_SENT)');
    const asked = lessonDiagram([L, C], [rec(0, 'BIO_listen', L), inProgress, rec(2, 'BIO_sock_error', C, { ret: 0 })], NS);
    expect(asked.stateOf(C)).toBe('ESTABLISHED');
    expect(asked.notes).toEqual([]);
  });

  it('ends the mark once a wait saw the socket ready, not when the wait timed out', () => {
    const inProgress = rec(1, 'BIO_connect', C, { ret: 0, errno: { code: 115, name: 'EINPROGRESS', message: 'Operation now in progress' } });
    const ready = lessonDiagram([L, C], [inProgress, rec(2, 'wait', C, { ret: 1 })], NS);
    expect(ready.stateOf(C)).toBe('ESTABLISHED');
    const timedOut = lessonDiagram([L, C], [inProgress, rec(2, 'wait', C, { ret: 0 })], NS);
    expect(timedOut.stateOf(C)).toBe('ESTABLISHED *');
  });

  it("names the session's sockets outside a lesson as the workbench does, and a peer it does not hold", () => {
    const unnamed = snapshot({ fd: 40, name: null, role: 'new', local: null, state: null });
    const m = lessonDiagram([MINE, unnamed], [], null);
    expect(m.nameOf(MINE)).toBe('c');
    expect(m.nameOf(unnamed)).toBe('fd 40');
    expect(m.stateOf(unnamed)).toBe('no TCP state');
    expect(m.peerOf('10.0.0.1:443', MINE)).toEqual({ name: 'peer', note: 'not in this workbench' });
    const inLesson = lessonDiagram([C], [rec(0, 'BIO_connect', C)], NS);
    expect(inLesson.peerOf('10.0.0.1:443', C)).toEqual({ name: 'peer', note: 'not in this lesson' });
    expect(inLesson.nameOf(MINE)).toBe('c');
  });

  it("reads only the lesson's own records: steps not run yet, calls without a socket and the person's sockets are passed over", () => {
    const lookup = rec(1, 'BIO_lookup_ex', null as unknown as SocketSnapshot);
    const mineClosed = rec(2, 'BIO_closesocket', MINE);
    const unnamed = snapshot({ fd: 41, name: null, role: 'new', local: null, state: null });
    const m = lessonDiagram([L, unnamed], [rec(0, 'BIO_listen', L), lookup, mineClosed, null], NS);
    expect(m.sockets.map((s) => m.nameOf(s))).toEqual(['l']);
    expect(m.peerOf(MINE.local!, L)).toEqual({ name: 'peer', note: 'not in this lesson' });
  });

  it('keeps the role a socket had when its last record shows it closed, and a close that failed closes nothing', () => {
    const history = [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C), rec(2, 'BIO_accept_ex', A), rec(3, 'BIO_closesocket', { ...A, role: 'closed', state: null })];
    const both = lessonDiagram([L], [...history, rec(4, 'BIO_closesocket', { ...C, role: 'closed', state: null })], NS);
    expect(both.sockets.filter((s) => s.state === 'TIME_WAIT').map((s) => [both.nameOf(s), s.role])).toEqual([['a', 'accepted']]);
    const failed = lessonDiagram([L, C], [...history.slice(0, 3), rec(3, 'BIO_closesocket', A, { ret: -1 })], NS);
    expect(failed.peerOf('127.0.0.1:40000', C)).toEqual({ name: "l's backlog", note: 'waiting for accept' });
  });

  it('marks no connect that connected at once', () => {
    const m = lessonDiagram([L, C], [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C, { ret: 1 })], NS);
    expect(m.stateOf(C)).toBe('ESTABLISHED');
    expect(m.notes).toEqual([]);
  });

  it('gives each end in TIME_WAIT its own key, never a real fd', () => {
    const C2 = snapshot({ fd: 23, name: `${NS}c2`, role: 'client', local: '127.0.0.1:50002', peer: '127.0.0.1:40000', state: 'ESTABLISHED' });
    const A2 = snapshot({ fd: 24, name: `${NS}a2`, role: 'accepted', local: '127.0.0.1:40000', peer: '127.0.0.1:50002', state: 'ESTABLISHED' });
    const closed = (i: number, s: SocketSnapshot) => rec(i, 'BIO_closesocket', { ...s, state: null });
    const history = [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C), rec(2, 'BIO_accept_ex', A), rec(3, 'BIO_connect', C2), rec(4, 'BIO_accept_ex', A2)];
    const m = lessonDiagram([L], [...history, closed(5, C), closed(6, A), closed(7, C2), closed(8, A2)], NS);
    const ghosts = m.sockets.filter((s) => s.state === 'TIME_WAIT');
    expect(ghosts.map((s) => [m.nameOf(s), s.fd])).toEqual([
      ['c', -1],
      ['c2', -2],
    ]);
  });

  const EINPROGRESS = { code: 115, name: 'EINPROGRESS', message: 'Operation now in progress' };

  it('keeps the mark after a write, even of one byte, drops it once the lesson closed the socket, and marks no refused connect', () => {
    const inProgress = rec(1, 'BIO_connect', C, { ret: 0, errno: EINPROGRESS });
    const wrote = lessonDiagram([L, C], [rec(0, 'BIO_listen', L), inProgress, rec(2, 'BIO_write', C, { ret: 1 })], NS);
    expect(wrote.stateOf(C)).toBe('ESTABLISHED *');
    const closed = lessonDiagram([L], [rec(0, 'BIO_listen', L), inProgress, rec(2, 'BIO_closesocket', { ...C, state: null })], NS);
    expect(closed.notes).toEqual([]);
    // The connect failed later (nothing listened): the kernel's state is shown as it is.
    const refused = lessonDiagram([C], [inProgress], NS);
    expect(refused.stateOf({ ...C, peer: null, state: 'CLOSE' })).toBe('CLOSE');
  });

  it('shows a socket at fd 0 by its state, names an unnamed one by its fd, and reads past records of unnamed sockets', () => {
    const unnamed = snapshot({ fd: 0, name: null, role: 'new', local: null, state: null });
    const m = lessonDiagram([L, unnamed], [rec(0, 'BIO_listen', L), rec(1, 'BIO_socket', unnamed)], NS);
    expect(m.nameOf(unnamed)).toBe('fd 0');
    expect(m.stateOf({ ...C, fd: 0 })).toBe('ESTABLISHED');
    expect(m.sockets.map((s) => m.nameOf(s))).toEqual(['l']);
  });

  it('draws the end in TIME_WAIT with the role it had once connected, not the one it was made with', () => {
    const made = { ...C, role: 'new' as const, local: null, peer: null, state: 'CLOSE' };
    const history = [rec(0, 'BIO_listen', L), rec(1, 'BIO_socket', made), rec(2, 'BIO_connect', C), rec(3, 'BIO_accept_ex', A), rec(4, 'BIO_closesocket', { ...C, role: 'closed', state: null }), rec(5, 'BIO_closesocket', { ...A, role: 'closed', state: null })];
    const m = lessonDiagram([L], history, NS);
    expect(m.sockets.filter((s) => s.state === 'TIME_WAIT').map((s) => [m.nameOf(s), s.role])).toEqual([['c', 'client']]);
  });

  it("labels a closed listener as closed, and does not take another closed socket for a peer it never was", () => {
    const closedListener = lessonDiagram([C], [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C), rec(2, 'BIO_closesocket', { ...L, state: null })], NS);
    expect(closedListener.peerOf(L.local!, C)).toEqual({ name: 'l', note: 'closed by the lesson' });
    // A socket made and closed without ever connecting, beside a listener still open.
    const spare = snapshot({ fd: 25, name: `${NS}s`, role: 'new', local: '127.0.0.1:60000', peer: null, state: 'CLOSE' });
    const m = lessonDiagram([L, C], [rec(0, 'BIO_listen', L), rec(1, 'BIO_socket', spare), rec(2, 'BIO_closesocket', { ...spare, state: null }), rec(3, 'BIO_connect', C)], NS);
    expect(m.peerOf(L.local!, C)).toEqual({ name: "l's backlog", note: 'waiting for accept' });
  });

  it("puts a second client in the listener's backlog though an accepted socket of the first, closed, shares the listener's address", () => {
    const C2 = snapshot({ fd: 23, name: `${NS}c2`, role: 'client', local: '127.0.0.1:50002', peer: '127.0.0.1:40000', state: 'ESTABLISHED' });
    const history = [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C), rec(2, 'BIO_accept_ex', A), rec(3, 'BIO_closesocket', { ...A, state: null }), rec(4, 'BIO_connect', C2)];
    expect(lessonDiagram([L, C, C2], history, NS).peerOf(L.local!, C2)).toEqual({ name: "l's backlog", note: 'waiting for accept' });
  });

  it("finds the backlog by the listener's own address among several, past an accepted socket on a lower fd", () => {
    const L2 = snapshot({ fd: 26, name: `${NS}l2`, role: 'listener', local: '127.0.0.1:40001', state: 'LISTEN' });
    const C2 = snapshot({ fd: 27, name: `${NS}c2`, role: 'client', local: '127.0.0.1:50002', peer: '127.0.0.1:40001', state: 'ESTABLISHED' });
    expect(lessonDiagram([L, L2, C2], [], NS).peerOf(L2.local!, C2)).toEqual({ name: "l2's backlog", note: 'waiting for accept' });
    // The kernel gives the lowest free fd: an accept after an early close can sit below its listener.
    const early = { ...A, fd: 19 };
    expect(lessonDiagram([early, L, C2], [], NS).peerOf(L.local!, { ...C2, peer: L.local })).toEqual({ name: "l's backlog", note: 'waiting for accept' });
  });

  it("says in words which socket's connection waits in the backlog, judged by that socket and not the first one drawn", () => {
    const m = lessonDiagram([L, C], [rec(0, 'BIO_listen', L), rec(1, 'BIO_connect', C)], NS);
    expect(describeDiagram(layoutSockets(m.sockets), m)).toContain("c is connected to l's backlog at 127.0.0.1:40000 (waiting for accept).");
  });
});
