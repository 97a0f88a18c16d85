// A lesson's own namespace of sockets: which steps it lets through (with the session's names) and
// which it refuses before any call, on records shaped as the engine writes them. The BIOs and TLS
// objects are lesson-objects.test.ts; lesson-namespace.test.ts runs a lesson on a real engine.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import { LessonSockets } from './lesson-sockets';
import type { CallRecord, SocketSnapshot } from './record';
import type { Step } from './steps';

const P = 'lesson-s1-';

function snapshot(fd: number, name: string | null, role: SocketSnapshot['role'] = 'new'): SocketSnapshot {
  return { fd, name, role, family: 'AF_INET', type: 'SOCK_STREAM', local: null, peer: null, state: null, soError: 0, applied: {}, requested: {}, tcpInfo: null };
}

const rec = (step: Step, fields: Partial<CallRecord>): CallRecord => ({ ...blankRecord(step, 0), ...fields });
const socketStep = (as: string): Step => ({ call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM' });

/** The lesson's sockets after it opened `names` (fds from 10 up). */
function holding(...names: string[]): LessonSockets {
  const own = new LessonSockets(P);
  names.forEach((n, i) => own.note(socketStep(n), rec(socketStep(n), { ret: 10 + i, socket: snapshot(10 + i, P + n) })));
  return own;
}

const held = (own: LessonSockets) => own.opened.map((o) => `${o.name}=${o.sessionName}#${o.fd}`);

describe('LessonSockets.toSession', () => {
  it('turns a socket the lesson holds, by name or by fd, into its session name', () => {
    const own = holding('l', 'c');
    expect(own.toSession({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' })).toEqual({ args: { call: 'BIO_listen', sock: `${P}l`, addr: '127.0.0.1:0' } });
    expect(own.toSession({ call: 'BIO_write', sock: 11, data: 'x' })).toEqual({ args: { call: 'BIO_write', sock: `${P}c`, data: 'x' } });
  });

  it('refuses a socket the lesson did not open, by name or by fd', () => {
    const own = holding('l');
    expect(own.toSession({ call: 'BIO_listen', sock: 'mine', addr: '127.0.0.1:0' })).toEqual({
      refused: 'socket "mine" is not a socket this lesson opened (its creating step was refused or failed, or it was closed): a lesson acts only on its own sockets',
    });
    expect(own.toSession({ call: 'BIO_closesocket', sock: 3 })).toEqual({
      refused: 'fd 3 is not a socket this lesson opened (its creating step was refused or failed, or it was closed): a lesson acts only on its own sockets',
    });
    expect(own.toSession({ call: 'BIO_closesocket', sock: null })).toHaveProperty('refused', expect.stringMatching(/^fd null is not a socket this lesson opened/));
  });

  it('leaves a step that names no socket as it is', () => {
    expect(new LessonSockets(P).toSession({ call: 'BIO_get_port', service: 'https' })).toEqual({ args: { call: 'BIO_get_port', service: 'https' } });
  });

  it('puts a new name under the prefix, refusing one too long for the session or already held', () => {
    const own = holding('l');
    expect(own.toSession(socketStep('c'))).toEqual({ args: { ...socketStep('c'), as: `${P}c` } });
    const fits = 'n'.repeat(64 - P.length);
    expect(own.toSession(socketStep(fits))).toEqual({ args: { ...socketStep(fits), as: P + fits } });
    expect(own.toSession(socketStep(`${fits}x`))).toEqual({ refused: `the lesson's name "${fits}x" is too long for its namespace (65 characters, at most 64)` });
    expect(own.toSession(socketStep('l'))).toEqual({ refused: 'the lesson already holds a socket or object named "l"' });
    own.note({ call: 'BIO_new_connect', as: 'b', addr: '127.0.0.1:1' }, rec({ call: 'BIO_new_connect', as: 'b', addr: '127.0.0.1:1' }, { ret: 1 }));
    expect(own.toSession(socketStep('b'))).toEqual({ refused: 'the lesson already holds a socket or object named "b"' });
  });

  it('refuses a BIO, SSL or context field that is no name at all', () => {
    expect(new LessonSockets(P).toSession({ call: 'SSL_connect', ssl: 5 })).toEqual({
      refused: 'ssl "5" is not an object this lesson made (its creating step was refused or failed, or it was freed): a lesson acts only on its own',
    });
  });
});

describe('LessonSockets.note', () => {
  it('holds the sockets the lesson made, in order, and forgets one when it is closed', () => {
    const own = holding('l', 'c');
    expect(held(own)).toEqual([`l=${P}l#10`, `c=${P}c#11`]);
    const close: Step = { call: 'BIO_closesocket', sock: 'l' };
    own.note(close, rec(close, { ret: 1, socket: snapshot(10, `${P}l`, 'closed') }));
    expect(held(own)).toEqual([`c=${P}c#11`]);
  });

  it('keeps a socket whose name closed on another fd (closed by hand and made again by the person)', () => {
    const own = holding('c');
    const close: Step = { call: 'BIO_closesocket', sock: 'c' };
    own.note(close, rec(close, { ret: 1, socket: snapshot(42, `${P}c`, 'closed') }));
    expect(held(own)).toEqual([`c=${P}c#10`]);
  });

  it('a close of a socket under its prefix that it never held changes nothing', () => {
    const own = holding('c');
    const close: Step = { call: 'BIO_closesocket', sock: 'x' };
    own.note(close, rec(close, { ret: 1, socket: snapshot(30, `${P}x`, 'closed') }));
    expect(held(own)).toEqual([`c=${P}c#10`]);
  });

  it('ignores a refused step, and any socket outside its prefix', () => {
    const own = new LessonSockets(P);
    own.note(socketStep('a'), rec(socketStep('a'), { refused: 'no', socket: snapshot(10, `${P}a`) }));
    own.note(socketStep('b'), rec(socketStep('b'), { ret: 11, socket: snapshot(11, 'lesson-other-b') }));
    own.note(socketStep('c'), rec(socketStep('c'), { ret: 12, socket: snapshot(12, null) }));
    own.note(socketStep('d'), rec(socketStep('d'), { ret: -1, socket: null }));
    expect(own.opened).toEqual([]);
  });

  it('takes a background accept\'s socket from its own record or from its await\'s, once', () => {
    const accept: Step = { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true };
    const fromAccept = holding('l');
    fromAccept.note(accept, rec(accept, { ret: 12, socket: snapshot(12, `${P}a`, 'accepted') }));
    expect(held(fromAccept)).toEqual([`l=${P}l#10`, `a=${P}a#12`]);
    const fromAwait = holding('l');
    const wait: Step = { call: 'await', step: 1 };
    fromAwait.note(wait, rec(wait, { ret: 12, socket: snapshot(12, `${P}a`, 'accepted') }));
    expect(held(fromAwait)).toEqual([`l=${P}l#10`, `a=${P}a#12`]);
    // The await of an accept already held does not move it to another fd.
    fromAccept.note(wait, rec(wait, { ret: 12, socket: snapshot(13, `${P}a`, 'accepted') }));
    expect(held(fromAccept)).toEqual([`l=${P}l#10`, `a=${P}a#12`]);
  });

  it('a step on a held socket keeps it; a step whose record shows another socket of the prefix does not take it', () => {
    const own = holding('c');
    const connect: Step = { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' };
    own.note(connect, rec(connect, { ret: 1, socket: snapshot(10, `${P}c`, 'client') }));
    expect(held(own)).toEqual([`c=${P}c#10`]);
    own.note(connect, rec(connect, { ret: 1, socket: snapshot(77, `${P}x`, 'client') }));
    own.note(connect, rec(connect, { ret: 1, socket: snapshot(78, `${P}c`, 'client') }));
    const cancel: Step = { call: 'cancel', step: 0 };
    own.note(cancel, rec(cancel, { ret: null, socket: snapshot(79, `${P}y`) }));
    expect(held(own)).toEqual([`c=${P}c#10`]);
  });

  it('a step that names as but makes no socket does not hold one', () => {
    const own = new LessonSockets(P);
    const lookup = { call: 'BIO_lookup_ex', addr: '127.0.0.1:1', as: 'z' } as unknown as Step;
    own.note(lookup, rec(lookup, { ret: 1, socket: snapshot(10, `${P}z`) }));
    expect(own.opened).toEqual([]);
  });
});

describe('LessonSockets.lessonName', () => {
  it('takes the prefix off a session name under it, and leaves any other name alone', () => {
    const own = new LessonSockets(P);
    expect(own.lessonName(`${P}c`)).toBe('c');
    expect(own.lessonName('mine')).toBe('mine');
  });
});

describe('a lesson\'s objects freed', () => {
  const make = (own: LessonSockets, step: Step) => own.note(step, rec(step, { ret: 1 }));

  it('forgets a context when SSL_CTX_free frees it, and keeps a BIO an SSL_free did not take with it', () => {
    const own = new LessonSockets(P);
    make(own, { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' });
    make(own, { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' });
    make(own, { call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb' });
    own.note({ call: 'SSL_free', ssl: 'tls' }, rec({ call: 'SSL_free', ssl: 'tls' }, { ret: null, bio: { name: `${P}cb`, type: 'BIO_s_connect', fd: 5, chain: [], ownedBy: null, freed: false } }));
    expect(own.toSession({ call: 'BIO_do_connect', bio: 'cb' })).toEqual({ args: { call: 'BIO_do_connect', bio: `${P}cb` } });
    expect(own.toSession({ call: 'SSL_connect', ssl: 'tls' })).toHaveProperty('refused');
    make(own, { call: 'SSL_CTX_free', ctx: 'ctx' });
    expect(own.toSession({ call: 'SSL_new', as: 't2', ctx: 'ctx', bio: 'cb' })).toHaveProperty('refused', expect.stringMatching(/^ctx "ctx" is not an object/));
  });

  it('a context stays the lesson\'s while SSL objects are made on it and freed', () => {
    const own = new LessonSockets(P);
    make(own, { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' });
    make(own, { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as Step);
    make(own, { call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: 'c' });
    // An SSL object on a socket (SSL_set_fd) frees no BIO: its record carries none.
    own.note({ call: 'SSL_free', ssl: 'tls' }, rec({ call: 'SSL_free', ssl: 'tls' }, { ret: null }));
    expect(own.toSession({ call: 'SSL_connect', ssl: 'tls' })).toHaveProperty('refused');
    expect(own.toSession({ call: 'SSL_new', as: 't2', ctx: 'ctx', bio: 'nope' })).toHaveProperty('refused', expect.stringMatching(/^bio "nope"/));
    make(own, { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' });
    expect(own.toSession({ call: 'SSL_new', as: 't2', ctx: 'ctx', bio: 'cb' })).toEqual({ args: { call: 'SSL_new', as: `${P}t2`, ctx: `${P}ctx`, bio: `${P}cb` } });
  });

  it('holds a BIO that BIO_pop gave, and none from a refused step', () => {
    const own = new LessonSockets(P);
    make(own, { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' });
    make(own, { call: 'BIO_pop', bio: 'ab', as: 'conn' });
    const refusedNew: Step = { call: 'BIO_new_connect', as: 'r', addr: '127.0.0.1:1' };
    own.note(refusedNew, rec(refusedNew, { ret: 1, refused: 'no' }));
    expect(own.toSession({ call: 'BIO_read', sock: 'conn', max: 1 })).toEqual({ args: { call: 'BIO_read', sock: `${P}conn`, max: 1 } });
    expect(own.toSession({ call: 'BIO_do_connect', bio: 'r' })).toHaveProperty('refused');
  });
});
