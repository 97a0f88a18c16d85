// The Lessons slice against a fake host: listing, stepping in the lesson's own namespace with
// expectations, predictions and the step shown, the running flag, and Reset closing only what the
// lesson itself opened (never a socket of the person's, even one with the same name).
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from './store';
import { createFakeClient, record, session, snapshot, type FakeClient } from '../test/fake-client';
import { demoOf, fakeLessonHost, INVALID_DEMO, REFUSED_CONNECT_DEMO, REFUSED_CONNECT_LESSON } from '../test/fake-lesson-host';
import { refusals } from '../../../shared/refusals';
import { shownFrame } from './lesson-position';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

async function started(client: FakeClient): Promise<WorkbenchStore> {
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  await settle();
  return store;
}

const callRequests = (client: FakeClient) => client.requests.filter((r) => r.method === 'call').map((r) => r.input as { step: { call: string; as?: string; sock?: string; addr?: string }; callId: string });
/** The session's name for a lesson's socket in the page's first run: `lesson-<page>1-c`. */
const inRun = (run: number, name: string) => expect.stringMatching(new RegExp(`^lesson-\\w+${run}-${name}$`));

describe('lessons slice', () => {
  it('lists the host lessons and scenarios once when first shown, and will not select an invalid one', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO, INVALID_DEMO], [], [REFUSED_CONNECT_LESSON]);
    const store = await started(client);
    store.getState().showLessons();
    await settle();
    store.getState().hideLessons();
    store.getState().showLessons();
    await settle();
    expect(client.requests.filter((r) => r.method === 'lessons')).toHaveLength(1);
    expect(client.requests.filter((r) => r.method === 'scenarios')).toHaveLength(1);
    // Lessons and scenarios may share a file name: the lessons' ids say which they are.
    expect(store.getState().lessons.shipped?.map((d) => d.id)).toEqual(['lesson:refused-connect']);
    expect(store.getState().lessons.scenarios?.map((d) => d.id)).toEqual(['refused-connect', 'broken']);
    await store.getState().selectLesson('broken');
    expect(store.getState().lessons.selectedId).toBeNull();
  });

  it('steps through a lesson as ordinary calls under its own names, keeping each record with its expectation', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    expect(store.getState().lessons.records).toEqual([null, null, null, null, null, null]);

    for (let i = 0; i < 5; i++) await store.getState().runLessonStep();
    const d = store.getState().lessons;
    expect(d.position.ran).toBe(5);
    expect(d.running).toBe(false);
    const connect = d.records[4]!;
    expect(connect.errno?.name).toBe('ECONNREFUSED');
    expect(connect.expect).toEqual({ ok: true, mismatches: [] });
    // The lesson's l and c are the session's lesson-<page>1-l and -c; {l.port} was filled from l's bound port.
    expect(callRequests(client).map((r) => r.step.as ?? r.step.sock)).toEqual([inRun(1, 'l'), inRun(1, 'l'), inRun(1, 'l'), inRun(1, 'c'), inRun(1, 'c')]);
    expect(callRequests(client)[4].step.addr).toBe('127.0.0.1:40001');
    expect(callRequests(client).map((r) => r.callId)).toEqual([0, 1, 2, 3, 4].map((i) => expect.stringMatching(new RegExp(`^lesson-\\w+-1-${i}$`))));
    expect(store.getState().latest?.errorQueue).toHaveLength(2);

    await store.getState().runLessonAll();
    expect(store.getState().lessons.position.ran).toBe(6);
    expect(store.getState().lessons.records[5]?.expect?.ok).toBe(true);
    // Done: more steps are not run.
    await store.getState().runLessonStep();
    expect(callRequests(client)).toHaveLength(6);
  });

  it('is running while a step waits, and Reset cancels it and closes what the lesson opened', async () => {
    const client = createFakeClient();
    const host = fakeLessonHost(client, [
      demoOf('accept', 'A blocking accept', [
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
      ]),
    ]);
    host.hold.add('BIO_accept_ex');
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('accept');
    const all = store.getState().runLessonAll();
    await settle();
    expect(store.getState().lessons).toMatchObject({ running: true, runningStep: 2, position: { ran: 2 } });
    // Running: another run is not started meanwhile.
    await store.getState().runLessonStep();
    expect(callRequests(client)).toHaveLength(3);

    await store.getState().resetLesson();
    await all;
    const cancels = client.requests.filter((r) => r.method === 'cancel').map((r) => r.input);
    // Only the step still waiting is cancelled, not the ones that answered.
    expect(cancels).toEqual([{ callId: callRequests(client)[2].callId }]);
    const d = store.getState().lessons;
    expect(d).toMatchObject({ running: false, resetting: false, position: { ran: 0, asked: false, back: 0 }, runningStep: null });
    expect(d.records).toEqual([null, null, null]);
    expect(d.lastReset).toEqual({ title: 'A blocking accept', names: ['l', 'a'], closed: [{ name: 'l', fd: 20 }], freed: [], failed: [] });
    expect(callRequests(client).at(-1)?.step).toEqual({ call: 'BIO_closesocket', sock: inRun(1, 'l') });
    // Reset's own calls run under the run's name, so the Call log says whose they are.
    expect(callRequests(client).at(-1)?.callId).toMatch(/^lesson-\w+-1-reset-close0$/);
    expect(host.sockets.size).toBe(0);
  });

  it('Reset still cancels and closes what the run opened when the host no longer lists the lesson', async () => {
    const client = createFakeClient();
    const demos = [
      demoOf('accept', 'A blocking accept', [
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
      ]),
    ];
    const host = fakeLessonHost(client, demos);
    host.hold.add('BIO_accept_ex');
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('accept');
    const all = store.getState().runLessonAll();
    await settle();
    expect(store.getState().lessons.runningStep).toBe(2);
    // The lesson's file left the host's list while its accept waited.
    demos.splice(0);
    await store.getState().listLessons();
    expect(store.getState().lessons.scenarios).toEqual([]);

    await store.getState().resetLesson();
    await all;
    expect(client.requests.filter((r) => r.method === 'cancel').map((r) => r.input)).toContainEqual({ callId: callRequests(client)[2].callId });
    expect(store.getState().lessons).toMatchObject({ running: false, resetting: false, lastReset: { title: 'A blocking accept', closed: [{ name: 'l', fd: 20 }] } });
    expect(host.sockets.size).toBe(0);
  });

  it('resets the earlier run before another lesson is picked, even when the host no longer lists it: its background accept is cancelled and nothing of it shows', async () => {
    const client = createFakeClient();
    const acceptLesson = demoOf('accept', 'A background accept', [
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true },
    ]);
    const host = fakeLessonHost(client, [acceptLesson, REFUSED_CONNECT_DEMO]);
    host.hold.add('BIO_accept_ex');
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('accept');
    await store.getState().runLessonStep();
    await store.getState().runLessonStep();
    const third = store.getState().runLessonStep();
    await expect.poll(() => callRequests(client)).toHaveLength(3);
    const acceptId = callRequests(client)[2].callId;
    client.emit('callStarted', { callId: acceptId, waiting: 'readiness' } as never);
    await third;
    // The host's list changes (the lesson's file went away), then another lesson is picked.
    client.answer('scenarios', () => [REFUSED_CONNECT_DEMO]);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    expect(client.requests.filter((r) => r.method === 'cancel').map((r) => r.input)).toContainEqual({ callId: acceptId });
    expect(host.held.size).toBe(0);
    expect(host.sockets.size).toBe(0);
    expect(store.getState().lessons).toMatchObject({ selectedId: 'refused-connect', position: { ran: 0 }, lastReset: { title: 'A background accept', closed: [{ name: 'l', fd: 20 }] } });
    expect(store.getState().lessons.records).toEqual([null, null, null, null, null, null]);
  });

  it("runs whole beside the person's own socket named c, and Reset never touches it", async () => {
    const client = createFakeClient();
    const own = snapshot({ fd: 30, name: 'c', role: 'new' });
    const host = fakeLessonHost(client, [], [own], [REFUSED_CONNECT_LESSON]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('lesson:refused-connect');
    for (let i = 0; i < 5; i++) await store.getState().runLessonStep();
    const d = store.getState().lessons;
    expect(d.records.slice(0, 5).map((r) => r?.refused ?? null)).toEqual([null, null, null, null, null]);
    expect(d.records[4]?.errno?.name).toBe('ECONNREFUSED');

    await store.getState().resetLesson();
    expect(store.getState().lessons.lastReset).toMatchObject({ names: ['l', 'c'], closed: [{ name: 'c', fd: 21 }], failed: [] });
    expect(callRequests(client).filter((r) => r.step.call === 'BIO_closesocket').map((r) => r.step.sock)).toEqual([inRun(1, 'l'), inRun(1, 'c')]);
    expect(host.sockets.get('c')).toBe(own);
  });

  it('refuses, without running them, the steps on a socket its creating step could not make, and says so in the tally', async () => {
    const client = createFakeClient();
    const host = fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    for (let i = 0; i < 3; i++) await store.getState().runLessonStep();
    // Someone takes the very session name the lesson's c would get.
    const sessionName = (callRequests(client)[0].step.as as string).replace(/-l$/, '-c');
    const theirs = snapshot({ fd: 40, name: sessionName, role: 'new' });
    host.sockets.set(sessionName, theirs);
    await store.getState().runLessonAll();
    const d = store.getState().lessons;
    expect(d.records[3]?.refused).toBe(refusals.nameInUse(sessionName, 40));
    expect(d.records[4]?.refused).toMatch(/"c" is not a socket this lesson opened/);
    expect(d.records[5]?.refused).toMatch(/"c" is not a socket this lesson opened/);
    expect(callRequests(client)).toHaveLength(4);
    await store.getState().resetLesson();
    expect(host.sockets.get(sessionName)).toBe(theirs);
  });

  it('leaves a socket of the lesson the person closed, whose name another socket took since', async () => {
    const client = createFakeClient();
    const host = fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    for (let i = 0; i < 4; i++) await store.getState().runLessonStep();
    const sessionName = callRequests(client)[3].step.as!;
    expect(host.sockets.get(sessionName)?.fd).toBe(21);
    const theirs = snapshot({ fd: 40, name: sessionName, role: 'new' });
    host.sockets.set(sessionName, theirs);
    await store.getState().resetLesson();
    expect(store.getState().lessons.lastReset).toMatchObject({ closed: [], failed: [] });
    expect(host.sockets.get(sessionName)).toBe(theirs);
  });

  it('fills {tmp} from the session, and resets the previous lesson before another is picked', async () => {
    const client = createFakeClient(session({ tmpDir: '/run/user/1000/bio-session-x' }));
    fakeLessonHost(client, [
      demoOf('unix', 'A unix socket', [
        { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'u', addr: 'unix:{tmp}/s' },
      ]),
      REFUSED_CONNECT_DEMO,
    ]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('unix');
    await store.getState().runLessonAll();
    expect(callRequests(client)[1].step.addr).toBe('unix:/run/user/1000/bio-session-x/s');
    await store.getState().selectLesson('refused-connect');
    expect(store.getState().lessons.selectedId).toBe('refused-connect');
    expect(store.getState().lessons.lastReset).toMatchObject({ title: 'A unix socket', closed: [{ name: 'u', fd: 20 }] });
    // A fresh run: its call ids and names do not repeat the first run's.
    await store.getState().runLessonStep();
    expect(callRequests(client).at(-1)?.callId).toMatch(/^lesson-\w+-2-0$/);
    expect(callRequests(client).at(-1)?.step.as).toEqual(inRun(2, 'l'));
  });

  it('keeps the prediction chosen before a step, not after; forward asks a question before its step runs; back shows earlier frames and undoes nothing', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [], [], [REFUSED_CONNECT_LESSON]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('lesson:refused-connect');
    const frame = () => shownFrame(store.getState().lessons.position);
    expect(frame()).toEqual({ kind: 'start' });
    for (let i = 0; i < 4; i++) await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'result', step: 3, last: 3 });
    // Step 4 asks first: forward opens its question and runs nothing.
    await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'question', step: 4 });
    expect(callRequests(client)).toHaveLength(4);
    store.getState().choosePrediction(4, 1);
    store.getState().choosePrediction(2, 0);
    expect(store.getState().lessons.choices).toEqual([null, null, null, null, 1, null]);
    await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'result', step: 4, last: 4 });
    expect(callRequests(client)).toHaveLength(5);
    store.getState().choosePrediction(4, 0);
    expect(store.getState().lessons.choices[4]).toBe(1);

    store.getState().lessonBack();
    expect(frame()).toEqual({ kind: 'question', step: 4 });
    for (let i = 0; i < 9; i++) store.getState().lessonBack();
    expect(frame()).toEqual({ kind: 'start' });
    // Going back undid nothing; forward walks the same frames again before it runs anything.
    for (let i = 0; i < 6; i++) await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'result', step: 4, last: 4 });
    expect(callRequests(client)).toHaveLength(5);
    await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'question', step: 5 });
    await store.getState().runLessonStep();
    expect(store.getState().lessons.position).toMatchObject({ ran: 6, back: 0 });
  });

  it('runs a step group as one run of the walk: its prediction (on its second step) asked first, one callGroup, one result frame', async () => {
    const client = createFakeClient();
    const tcp = { domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;
    const prediction = { question: 'Does the third socket open?', choices: [{ ret: 'fd' as const, label: 'yes' }, { ret: -1, label: 'no' }], explanation: 'It does.' };
    const grouped = demoOf('grouped', 'Grouped', [
      { call: 'BIO_socket', as: 'a', ...tcp },
      { call: 'BIO_socket', as: 'b', ...tcp, group: 'trio' },
      { call: 'BIO_socket', as: 'c', ...tcp, group: 'trio', prediction },
      { call: 'BIO_socket', as: 'd', ...tcp, group: 'trio' },
      { call: 'BIO_closesocket', sock: 'a' },
    ]);
    fakeLessonHost(client, [], [], [grouped]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('lesson:grouped');
    const frame = () => shownFrame(store.getState().lessons.position);
    const methods = () => client.requests.filter((r) => r.method === 'call' || r.method === 'callGroup').map((r) => r.method);
    await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'result', step: 0, last: 0 });
    // The group starts at step 1; its question is step 2's, asked before anything of the group runs.
    await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'question', step: 2 });
    expect(methods()).toEqual(['call']);
    store.getState().choosePrediction(2, 0);
    await store.getState().lessonForward();
    expect(methods()).toEqual(['call', 'callGroup']);
    expect(frame()).toEqual({ kind: 'result', step: 1, last: 3 });
    expect(store.getState().lessons.records.map((r) => r?.index ?? null)).toEqual([0, 1, 2, 3, null]);
    expect(store.getState().lessons.position.ran).toBe(4);
    // Back shows the question again, not a step inside the group; forward returns without running.
    store.getState().lessonBack();
    expect(frame()).toEqual({ kind: 'question', step: 2 });
    await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'result', step: 1, last: 3 });
    expect(methods()).toEqual(['call', 'callGroup']);
    await store.getState().lessonForward();
    expect(frame()).toEqual({ kind: 'result', step: 4, last: 4 });
    await store.getState().lessonForward();
    expect(store.getState().lessons.position.ran).toBe(5);
    expect(methods()).toEqual(['call', 'callGroup', 'call']);
  });

  it('shows a refused lessons list with the method named', async () => {
    const client = createFakeClient();
    client.answer('lessons', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the session has ended' };
    });
    client.answer('scenarios', () => []);
    const store = await started(client);
    await store.getState().listLessons();
    expect(store.getState().lessons.error).toEqual({ what: 'lessons', error: { code: 'engine-unavailable', field: null, message: 'the session has ended' } });
  });
});

describe('lessons list and choice', () => {
  const two = () => [demoOf('a', 'Lesson A', [{ call: 'BIO_socket', as: 'x', domain: 'AF_INET', socktype: 'SOCK_STREAM' }]), REFUSED_CONNECT_DEMO];
  const asked = (client: FakeClient, method: string) => client.requests.filter((r) => r.method === method).length;

  it('starts hidden, unlisted, with nothing chosen or run', async () => {
    const store = await started(createFakeClient());
    expect(store.getState().lessons).toMatchObject({ shown: false, shipped: null, scenarios: null, opened: [], fileError: null, listing: false, selectedId: null, records: [], choices: [], namespace: null, runningStep: null, running: false, resetting: false, lastReset: null, error: null });
  });

  it('shows and hides the panel, asking for the lists once while they are on their way, and again when one of them was refused', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, two());
    client.answer('scenarios', () => {
      throw { code: 'engine-unavailable', field: null, message: 'no engine yet' };
    });
    const store = await started(client);
    store.getState().showLessons();
    expect(store.getState().lessons).toMatchObject({ shown: true, listing: true });
    store.getState().showLessons();
    await settle();
    expect(asked(client, 'lessons')).toBe(1);
    // The scenarios' refusal is shown, named as the lessons list; the lessons that came are kept.
    expect(store.getState().lessons).toMatchObject({ listing: false, shipped: [], scenarios: null, error: { what: 'lessons', error: { message: 'no engine yet' } } });
    store.getState().hideLessons();
    expect(store.getState().lessons.shown).toBe(false);
    client.answer('scenarios', () => two());
    store.getState().showLessons();
    await settle();
    expect(asked(client, 'lessons')).toBe(2);
    expect(store.getState().lessons).toMatchObject({ shown: true, error: null });
    expect(store.getState().lessons.scenarios?.map((d) => d.id)).toEqual(['a', 'refused-connect']);
    // A later refused list keeps what was listed before.
    client.answer('lessons', () => {
      throw { code: 'internal', field: null, message: 'disk' };
    });
    client.answer('scenarios', () => {
      throw { code: 'internal', field: null, message: 'disk too' };
    });
    await store.getState().listLessons();
    expect(store.getState().lessons).toMatchObject({ shipped: [], error: { what: 'lessons', error: { message: 'disk' } } });
    expect(store.getState().lessons.scenarios?.map((d) => d.id)).toEqual(['a', 'refused-connect']);
  });

  it('asks again on showing when only the lessons list was refused', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, two());
    client.answer('lessons', () => {
      throw { code: 'engine-unavailable', field: null, message: 'no engine yet' };
    });
    const store = await started(client);
    store.getState().showLessons();
    await settle();
    expect(store.getState().lessons).toMatchObject({ shipped: null, error: { what: 'lessons' } });
    expect(store.getState().lessons.scenarios).not.toBeNull();
    store.getState().hideLessons();
    client.answer('lessons', () => []);
    store.getState().showLessons();
    await settle();
    expect(asked(client, 'lessons')).toBe(2);
    expect(store.getState().lessons).toMatchObject({ shipped: [], error: null });
  });

  it('picking another lesson before any step ran resets nothing; picking the same one again keeps its run', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, two());
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('a');
    await store.getState().selectLesson('refused-connect');
    expect(store.getState().lessons).toMatchObject({ selectedId: 'refused-connect', lastReset: null });
    await store.getState().runLessonStep();
    const records = store.getState().lessons.records;
    expect(records[0]).not.toBeNull();
    await store.getState().selectLesson('refused-connect');
    expect(store.getState().lessons.records).toBe(records);
    await store.getState().selectLesson('nowhere');
    expect(store.getState().lessons.selectedId).toBe('refused-connect');
  });

  it('keeps the lesson shown while it runs or resets', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, two());
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('a');
    for (const busy of [{ running: true }, { resetting: true }]) {
      store.setState((s) => ({ lessons: { ...s.lessons, ...busy } }));
      await store.getState().selectLesson('refused-connect');
      expect(store.getState().lessons.selectedId).toBe('a');
      store.setState((s) => ({ lessons: { ...s.lessons, running: false, resetting: false } }));
    }
  });

  it('opens a file as a lesson of its own, replaces it when opened again, and says why one cannot be run or read', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, two());
    const store = await started(client);
    const text = (title: string) => JSON.stringify({ title, steps: [{ call: 'BIO_socket', as: 'f', domain: 'AF_INET', socktype: 'SOCK_STREAM' }] });
    expect(await store.getState().openLessonFile('mine.json', text('Mine'))).toBe(true);
    expect(await store.getState().openLessonFile('other.json', text('Other'))).toBe(true);
    expect(await store.getState().openLessonFile('mine.json', text('Mine, edited'))).toBe(true);
    const l = store.getState().lessons;
    expect(l.opened.map((o) => [o.id, o.title])).toEqual([
      ['file:other.json', 'Other'],
      ['file:mine.json', 'Mine, edited'],
    ]);
    expect(l).toMatchObject({ selectedId: 'file:mine.json', fileError: null, records: [null] });
    expect(await store.getState().openLessonFile('bad.json', '{"steps": 3}')).toBe(false);
    expect(store.getState().lessons.fileError).toMatch(/^bad\.json cannot be run: /);
    expect(store.getState().lessons.opened).toHaveLength(2);
    store.getState().lessonFileUnreadable('big.json', 'it is over 1 MB');
    expect(store.getState().lessons.fileError).toBe('big.json cannot be read: it is over 1 MB');
  });
});

describe('lesson steps and Reset the host refused', () => {
  it("names the step (counted from 1, with its call) whose request was refused, and Reset's own refusal", async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    await store.getState().runLessonStep();
    client.answer('call', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the engine is restarting' };
    });
    await store.getState().runLessonStep();
    expect(store.getState().lessons.error).toEqual({ what: 'step 2 (BIO_listen)', error: { code: 'engine-unavailable', field: null, message: 'the engine is restarting' } });
    expect(store.getState().lessons.running).toBe(false);
    client.answer('sockets', () => {
      throw { code: 'internal', field: null, message: 'no socket list' };
    });
    await store.getState().resetLesson();
    expect(store.getState().lessons).toMatchObject({ resetting: false, running: false, error: { what: 'Reset', error: { message: 'no socket list' } } });
  });
});

describe('a lesson walked back while a step runs', () => {
  it('Back shows an earlier frame, and Forward does not walk on until the step is done', async () => {
    const client = createFakeClient();
    const host = fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    host.hold.add('BIO_listen');
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    await store.getState().runLessonStep();
    const step = store.getState().runLessonStep();
    await settle();
    expect(store.getState().lessons).toMatchObject({ running: true, runningStep: 1 });
    store.getState().lessonBack();
    const back = store.getState().lessons.position;
    expect(shownFrame(back)).toEqual({ kind: 'start' });
    await store.getState().lessonForward();
    expect(store.getState().lessons.position).toBe(back);
    for (const [callId, release] of host.held) {
      host.held.delete(callId);
      release(record({ call: 'BIO_listen', ret: 1 }));
    }
    await step;
    await store.getState().lessonForward();
    expect(shownFrame(store.getState().lessons.position)).not.toEqual({ kind: 'start' });
  });
});

describe('a lesson run past its last step', () => {
  it("runs nothing more once every step ran, and the last step's refusal stays shown", async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    for (let i = 0; i < 5; i++) await store.getState().runLessonStep();
    client.answer('call', () => {
      throw { code: 'engine-unavailable', field: null, message: 'the engine is restarting' };
    });
    await store.getState().runLessonStep();
    expect(store.getState().lessons).toMatchObject({ position: { ran: 6 }, error: { what: 'step 6 (BIO_closesocket)' } });
    const asked = callRequests(client).length;
    await store.getState().runLessonStep();
    await store.getState().runLessonAll();
    expect(callRequests(client)).toHaveLength(asked);
    expect(store.getState().lessons).toMatchObject({ running: false, runningStep: null, error: { what: 'step 6 (BIO_closesocket)' } });
  });
});

describe('a lesson run, as the panel sees it', () => {
  it('names the run, shows each record in a new list, and says it is resetting until Reset is done', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    expect(store.getState().lessons.namespace).toBeNull();
    const before = store.getState().lessons.records;
    const seen: { running: boolean; runningStep: number | null; ran: number }[] = [];
    stops.push(store.subscribe((s) => seen.push({ running: s.lessons.running, runningStep: s.lessons.runningStep, ran: s.lessons.position.ran })));
    await store.getState().runLessonStep();
    expect(store.getState().lessons.namespace).toMatch(/^lesson-\w+-$/);
    expect(before).toEqual([null, null, null, null, null, null]);
    expect(store.getState().lessons.records[0]).not.toBeNull();
    // The update that shows the step ran also ends `running`: a key pressed at once is taken.
    expect(seen.find((x) => x.ran === 1)).toMatchObject({ running: false, runningStep: null });

    const resetting: boolean[] = [];
    stops.push(store.subscribe((s) => resetting.push(s.lessons.resetting)));
    await store.getState().resetLesson();
    expect(resetting[0]).toBe(true);
    expect(resetting.at(-1)).toBe(false);
  });

  it('Reset before any step ran closes nothing and says so', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    await store.getState().resetLesson();
    expect(store.getState().lessons).toMatchObject({ error: null });
    expect(store.getState().lessons.lastReset).toEqual({ title: REFUSED_CONNECT_DEMO.title, names: ['l', 'c'], closed: [], freed: [], failed: [] });
    expect(client.requests.filter((r) => r.method === 'cancel' || r.method === 'call')).toEqual([]);
  });

  it('Reset stops Run all after the step in flight', async () => {
    const client = createFakeClient();
    const host = fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    host.hold.add('BIO_listen');
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    const all = store.getState().runLessonAll();
    await settle();
    const reset = store.getState().resetLesson();
    await settle();
    for (const [callId, release] of host.held) {
      host.held.delete(callId);
      release(record({ call: 'BIO_listen', ret: 1 }));
    }
    await reset;
    await all;
    expect(callRequests(client).map((r) => r.step.call).filter((c) => c !== 'BIO_closesocket')).toEqual(['BIO_socket', 'BIO_listen']);
    expect(store.getState().lessons.running).toBe(false);
  });
});


describe('lesson controls that do nothing', () => {
  it('runs nothing with no lesson chosen', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().runLessonStep();
    await store.getState().runLessonAll();
    await store.getState().lessonForward();
    await store.getState().resetLesson();
    expect(callRequests(client)).toEqual([]);
    expect(store.getState().lessons).toMatchObject({ running: false, lastReset: null, error: null });
  });

  it('is running while one step waits, and neither Forward nor another step starts meanwhile, nor while resetting', async () => {
    const client = createFakeClient();
    const host = fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    host.hold.add('BIO_socket');
    const store = await started(client);
    await store.getState().listLessons();
    await store.getState().selectLesson('refused-connect');
    const step = store.getState().runLessonStep();
    await settle();
    expect(store.getState().lessons).toMatchObject({ running: true, runningStep: 0 });
    await store.getState().runLessonAll();
    expect(callRequests(client)).toHaveLength(1);
    for (const [callId, release] of host.held) {
      host.held.delete(callId);
      release(record({ call: 'BIO_socket', ret: 20, socket: snapshot({ fd: 20, name: callRequests(client)[0].step.as ?? null, role: 'new' }) }));
    }
    await step;
    expect(store.getState().lessons.running).toBe(false);
    store.setState((s) => ({ lessons: { ...s.lessons, resetting: true } }));
    await store.getState().runLessonStep();
    await store.getState().lessonForward();
    await store.getState().runLessonAll();
    expect(callRequests(client)).toHaveLength(1);
  });
});
