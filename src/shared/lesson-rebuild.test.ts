// A call log rebuilt as a lesson, on records shaped as the engine writes them (lesson.test.ts makes
// them with a real engine; these are the cases a session rarely produces on its own): which
// socket each step names, what an address becomes, what is left out and why.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import { lessonFromRecords } from './lesson';
import type { CallRecord, SocketSnapshot } from './record';
import { checkScenario } from './scenario-check';
import type { Step } from './steps';

function socket(fd: number, name: string | null, local: string | null, role: SocketSnapshot['role'] = 'new'): SocketSnapshot {
  return { fd, name, role, family: 'AF_INET', type: 'SOCK_STREAM', local, peer: null, state: null, soError: 0, applied: {}, requested: {}, tcpInfo: null };
}

function rec(index: number, step: Step, fields: Partial<CallRecord> = {}): CallRecord {
  return { ...blankRecord(step, index), ...fields };
}

const opened = (index: number, fd: number, as?: string): CallRecord =>
  rec(index, { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM', ...(as ? { as } : {}) }, { ret: fd, socket: socket(fd, as ?? null, null) });
const listened = (index: number, sock: string | number, fd: number, port: number, name: string | null = typeof sock === 'string' ? sock : null): CallRecord =>
  rec(index, { call: 'BIO_listen', sock, addr: '127.0.0.1:0' }, { ret: 1, socket: socket(fd, name, `127.0.0.1:${port}`, 'listener') });
const closed = (index: number, sock: string | number, fd: number, ret = 1): CallRecord =>
  rec(index, { call: 'BIO_closesocket', sock }, { ret, socket: ret === 1 ? socket(fd, typeof sock === 'string' ? sock : null, null, 'closed') : socket(fd, null, null) });
const connected = (index: number, sock: string | number, addr: string, fields: Partial<CallRecord> = {}): CallRecord => rec(index, { call: 'BIO_connect', sock, addr }, { ret: 1, ...fields });

type Loose = Step & Record<string, unknown>;
const stepsOf = (records: CallRecord[], tmpDir?: string): Loose[] => lessonFromRecords(records, { tmpDir }).scenario!.steps as Loose[];

describe('socket names in a rebuilt lesson', () => {
  it('gives the same name used twice a numbered second name, and each later step the socket it meant', () => {
    const steps = stepsOf([opened(0, 5, 'l'), closed(1, 'l', 5), opened(2, 6, 'l'), opened(3, 7, 'l'), connected(4, 'l', '127.0.0.1:1')]);
    expect(steps.map((s) => s.as ?? s.sock)).toEqual(['l', 'l', 'l_2', 'l_3', 'l_3']);
  });

  it('cuts a name to the 64 characters a session accepts, numbered ones too', () => {
    const long = 'n'.repeat(70);
    const steps = stepsOf([opened(0, 5, long), opened(1, 6, long)]);
    expect(steps[0].as).toBe('n'.repeat(64));
    expect(steps[1].as).toBe(`${'n'.repeat(62)}_2`);
  });

  it('names an unnamed socket after its fd, and finds it by that fd later', () => {
    const steps = stepsOf([opened(0, 9), connected(1, 9, '127.0.0.1:1')]);
    expect(steps[0]).toMatchObject({ as: 'fd9', expect: { ret: 'fd', errno: null } });
    expect(steps[1]).toMatchObject({ sock: 'fd9', expect: { ret: 1, errno: null } });
  });

  it('takes the name from the record\'s socket before the args, and keeps no name for a socket that was not made', () => {
    const named = rec(0, { call: 'BIO_socket', as: 'asked', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { ret: 4, socket: socket(4, 'given', null) });
    const failed = rec(1, { call: 'BIO_socket', as: 'x', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { ret: -1, errno: { code: 24, name: 'EMFILE', message: 'Too many open files' } });
    const { scenario, leftOut } = lessonFromRecords([named, failed, connected(2, 'given', '127.0.0.1:1'), connected(3, 'x', '127.0.0.1:1')]);
    const steps = scenario!.steps as Loose[];
    expect(steps[0].as).toBe('given');
    expect(steps[1]).not.toHaveProperty('as');
    expect(steps[1].expect).toEqual({ ret: -1, errno: 'EMFILE' });
    expect(steps[2].sock).toBe('given');
    expect(leftOut).toEqual([{ position: 3, c: 'BIO_connect(x, addr, 0)', why: 'acts on socket "x", which no earlier call in this log made (or it was closed)' }]);
  });

  it('an accepted socket, named by the accept\'s args when its record carries none, is a new fd', () => {
    const accept = rec(2, { call: 'BIO_accept_ex', sock: 'l', as: 'a' }, { ret: 8, socket: { ...socket(8, null, '127.0.0.1:40001', 'accepted'), listener: socket(5, 'l', '127.0.0.1:40001', 'listener') } });
    const steps = stepsOf([opened(0, 5, 'l'), listened(1, 'l', 5, 40001), accept, rec(3, { call: 'BIO_read', sock: 'a', max: 1 }, { ret: 0 })]);
    expect(steps[2]).toMatchObject({ as: 'a', sock: 'l', expect: { ret: 'fd', errno: null } });
    expect(steps[3]).toMatchObject({ sock: 'a', expect: { ret: 0, errno: null } });
  });

  it('a failed accept expects its -1, not an fd', () => {
    const accept = rec(2, { call: 'BIO_accept_ex', sock: 'l', as: 'a' }, { ret: -1, errno: { code: 11, name: 'EAGAIN', message: 'Resource temporarily unavailable' } });
    expect(stepsOf([opened(0, 5, 'l'), listened(1, 'l', 5, 40001), accept])[2].expect).toEqual({ ret: -1, errno: 'EAGAIN' });
  });

  it('a socket closed is no longer named, by name or by fd; one whose close failed still is', () => {
    const { leftOut } = lessonFromRecords([opened(0, 5, 'l'), opened(1, 6), closed(2, 'l', 5), closed(3, 6, 6), connected(4, 'l', '127.0.0.1:1'), connected(5, 6, '127.0.0.1:1')]);
    expect(leftOut.map((l) => [l.position, l.why])).toEqual([
      [4, 'acts on socket "l", which no earlier call in this log made (or it was closed)'],
      [5, 'acts on socket 6, which no earlier call in this log made (or it was closed)'],
    ]);
    const steps = stepsOf([opened(0, 5, 'l'), closed(1, 'l', 5, 0), connected(2, 'l', '127.0.0.1:1')]);
    expect(steps[2].sock).toBe('l');
  });

  it('closing one socket forgets only that one', () => {
    const steps = stepsOf([opened(0, 5, 'a'), opened(1, 6, 'b'), closed(2, 'a', 5), connected(3, 'b', '127.0.0.1:1')]);
    expect(steps[3].sock).toBe('b');
  });
});

describe('what a call that made a socket returned', () => {
  it('fd 0 is a socket like any other', () => {
    const steps = stepsOf([opened(0, 0), connected(1, 0, '127.0.0.1:1')]);
    expect(steps[0]).toMatchObject({ as: 'fd0', expect: { ret: 'fd', errno: null } });
    expect(steps[1].sock).toBe('fd0');
  });

  it('a call that returned nothing made no socket, and its port is no one\'s', () => {
    const unfinished = rec(0, { call: 'BIO_get_accept_socket', hostPort: '127.0.0.1:0', as: 'g' }, { ret: null, socket: socket(5, 'g', '127.0.0.1:40011', 'listener') });
    const steps = stepsOf([unfinished, opened(1, 6, 'c'), connected(2, 'c', '127.0.0.1:40011')]);
    expect(steps[0]).not.toHaveProperty('as');
    expect(steps[0].expect).toEqual({ ret: null, errno: null });
    expect(steps[2].addr).toBe('127.0.0.1:40011');
  });

  it('a listen that failed after its bind still names the port its socket holds', () => {
    const failed = rec(1, { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }, { ret: 0, errno: { code: 98, name: 'EADDRINUSE', message: 'Address in use' }, socket: socket(5, 'l', '127.0.0.1:40012', 'bound') });
    expect(stepsOf([opened(0, 5, 'l'), failed, opened(2, 6, 'c'), connected(3, 'c', '127.0.0.1:40012')])[3].addr).toBe('127.0.0.1:{l.port}');
  });

  it('a service that only starts with digits is no port', () => {
    expect(stepsOf([opened(0, 5, 'l'), listened(1, 'l', 5, 40001), opened(2, 6, 'c'), connected(3, 'c', '127.0.0.1:40001x')])[3].addr).toBe('127.0.0.1:40001x');
  });
});

describe('addresses in a rebuilt lesson', () => {
  it('writes a port a listener of the lesson got as {name.port}, from then on, for the newest socket on it', () => {
    const records = [
      opened(0, 5, 'l'),
      listened(1, 'l', 5, 40001),
      opened(2, 6, 'c'),
      connected(3, 'c', '127.0.0.1:40001'),
      connected(4, 'c', '127.0.0.1:40002'),
      closed(5, 'l', 5),
      connected(6, 'c', '127.0.0.1:40001', { ret: 0, errno: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' } }),
      opened(7, 7, 'm'),
      listened(8, 'm', 7, 40001),
      connected(9, 'c', '[::ffff:127.0.0.1]:40001'),
    ];
    const steps = stepsOf(records);
    expect(steps.filter((s) => s.call === 'BIO_connect').map((s) => s.addr)).toEqual([
      '127.0.0.1:{l.port}',
      '127.0.0.1:40002',
      '127.0.0.1:{l.port}',
      '[::ffff:127.0.0.1]:{m.port}',
    ]);
    expect(checkScenario(lessonFromRecords(records).scenario)).toMatchObject({ ok: true });
  });

  it('takes the address the call really used (addrResolved), and drops what the engine added to the args', () => {
    const step = rec(3, { call: 'BIO_connect', sock: 'c', addr: '{l.port}' as string }, { ret: 1 });
    step.args = { ...step.args, addr: 'localhost:40001', addrResolved: '127.0.0.1:40001', fd: 6, background: false };
    const steps = stepsOf([opened(0, 5, 'l'), listened(1, 'l', 5, 40001), opened(2, 6, 'c'), step]);
    expect(steps[3]).toEqual({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', note: step.c, expect: { ret: 1, errno: null } });
  });

  it('a port 0, a failed bind and a unix path are no ports to name', () => {
    const bindFailed = rec(1, { call: 'BIO_bind', sock: 'l', addr: '127.0.0.1:0' }, { ret: 0, errno: { code: 98, name: 'EADDRINUSE', message: 'Address in use' }, socket: socket(5, 'l', '0.0.0.0:0') });
    const steps = stepsOf([opened(0, 5, 'l'), bindFailed, listened(2, 'l', 5, 0), opened(3, 6, 'c'), connected(4, 'c', '127.0.0.1:0')]);
    expect(steps[2].addr).toBe('127.0.0.1:0');
    expect(steps[4].addr).toBe('127.0.0.1:0');
    const bindRefusedPort = rec(1, { call: 'BIO_bind', sock: 'l', addr: '127.0.0.1:40005' }, { ret: -1, socket: socket(5, 'l', '127.0.0.1:40005') });
    expect(stepsOf([opened(0, 5, 'l'), bindRefusedPort, opened(2, 6, 'c'), connected(3, 'c', '127.0.0.1:40005')])[3].addr).toBe('127.0.0.1:40005');
    const unixListen = rec(1, { call: 'BIO_listen', sock: 'u', addr: 'unix:/run/x:40001' }, { ret: 1, socket: socket(5, 'u', 'unix:/run/x:40001', 'listener') });
    const unix = stepsOf([opened(0, 5, 'u'), unixListen, opened(2, 6, 'c'), connected(3, 'c', '127.0.0.1:40001'), connected(4, 'c', 'unix:/run/x:40001')]);
    expect(unix[3].addr).toBe('127.0.0.1:40001');
    expect(unix[4].addr).toBe('unix:/run/x:40001');
  });

  it('a port bound by a connect is not the lesson\'s to name', () => {
    const client = connected(1, 'c', '127.0.0.1:40001', { socket: socket(5, 'c', '127.0.0.1:51000', 'client') });
    const steps = stepsOf([opened(0, 5, 'c'), client, opened(2, 6, 'd'), connected(3, 'd', '127.0.0.1:51000')]);
    expect(steps[3].addr).toBe('127.0.0.1:51000');
  });

  it('a deprecated BIO_get_accept_socket names the port it bound', () => {
    const accept = rec(0, { call: 'BIO_get_accept_socket', hostPort: '127.0.0.1:0', as: 'g' }, { ret: 5, socket: socket(5, 'g', '127.0.0.1:40007', 'listener') });
    const steps = stepsOf([accept, opened(1, 6, 'c'), connected(2, 'c', '127.0.0.1:40007')]);
    expect(steps[0]).toMatchObject({ as: 'g', expect: { ret: 'fd', errno: null } });
    expect(steps[2].addr).toBe('127.0.0.1:{g.port}');
  });

  it('writes a unix path in the session\'s directory as {tmp}, and any other as it was', () => {
    const at = (addr: string) => rec(1, { call: 'BIO_listen', sock: 'u', addr }, { ret: 1 });
    const steps = stepsOf([opened(0, 5, 'u'), at('unix:/tmp/s1/a.sock'), at('unix:/tmp/s1x/a.sock'), at('unix:/elsewhere/a.sock')], '/tmp/s1');
    expect(steps.slice(1).map((s) => s.addr)).toEqual(['unix:{tmp}/a.sock', 'unix:/tmp/s1x/a.sock', 'unix:/elsewhere/a.sock']);
    expect(stepsOf([opened(0, 5, 'u'), at('unix:/tmp/s1/a.sock')])[1].addr).toBe('unix:/tmp/s1/a.sock');
  });
});

describe('what a BIO_write carries into the lesson', () => {
  /** The engine keeps a write's bytes once, in the record's data; `kept` is what its args still carry. */
  const write = (hex: string | null, kept: { data?: string; dataHex?: string } = {}): CallRecord => {
    const r = rec(1, { call: 'BIO_write', sock: 'c', data: 'x' }, { ret: 2, data: hex === null ? null : { hex } });
    const { data: _data, ...args } = r.args;
    return { ...r, args: { ...args, ...kept } };
  };

  it('puts bytes a person could type back as text, anything else as hex', () => {
    expect(stepsOf([opened(0, 5, 'c'), write('6869')])[1]).toMatchObject({ data: 'hi' });
    const binary = stepsOf([opened(0, 5, 'c'), write('00ff')])[1];
    expect(binary).toMatchObject({ dataHex: '00ff' });
    expect(binary).not.toHaveProperty('data');
  });

  it('keeps data the step already carries, and adds none when the record moved none', () => {
    const own = stepsOf([opened(0, 5, 'c'), write('6869', { data: 'yo' })])[1];
    expect(own.data).toBe('yo');
    const ownHex = stepsOf([opened(0, 5, 'c'), write('6869', { dataHex: '0001' })])[1];
    expect(ownHex).not.toHaveProperty('data');
    expect(ownHex.dataHex).toBe('0001');
    const none = stepsOf([opened(0, 5, 'c'), write(null)])[1];
    expect(none).not.toHaveProperty('data');
    expect(none).not.toHaveProperty('dataHex');
  });

  it('a read\'s bytes stay in the record: the lesson reads them again', () => {
    const read = rec(1, { call: 'BIO_read', sock: 'c', max: 8 }, { ret: 2, data: { hex: '6869' } });
    expect(stepsOf([opened(0, 5, 'c'), read])[1]).not.toHaveProperty('data');
  });
});

describe('what a rebuilt lesson leaves out', () => {
  it('says why for scenario control, the crash hook, calls that never ran, refusals and cancellations', () => {
    const c = { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' } as const;
    const records = [
      opened(0, 5, 'c'),
      rec(1, { call: 'await', step: 0 }),
      rec(2, { call: 'cancel', step: 0 }),
      rec(3, { call: '__crash' } as Step),
      rec(-1, c, { cancelled: 'the engine stopped' }),
      rec(-1, c),
      rec(4, c, { refused: 'resolves only to AF_INET6' }),
      rec(5, c, { cancelled: 'cancelled by the person' }),
    ];
    const { scenario, leftOut } = lessonFromRecords(records);
    expect(scenario!.steps).toHaveLength(1);
    expect(leftOut.map((l) => l.why)).toEqual([
      'scenario control: the background step it waited for is in the log itself',
      'scenario control: the background step it waited for is in the log itself',
      'a test-only crash hook',
      'the engine stopped',
      'the engine that would have made it was gone',
      'refused before the call (resolves only to AF_INET6): nothing reached libcrypto',
      'cancelled (cancelled by the person): replayed, it would wait with nobody to end it',
    ]);
    expect(leftOut.map((l) => l.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('leaves out a record whose args name no call', () => {
    const r = rec(0, { call: 'BIO_get_port', service: 'https' }, { ret: 1 });
    const { scenario, leftOut } = lessonFromRecords([{ ...r, args: { service: 'https' } }]);
    expect(scenario).toBeNull();
    expect(leftOut).toEqual([{ position: 0, c: r.c, why: 'its record names no call' }]);
  });
});

describe('a rebuilt lesson\'s title and description', () => {
  const port = (i: number) => rec(i, { call: 'BIO_get_port', service: 'https' }, { ret: 1 });
  const refused = (i: number, c = 'BIO_connect(c, addr, 0)') => ({ ...rec(i, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }, { refused: 'no' }), c });

  it('counts the entries it was rebuilt from, and has a default title', () => {
    const one = lessonFromRecords([port(0)]).scenario!;
    expect(one.title).toBe('A lesson rebuilt from the call log');
    expect(one.description).toBe("Rebuilt from 1 call log entry: each step's note is the C call as it was made, and its expectation what happened then (ret, errno).");
    expect(lessonFromRecords([port(0), port(1)]).scenario!.description).toMatch(/^Rebuilt from 2 call log entries: /);
  });

  it('says in one sentence each what it was rebuilt from and what it left out', () => {
    expect(lessonFromRecords([port(0), refused(1)]).scenario!.description).toBe(
      "Rebuilt from 2 call log entries: each step's note is the C call as it was made, and its expectation what happened then (ret, errno). Left out: #1 BIO_connect(c, addr, 0): refused before the call (no): nothing reached libcrypto.",
    );
  });

  it('cuts a long title to 300 characters', () => {
    expect(lessonFromRecords([port(0)], { title: 't'.repeat(400) }).scenario!.title).toBe('t'.repeat(300));
  });

  it('names the first 20 entries left out and counts the rest, in at most 10,000 characters', () => {
    const records = [port(0), ...Array.from({ length: 22 }, (_, i) => refused(i + 1, `BIO_connect(c${i + 1}, addr, 0)`))];
    const { description } = lessonFromRecords(records).scenario!;
    expect(description).toContain('Left out: #1 BIO_connect(c1, addr, 0): refused before the call (no): nothing reached libcrypto; #2 ');
    expect(description).toContain('#20 BIO_connect(c20, addr, 0)');
    expect(description).not.toContain('#21 ');
    expect(description).toMatch(/; and 2 more\.$/);
    const exactly20 = lessonFromRecords(records.slice(0, 21)).scenario!.description;
    expect(exactly20).not.toContain('more');
    expect(exactly20).toMatch(/\.$/);
    const long = lessonFromRecords([port(0), ...Array.from({ length: 20 }, (_, i) => refused(i + 1, 'x'.repeat(1000)))]).scenario!.description;
    expect(long).toHaveLength(10_000);
  });
});

// Last in the file: the slowest test here (a mutation run stops at the first test that fails).
describe('a rebuilt lesson\'s length', () => {
  it('holds at most 100,000 steps', () => {
    const r = rec(0, { call: 'BIO_get_port', service: 'https' }, { ret: 1 });
    const { scenario, leftOut } = lessonFromRecords(new Array<CallRecord>(100_001).fill(r));
    expect(scenario!.steps).toHaveLength(100_000);
    expect(leftOut).toEqual([{ position: 100_000, c: r.c, why: 'a lesson holds at most 100000 steps' }]);
  });
});
