// The comparison's rules on records shaped as the engine writes them: what counts as a
// difference (ret, errno, the queue's codes and text, applied options, refused, cancelled) and
// what the kernel chose that never does (fd numbers, ports, addresses).
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import { compareRuns, differenceText, valueText } from './compare';
import type { CallRecord, ErrorQueueEntry, SocketSnapshot } from './record';
import type { Step } from './steps';

function socket(fd: number, name: string | null, local: string, applied: SocketSnapshot['applied'], role: SocketSnapshot['role'] = 'listener'): SocketSnapshot {
  return { fd, name, role, family: 'AF_INET', type: 'SOCK_STREAM', local, peer: null, state: 'LISTEN', soError: 0, applied, requested: {}, tcpInfo: null };
}

function rec(index: number, step: Step, fields: Partial<CallRecord>): CallRecord {
  return { ...blankRecord(step, index), ...fields };
}

const queue = (hex: string, text: string): ErrorQueueEntry => ({ code: parseInt(hex, 16), hex, library: null, reason: null, file: null, line: 0, function: null, data: null, text });

const open = (fd: number): CallRecord => rec(0, { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { ret: fd, socket: socket(fd, 'l', '0.0.0.0:0', {}, 'new') });
const listen = (fd: number, port: number, tfo: number): CallRecord =>
  rec(1, { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }, { ret: 1, socket: socket(fd, 'l', `127.0.0.1:${port}`, { SO_REUSEADDR: true, TCP_FASTOPEN: tfo }) });
const close = (fd: number, port: number, tfo: number): CallRecord =>
  rec(2, { call: 'BIO_closesocket', sock: 'l' }, { ret: 1, socket: { ...socket(fd, 'l', `127.0.0.1:${port}`, { SO_REUSEADDR: true, TCP_FASTOPEN: tfo }), role: 'closed' } });

describe('compareRuns', () => {
  it('finds no difference in fd numbers, ports or addresses the kernel picked', () => {
    const c = compareRuns([open(19), listen(19, 40001, 0), close(19, 40001, 0)], [open(23), listen(23, 51234, 0), close(23, 51234, 0)]);
    expect(c).toMatchObject({ agree: true, differing: [] });
    expect(c.steps.map((s) => s.differences)).toEqual([[], [], []]);
  });

  it('reports an applied option where it first differs, and not again on the same socket', () => {
    const c = compareRuns([open(19), listen(19, 40001, 0), close(19, 40001, 0)], [open(19), listen(19, 40002, 4096), close(19, 40002, 4096)]);
    expect(c.agree).toBe(false);
    expect(c.differing).toEqual([1]);
    expect(c.steps[1].differences).toEqual([{ field: 'applied.TCP_FASTOPEN', a: 0, b: 4096 }]);
    expect(differenceText(c.steps[1].differences[0])).toBe('applied.TCP_FASTOPEN: A 0, B 4096');
  });

  it('compares ret exactly except where it is a new fd, and a failed socket call is not an fd', () => {
    const failed = rec(0, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { ret: -1, errno: { code: 24, name: 'EMFILE', message: 'Too many open files' } });
    const c = compareRuns([open(3)], [failed]);
    expect(c.steps[0].differences).toEqual([
      { field: 'ret', a: 'fd', b: -1 },
      { field: 'errno', a: null, b: 'EMFILE' },
    ]);
    const write = (ret: number) => rec(0, { call: 'BIO_write', sock: 'c', data: 'hello' }, { ret });
    expect(compareRuns([write(5)], [write(3)]).steps[0].differences).toEqual([{ field: 'ret', a: 5, b: 3 }]);
  });

  it('compares the error queue by code and text, in order', () => {
    const connect = (entries: ErrorQueueEntry[]) => rec(0, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }, { ret: 0, errno: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' }, errorQueue: entries });
    const refusedQueue = [queue('8000006F', 'error:8000006F:system library::Connection refused'), queue('10000067', 'error:10000067:BIO routines::connect error')];
    expect(compareRuns([connect(refusedQueue)], [connect(refusedQueue.map((e) => ({ ...e, line: 117, data: 'calling connect()' })))]).agree).toBe(true);
    const c = compareRuns([connect(refusedQueue)], [connect(refusedQueue.slice(0, 1))]);
    expect(c.steps[0].differences).toEqual([{ field: 'errorQueue', a: refusedQueue.map((e) => e.text), b: [refusedQueue[0].text] }]);
  });

  it('an await carries its background step\'s return value, so an accepted fd is not a difference', () => {
    const accept = (fd: number) => rec(0, { call: 'BIO_accept_ex', sock: 'l', as: 'a' }, { ret: fd });
    const awaited = (fd: number) => rec(1, { call: 'await', step: 0 }, { ret: fd, result: { step: 0 } });
    expect(compareRuns([accept(7), awaited(7)], [accept(9), awaited(9)]).agree).toBe(true);
  });

  it('a step refused on one side only, or missing from one run, differs', () => {
    const step: Step = { call: 'BIO_connect', sock: 'c', addr: '[::1]:1' };
    const c = compareRuns([rec(0, step, { refused: 'resolves only to AF_INET6' })], [rec(0, step, { ret: 0 })]);
    expect(c.steps[0].differences.map((d) => d.field)).toEqual(['refused', 'ret']);
    expect(compareRuns([open(3), listen(3, 1, 0)], [open(3)]).steps[1].differences).toEqual([{ field: 'record', a: 'ran', b: 'no record' }]);
  });

  it('compares what a TLS call agreed (group, version, cipher, ALPN, verify result, SSL_get_error), not the peer certificate', () => {
    const tls = (group: string, subject: string): CallRecord['tls'] => ({
      name: 'cs',
      sslError: { code: 0, name: 'SSL_ERROR_NONE' },
      verify: { code: 0, text: 'ok' },
      version: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      alpn: null,
      group,
      peer: { subject, issuer: subject },
      state: 'SSL negotiation finished successfully',
      handshakeDone: true,
    });
    const hs = (t: CallRecord['tls']) => rec(0, { call: 'SSL_connect', ssl: 'cs' }, { ret: 1, tls: t });
    expect(compareRuns([hs(tls('x25519', 'CN=a'))], [hs(tls('x25519', 'CN=b'))]).agree).toBe(true);
    const c = compareRuns([hs(tls('x25519', 'CN=a'))], [hs(tls('X25519MLKEM768', 'CN=a'))]);
    expect(c.steps[0].differences).toEqual([{ field: 'tls.group', a: 'x25519', b: 'X25519MLKEM768' }]);
    const failed = hs({ ...tls('x25519', 'CN=a')!, sslError: { code: 1, name: 'SSL_ERROR_SSL' }, verify: { code: 18, text: 'self-signed certificate' }, handshakeDone: false });
    expect(compareRuns([hs(tls('x25519', 'CN=a'))], [failed]).steps[0].differences.map((d) => differenceText(d))).toEqual([
      'tls.sslError: A SSL_ERROR_NONE, B SSL_ERROR_SSL',
      'tls.verify: A 0 (ok), B 18 (self-signed certificate)',
      'tls.handshakeDone: A yes, B no',
    ]);
    // A record with no SSL_get_error (SSL_new's) reads as null on both sides, and a record with TLS
    // against one without shows each field it has.
    const made = hs({ ...tls('x25519', 'CN=a')!, sslError: null });
    expect(compareRuns([made], [made]).agree).toBe(true);
    const plain = rec(0, { call: 'SSL_connect', ssl: 'cs' }, { ret: 1 });
    const fields = ['tls.sslError', 'tls.verify', 'tls.handshakeDone', 'tls.version', 'tls.cipher', 'tls.group'];
    expect(compareRuns([hs(tls('x25519', 'CN=a'))], [plain]).steps[0].differences.map((d) => d.field)).toEqual(fields);
    expect(compareRuns([plain], [hs(tls('x25519', 'CN=a'))]).steps[0].differences.map((d) => d.field)).toEqual(fields);
  });
});

describe('compareRuns, more of what the kernel picks and what it does not', () => {
  const connectSock = (sock: string | number, applied: SocketSnapshot['applied'], name: string | null = null, index = 1): CallRecord =>
    rec(index, { call: 'BIO_connect', sock, addr: '127.0.0.1:1' }, { ret: 1, socket: { ...socket(typeof sock === 'number' ? sock : 5, name, '127.0.0.1:40000', applied, 'client') } });

  it('fd 0 is an fd like any other, and a socket call that returned nothing is no fd', () => {
    const made = (ret: number | null) => rec(0, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { ret });
    expect(compareRuns([made(0)], [made(3)]).agree).toBe(true);
    expect(compareRuns([made(null)], [made(3)]).steps[0].differences).toEqual([{ field: 'ret', a: null, b: 'fd' }]);
    const older = (fd: number, call: 'BIO_accept' | 'BIO_get_accept_socket') =>
      rec(0, call === 'BIO_accept' ? { call, sock: 'l' } : { call, hostPort: '127.0.0.1:0' }, { ret: fd });
    expect(compareRuns([older(4, 'BIO_accept')], [older(6, 'BIO_accept')]).agree).toBe(true);
    expect(compareRuns([older(4, 'BIO_get_accept_socket')], [older(6, 'BIO_get_accept_socket')]).agree).toBe(true);
  });

  it('a cancel carries its background step\'s call too; an await of a step that left no record compares its own ret', () => {
    const accept = (fd: number) => rec(0, { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true }, { ret: fd });
    const cancelled = (fd: number) => rec(1, { call: 'cancel', step: 0 }, { ret: fd, result: { step: 0 } });
    expect(compareRuns([accept(7), cancelled(7)], [accept(9), cancelled(9)]).agree).toBe(true);
    const awaitedNothing = (fd: number) => rec(1, { call: 'await', step: 0 }, { ret: fd, result: { step: 5 } });
    expect(compareRuns([accept(7), awaitedNothing(7)], [accept(9), awaitedNothing(9)]).differing).toEqual([1]);
    const noStep = (fd: number) => rec(1, { call: 'await', step: 0 }, { ret: fd, result: { step: '0' as unknown as number } });
    expect(compareRuns([accept(7), noStep(7)], [accept(9), noStep(9)]).differing).toEqual([1]);
  });

  it('a write whose ret equals a step number is not taken for an fd', () => {
    const accept = rec(0, { call: 'BIO_accept_ex', sock: 'l', as: 'a' }, { ret: 3 });
    const write = (ret: number) => rec(1, { call: 'BIO_write', sock: 'a', data: 'hello' }, { ret, result: { step: 0 } });
    expect(compareRuns([accept, write(5)], [accept, write(2)]).steps[1].differences).toEqual([{ field: 'ret', a: 5, b: 2 }]);
  });

  it('adds the code to an error queue text that lacks it, so two texts alike but for the code differ', () => {
    const failing = (hex: string) => rec(0, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }, { ret: 0, errorQueue: [queue(hex, 'connect error')] });
    expect(compareRuns([failing('10000067')], [failing('10000068')]).steps[0].differences).toEqual([{ field: 'errorQueue', a: ['10000067 connect error'], b: ['10000068 connect error'] }]);
  });

  it('a step cancelled on one side only differs', () => {
    const step: Step = { call: 'BIO_accept_ex', sock: 'l', as: 'a' };
    expect(compareRuns([rec(0, step, { cancelled: 'by the person' })], [rec(0, step, {})]).steps[0].differences).toEqual([{ field: 'cancelled', a: true, b: false }]);
  });

  it('a step only the second run has is shown with that run\'s call', () => {
    const c = compareRuns([open(3)], [open(3), listen(3, 1, 0)]);
    expect(c.steps[1]).toEqual({ index: 1, call: 'BIO_listen', c: listen(3, 1, 0).c, differences: [{ field: 'record', a: 'no record', b: 'ran' }] });
  });

  it('tells unnamed sockets apart by the fd a step names, else by the step', () => {
    const a = [connectSock(5, { TCP_NODELAY: false }), connectSock(6, { TCP_NODELAY: false }, null, 2)];
    const b = [connectSock(5, { TCP_NODELAY: true }), connectSock(6, { TCP_NODELAY: true }, null, 2)];
    expect(compareRuns(a, b).differing).toEqual([0, 1]);
    const bySteps = (on: boolean) => [0, 1].map((i) => rec(i, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { ret: 3 + i, socket: socket(3 + i, null, '0.0.0.0:0', { SO_KEEPALIVE: on }, 'new') }));
    expect(compareRuns(bySteps(false), bySteps(true)).differing).toEqual([0, 1]);
  });

  it('an option that agreed again and then differs again is reported again; one only one run has is none in the other', () => {
    const step = (i: number, v: number | undefined) => connectSock('c', v === undefined ? {} : { TCP_FASTOPEN: v }, 'c', i);
    const c = compareRuns([step(0, 0), step(1, 0), step(2, 0), step(3, 0)], [step(0, 5), step(1, 0), step(2, 5), step(3, undefined)]);
    expect(c.steps.map((s) => s.differences)).toEqual([
      [{ field: 'applied.TCP_FASTOPEN', a: 0, b: 5 }],
      [],
      [{ field: 'applied.TCP_FASTOPEN', a: 0, b: 5 }],
      [{ field: 'applied.TCP_FASTOPEN', a: 0, b: null }],
    ]);
  });

  it('compares options in name order, and none for a step whose socket one run did not show', () => {
    const both = (applied: SocketSnapshot['applied']) => connectSock('c', applied, 'c', 0);
    expect(compareRuns([both({ TCP_NODELAY: false, SO_KEEPALIVE: false })], [both({ TCP_NODELAY: true, SO_KEEPALIVE: true })]).steps[0].differences.map((d) => d.field)).toEqual([
      'applied.SO_KEEPALIVE',
      'applied.TCP_NODELAY',
    ]);
    const noSocket = rec(0, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }, { ret: 1 });
    expect(compareRuns([both({ TCP_NODELAY: true })], [noSocket]).agree).toBe(true);
    expect(compareRuns([noSocket], [both({ TCP_NODELAY: true })]).agree).toBe(true);
  });
});

describe('differenceText and valueText', () => {
  it('reads each kind of value as a person would', () => {
    expect(differenceText({ field: 'ret', a: 1, b: 0 }, ['3.0', '3.5'])).toBe('ret: 3.0 1, 3.5 0');
    expect(valueText(null)).toBe('none');
    expect(valueText(undefined)).toBe('none');
    expect(valueText([])).toBe('empty');
    expect(valueText(['a', 2])).toBe('a; 2');
    expect(valueText(true)).toBe('yes');
    expect(valueText(false)).toBe('no');
    expect(valueText(0)).toBe('0');
  });
});

describe('compareRuns, one socket across steps', () => {
  const onSocket = (index: number, sock: string | number, name: string | null, nodelay: boolean): CallRecord =>
    rec(index, { call: 'BIO_write', sock, data: 'x' }, { ret: 1, socket: socket(5, name, '127.0.0.1:40000', { TCP_NODELAY: nodelay }, 'client') });

  it('a named socket is one socket whether a step names it or gives its fd', () => {
    const c = compareRuns([onSocket(0, 'c', 'c', false), onSocket(1, 5, 'c', false)], [onSocket(0, 'c', 'c', true), onSocket(1, 5, 'c', true)]);
    expect(c.differing).toEqual([0]);
  });

  it('an unnamed socket given by the same fd in two steps is one socket', () => {
    const c = compareRuns([onSocket(0, 5, null, false), onSocket(1, 5, null, false)], [onSocket(0, 5, null, true), onSocket(1, 5, null, true)]);
    expect(c.differing).toEqual([0]);
  });

  it('says which run a refusal was in', () => {
    const step: Step = { call: 'BIO_connect', sock: 'c', addr: '[::1]:1' };
    expect(compareRuns([rec(0, step, { ret: 0 })], [rec(0, step, { refused: 'resolves only to AF_INET6' })]).steps[0].differences[0]).toEqual({ field: 'refused', a: false, b: true });
  });
});
