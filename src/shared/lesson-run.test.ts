// Around a lesson's stepper: its namespace, the Reset that closes only what the lesson still holds,
// and the tally a class reads at the end. The link here answers as a session does (sockets, call);
// lesson-namespace.test.ts runs the same against a real engine.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import { closeLessonSockets, lessonNamespace, lessonTally, tallyText, type LessonResetClient } from './lesson-run';
import { LessonSockets } from './lesson-sockets';
import type { CallRecord, SocketSnapshot } from './record';
import type { Step } from './steps';

function snapshot(fd: number, name: string, role: SocketSnapshot['role'] = 'new'): SocketSnapshot {
  return { fd, name, role, family: 'AF_INET', type: 'SOCK_STREAM', local: null, peer: null, state: null, soError: 0, applied: {}, requested: {}, tcpInfo: null };
}

/** A lesson that opened `names` (fds from 10 up), as its stepper notes them. */
function lessonHolding(prefix: string, names: string[]): LessonSockets {
  const own = new LessonSockets(prefix);
  names.forEach((name, i) => {
    const step: Step = { call: 'BIO_socket', as: name, domain: 'AF_INET', socktype: 'SOCK_STREAM' };
    own.note(step, { ...blankRecord(step, i), ret: 10 + i, socket: snapshot(10 + i, prefix + name) });
  });
  return own;
}

interface Sent {
  method: string;
  input: unknown;
}

/** A link whose session holds `live` and answers each close with `answer(sessionName)`. */
function link(live: { name: string | null; fd: number }[], answer: (sock: string) => Partial<CallRecord> = () => ({ ret: 1 })): { client: LessonResetClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = {
    request: async (method: string, input: unknown) => {
      sent.push({ method, input });
      if (method === 'sockets') return live.map((s) => snapshot(s.fd, s.name ?? ''));
      const step = (input as { step: Step }).step;
      return { ...blankRecord(step, 0), ...answer((step as { sock: string }).sock) };
    },
    on: () => () => {},
  } as unknown as LessonResetClient;
  return { client, sent };
}

describe('lessonNamespace', () => {
  it('is lesson-, the page id\'s first 8 letters and digits, the run in base 36, and a dash', () => {
    expect(lessonNamespace('p-1.x_y/zz9Q', 0)).toBe('lesson-p1xyzz9Q0-');
    expect(lessonNamespace('abcdefghijk', 35)).toBe('lesson-abcdefghz-');
    expect(lessonNamespace('ab', 36)).toBe('lesson-ab10-');
  });
});

describe('closeLessonSockets', () => {
  it('asks nothing of the session when the lesson holds no socket', async () => {
    const { client, sent } = link([]);
    expect(await closeLessonSockets(client, new LessonSockets('lesson-a0-'), 'reset')).toEqual({ freed: [], closed: [], failed: [] });
    expect(sent).toEqual([]);
  });

  it('closes each socket the lesson holds by its session name, with its own call id', async () => {
    const own = lessonHolding('lesson-a1-', ['l', 'c']);
    const { client, sent } = link([{ name: 'lesson-a1-l', fd: 10 }, { name: 'lesson-a1-c', fd: 11 }, { name: 'mine', fd: 12 }]);
    expect(await closeLessonSockets(client, own, 'reset7')).toEqual({ freed: [], closed: [{ name: 'l', fd: 10 }, { name: 'c', fd: 11 }], failed: [] });
    expect(sent).toEqual([
      { method: 'sockets', input: {} },
      { method: 'call', input: { step: { call: 'BIO_closesocket', sock: 'lesson-a1-l' }, callId: 'reset7-close0' } },
      { method: 'call', input: { step: { call: 'BIO_closesocket', sock: 'lesson-a1-c' }, callId: 'reset7-close1' } },
    ]);
  });

  it('leaves a name the person closed by hand, or that now belongs to another fd, alone', async () => {
    const own = lessonHolding('lesson-a2-', ['l', 'c', 'd']);
    const { client, sent } = link([{ name: 'lesson-a2-c', fd: 99 }, { name: 'lesson-a2-d', fd: 12 }, { name: null, fd: 10 }]);
    expect(await closeLessonSockets(client, own, 'r')).toEqual({ freed: [], closed: [{ name: 'd', fd: 12 }], failed: [] });
    expect(sent.filter((s) => s.method === 'call')).toHaveLength(1);
  });

  it('says why a close did not happen: refused, or what BIO_closesocket returned', async () => {
    const own = lessonHolding('lesson-a3-', ['a', 'b', 'c']);
    const answers: Record<string, Partial<CallRecord>> = {
      'lesson-a3-a': { refused: 'the engine is gone', ret: null },
      'lesson-a3-b': { ret: -1, errno: { code: 9, name: 'EBADF', message: 'Bad file descriptor' } },
      'lesson-a3-c': { ret: 0 },
    };
    const { client } = link(['a', 'b', 'c'].map((n, i) => ({ name: `lesson-a3-${n}`, fd: 10 + i })), (sock) => answers[sock]);
    expect(await closeLessonSockets(client, own, 'r')).toEqual({
      freed: [],
      closed: [],
      failed: [
        { name: 'a', message: 'the engine is gone' },
        { name: 'b', message: 'BIO_closesocket returned -1 (EBADF)' },
        { name: 'c', message: 'BIO_closesocket returned 0' },
      ],
    });
  });

  it('a refused close is a failure even with ret 1', async () => {
    const own = lessonHolding('lesson-a4-', ['a']);
    const { client } = link([{ name: 'lesson-a4-a', fd: 10 }], () => ({ ret: 1, refused: 'no' }));
    expect(await closeLessonSockets(client, own, 'r')).toEqual({ freed: [], closed: [], failed: [{ name: 'a', message: 'no' }] });
  });
});

describe('closeLessonSockets: the BIOs, SSL objects and contexts a lesson made', () => {
  const P = 'lesson-o1-';
  const make = (own: LessonSockets, step: Step) => own.note(step, { ...blankRecord(step, 0), ret: 1 });
  const cb = (freed: boolean) => ({ name: `${P}cb`, type: 'BIO_s_connect', fd: 5, chain: ['BIO_s_connect'], ownedBy: null, freed });

  /** A lesson that made a context, two BIOs and an SSL object over the first BIO, in that order. */
  function lessonWithObjects(): LessonSockets {
    const own = new LessonSockets(P);
    make(own, { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' });
    make(own, { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' });
    make(own, { call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb' });
    make(own, { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' });
    return own;
  }

  /** A link that answers each free with `answer(step)` and holds no socket. */
  function freeing(answer: (step: Step) => Partial<CallRecord>): { client: LessonResetClient; calls: unknown[] } {
    const calls: unknown[] = [];
    const client = {
      request: async (method: string, input: { step: Step; callId: string }) => {
        if (method !== 'call') throw new Error(`this link answers only call, not ${JSON.stringify(method)}`);
        calls.push(input);
        return { ...blankRecord(input.step, 0), ret: 1, ...answer(input.step) };
      },
      on: () => () => {},
    } as unknown as LessonResetClient;
    return { client, calls };
  }

  it('frees SSL objects first, then BIOs, then contexts, each once, and names the BIO an SSL_free took with it', async () => {
    const { client, calls } = freeing((step) => (step.call === 'SSL_free' ? { ret: null, bio: cb(true) } : {}));
    expect(await closeLessonSockets(client, lessonWithObjects(), 'reset3')).toEqual({
      freed: [
        { name: 'tls', call: 'SSL_free' },
        { name: 'cb', call: 'SSL_free' },
        { name: 'ab', call: 'BIO_free' },
        { name: 'ctx', call: 'SSL_CTX_free' },
      ],
      closed: [],
      failed: [],
    });
    expect(calls).toEqual([
      { step: { call: 'SSL_free', ssl: `${P}tls` }, callId: 'reset3-free0' },
      { step: { call: 'BIO_free', bio: `${P}ab` }, callId: 'reset3-free1' },
      { step: { call: 'SSL_CTX_free', ctx: `${P}ctx` }, callId: 'reset3-free2' },
    ]);
  });

  it('frees a BIO itself when SSL_free did not take it, and does not count the BIO a BIO_free reports twice', async () => {
    const { client, calls } = freeing((step) => (step.call === 'BIO_free' && step.bio === `${P}cb` ? { bio: cb(true) } : {}));
    const out = await closeLessonSockets(client, lessonWithObjects(), 'r');
    expect(out.freed).toEqual([
      { name: 'tls', call: 'SSL_free' },
      { name: 'cb', call: 'BIO_free' },
      { name: 'ab', call: 'BIO_free' },
      { name: 'ctx', call: 'SSL_CTX_free' },
    ]);
    expect(calls.map((c) => (c as { step: Step }).step.call)).toEqual(['SSL_free', 'BIO_free', 'BIO_free', 'SSL_CTX_free']);
  });

  it('says which object a refused free left, and goes on with the rest', async () => {
    const { client } = freeing((step) => (step.call === 'BIO_free' ? { refused: 'the engine is gone', ret: null } : {}));
    const out = await closeLessonSockets(client, lessonWithObjects(), 'r');
    expect(out.failed).toEqual([
      { name: 'cb', message: 'the engine is gone' },
      { name: 'ab', message: 'the engine is gone' },
    ]);
    expect(out.freed).toEqual([
      { name: 'tls', call: 'SSL_free' },
      { name: 'ctx', call: 'SSL_CTX_free' },
    ]);
  });
});

describe('lessonTally and tallyText', () => {
  const record = (fields: Partial<CallRecord>): CallRecord => ({ ...blankRecord({ call: 'BIO_get_port', service: 'https' }, 0), ...fields });
  const held = { ok: true, mismatches: [] };
  const failed = { ok: false, mismatches: [{ field: 'ret', expected: 1, actual: 0 }] };

  it('counts steps that ran, refusals (not run), and expectations held or failed', () => {
    const t = lessonTally([record({ expect: held }), null, record({ refused: 'no', expect: failed }), undefined, record({}), record({ expect: failed })], 7);
    expect(t).toEqual({ steps: 7, ran: 3, refused: 1, held: 1, failed: 2 });
    expect(tallyText(t)).toBe('3 of 7 steps ran; 1 refused (not run); 1 expectation held, 2 failed');
  });

  it('leaves refusals out of the text when there were none, and says one step in the singular', () => {
    expect(tallyText(lessonTally([record({ expect: held })], 1))).toBe('1 of 1 step ran; 1 expectation held, 0 failed');
    expect(tallyText(lessonTally([], 2))).toBe('0 of 2 steps ran; 0 expectations held, 0 failed');
  });
});
