// Record, save, open, run, on a real session and engine: the calls a page made are rebuilt as a
// lesson with the captions typed for them, the saved text is checked like any lesson file, and
// running it in a lesson's namespace gives the same results (fd or not, ret, errno) with every
// expectation taken from the recording holding. (The page's own wiring of the recorder is the
// component test's: LessonRecorder.test.tsx.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Session } from './session/session';
import { startEngine } from './engine-host';
import { recordedLesson } from '../shared/lesson-recording';
import { checkScenarioText } from '../shared/scenario-check';
import { ScenarioStepper } from '../shared/scenario-runner';
import { closeLessonSockets } from '../shared/lesson-run';
import type { CallRecord } from '../shared/record';
import type { Step } from '../shared/steps';

let session: Session;

beforeEach(async () => {
  session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, warn: () => undefined });
});
afterEach(async () => {
  await session.close();
});

let calls = 0;
/** A call as the page makes it (the Composer, a socket row): the session's record of it. */
const pageCall = (step: Step) => session.request('call', { step, callId: `page-test-${++calls}` });

const outcome = (r: CallRecord | null | undefined) => (r ? [r.call, r.ret === null ? null : r.ret >= 0 && ['BIO_socket', 'BIO_accept_ex'].includes(r.call) ? 'fd' : r.ret, r.errno?.name ?? null] : null);

describe('a recorded lesson, on a real engine', () => {
  it('round-trips: record, save, open, run gives the same results', async () => {
    const recorded: CallRecord[] = [];
    recorded.push(await pageCall({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }));
    recorded.push(await pageCall({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }));
    const port = recorded[1].socket!.local!.split(':')[1];
    recorded.push(await pageCall({ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }));
    recorded.push(await pageCall({ call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] }));
    recorded.push(await pageCall({ call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 2000 }));
    recorded.push(await pageCall({ call: 'BIO_closesocket', sock: 'l' }));
    // Refused for certain: a port held bound but not listening (a port just closed may be taken by anyone meanwhile).
    recorded.push(await pageCall({ call: 'BIO_socket', as: 'h', domain: 'AF_INET', socktype: 'SOCK_STREAM' }));
    recorded.push(await pageCall({ call: 'BIO_bind', sock: 'h', addr: '127.0.0.1:0' }));
    const held = recorded[7].socket!.local!.split(':')[1];
    recorded.push(await pageCall({ call: 'BIO_socket', as: 'r', domain: 'AF_INET', socktype: 'SOCK_STREAM' }));
    recorded.push(await pageCall({ call: 'BIO_connect', sock: 'r', addr: `127.0.0.1:${held}` }));
    expect(recorded.map(outcome)).toEqual([
      ['BIO_socket', 'fd', null],
      ['BIO_listen', 1, null],
      ['BIO_socket', 'fd', null],
      ['BIO_connect', 0, 'EINPROGRESS'],
      ['BIO_accept_ex', 'fd', null],
      ['BIO_closesocket', 1, null],
      ['BIO_socket', 'fd', null],
      ['BIO_bind', 1, null],
      ['BIO_socket', 'fd', null],
      ['BIO_connect', 0, 'ECONNREFUSED'],
    ]);
    const made = recordedLesson(recorded, ['A listener.'], { tmpDir: session.tmpDir, trailingCaption: 'Refused: h is bound there, but nobody listens.' });
    const text = `${JSON.stringify(made.lesson, null, 2)}\n`;

    const opened = checkScenarioText(text);
    if (!opened.ok) throw new Error(`the saved lesson is invalid: ${opened.error.message}`);
    expect(opened.scenario.steps.map((x) => x.caption)).toEqual(['A listener.', ...recorded.slice(1, -1).map((r) => r.c), 'Refused: h is bound there, but nobody listens.']);
    const stepper = new ScenarioStepper(session, opened.scenario, { namespace: 'lesson-rt-', callIdPrefix: 'lesson-rt', tmpDir: session.tmpDir });
    while (!stepper.done) await stepper.step();
    await stepper.finish();
    expect(stepper.records.map(outcome)).toEqual(recorded.map(outcome));
    expect(stepper.records.map((r) => r.expect?.ok)).toEqual(recorded.map(() => true));
    // The rerun's port is its own bound socket's, not the recorded one.
    expect(stepper.records[9].args.addrResolved).toBe(`127.0.0.1:${stepper.records[7].socket!.local!.split(':')[1]}`);
    await closeLessonSockets(session, stepper.own!, 'lesson-rt-reset');
    // Reset closed the lesson's own c, a, h and r; the sockets the page made are still there.
    const live = await session.request('sockets', {});
    expect(live.map((x) => x.name).sort()).toEqual(['a', 'c', 'h', 'r']);
  });
});
