// Recording a lesson from this page's own calls: only while recording, each call with the caption
// typed for it, Stop rebuilding them as a lesson (refused calls left out with why), Save writing it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createRecordingSlice, type RecordingSlice } from './lesson-recording';
import type { ConnectionSlice } from './connection';
import { createFakeClient, record, REFUSED_CONNECT } from '../test/fake-client';
import { createWorkbenchStore } from './store';
import type { Scenario } from '../../../shared/steps';

afterEach(() => {
  vi.useRealTimers();
});

interface Saved {
  file: string;
  text: string;
  type: string;
}

/** The recording slice with the session's tmpDir beside it, and the files Save handed over. */
function recorder(tmpDir: string | null = '/tmp/wb-1') {
  const saved: Saved[] = [];
  const slice = createRecordingSlice((file, text, type) => void saved.push({ file, text, type }));
  const store = createStore<RecordingSlice & Pick<ConnectionSlice, 'tmpDir'>>()((set, get, api) => ({
    tmpDir,
    ...(slice as unknown as (s: typeof set, g: typeof get, a: typeof api) => RecordingSlice)(set, get, api),
  }));
  return { store, saved, r: () => store.getState().recording };
}

const socketCall = (as: string) => record({ args: { call: 'BIO_socket', as, domain: 'AF_UNIX', socktype: 'SOCK_STREAM' }, c: `BIO_socket(AF_UNIX, SOCK_STREAM, 0, 0) /* ${as} */` });
const listenCall = (sock: string, addr: string) =>
  record({ index: 1, call: 'BIO_listen', args: { call: 'BIO_listen', sock, addr }, c: `BIO_listen(${sock}, addr, 0)`, ret: 1 });

const captionsOf = (lesson: Scenario | null) => lesson?.steps.map((s) => (s as { caption?: string }).caption);

describe('recording slice', () => {
  it('starts idle and keeps no call made before Record', () => {
    const { store, r } = recorder();
    expect(r()).toEqual({ active: false, records: [], captions: [], caption: '', lesson: null, leftOut: [], saved: null, title: '' });
    store.getState().recordOwnCall(socketCall('l'));
    store.getState().stopRecording();
    expect(r().records).toEqual([]);
    expect(r().lesson).toBeNull();
  });

  it('keeps each call with the caption typed before it, trimmed, and clears the caption for the next', () => {
    const { store, r } = recorder();
    store.getState().startRecording();
    expect(r().active).toBe(true);
    store.getState().setRecordingCaption('  a listener  ');
    expect(r().caption).toBe('  a listener  ');
    store.getState().recordOwnCall(socketCall('l'));
    expect(r().caption).toBe('');
    store.getState().setRecordingCaption('   ');
    store.getState().recordOwnCall(listenCall('l', 'unix:/tmp/wb-1/l.sock'));
    expect(r().records.map((x) => x.c)).toEqual(['BIO_socket(AF_UNIX, SOCK_STREAM, 0, 0) /* l */', 'BIO_listen(l, addr, 0)']);
    expect(r().captions).toEqual(['a listener', null]);
  });

  it('Stop makes the lesson: typed captions, else the C call, a trailing caption on the last step, {tmp} for the session directory', () => {
    const { store, r } = recorder('/tmp/wb-1');
    store.getState().setRecordingTitle('  Unix listener ');
    store.getState().startRecording();
    expect(r().title).toBe('  Unix listener ');
    store.getState().setRecordingCaption('a socket');
    store.getState().recordOwnCall(socketCall('l'));
    store.getState().recordOwnCall(listenCall('l', 'unix:/tmp/wb-1/l.sock'));
    store.getState().setRecordingCaption('it listens');
    store.getState().stopRecording();
    const s = r();
    expect(s.active).toBe(false);
    expect(s.caption).toBe('');
    expect(s.leftOut).toEqual([]);
    expect(s.lesson?.title).toBe('Unix listener');
    expect(captionsOf(s.lesson)).toEqual(['a socket', 'it listens']);
    expect((s.lesson?.steps[1] as { addr?: string }).addr).toBe('unix:{tmp}/l.sock');
    // Once stopped, further calls are not kept, and a second Stop changes nothing.
    store.getState().recordOwnCall(socketCall('m'));
    store.getState().stopRecording();
    expect(r().records).toHaveLength(2);
    expect(r().lesson).toBe(s.lesson);
  });

  it('a lesson with no title is "A recorded lesson"; a refused call is left out, saying why', () => {
    const { store, r } = recorder(null);
    store.getState().startRecording();
    store.getState().recordOwnCall(socketCall('r'));
    store.getState().recordOwnCall(REFUSED_CONNECT);
    store.getState().stopRecording();
    // A call that failed in libcrypto is a step too: its expectation is the errno it gave.
    expect(r().lesson?.title).toBe('A recorded lesson');
    expect(captionsOf(r().lesson)).toEqual(['BIO_socket(AF_UNIX, SOCK_STREAM, 0, 0) /* r */', 'BIO_connect(r, addr, 0)']);
    expect(r().leftOut).toEqual([]);
    const refused = { ...REFUSED_CONNECT, refused: 'invalid-input' as const };
    store.getState().startRecording();
    store.getState().recordOwnCall(refused);
    store.getState().stopRecording();
    expect(r().lesson).toBeNull();
    expect(r().leftOut).toEqual(['BIO_connect(r, addr, 0): refused before the call (invalid-input): nothing reached libcrypto']);
  });

  it('Record again starts over but keeps the typed title', () => {
    const { store, r } = recorder();
    store.getState().setRecordingTitle('Mine');
    store.getState().startRecording();
    store.getState().setRecordingCaption('first');
    store.getState().recordOwnCall(socketCall('l'));
    store.getState().setRecordingCaption('pending');
    store.getState().stopRecording();
    store.getState().saveRecordedLesson();
    store.getState().startRecording();
    expect(r()).toEqual({ active: true, records: [], captions: [], caption: '', lesson: null, leftOut: [], saved: null, title: 'Mine' });
  });

  it('a title typed after Stop renames the lesson (blank: the default) and asks for a new Save', () => {
    const { store, r, saved } = recorder();
    store.getState().startRecording();
    store.getState().recordOwnCall(socketCall('l'));
    store.getState().stopRecording();
    store.getState().setRecordingTitle('Renamed ');
    expect(r().lesson?.title).toBe('Renamed');
    store.getState().saveRecordedLesson();
    expect(r().saved).toBe('renamed.json');
    store.getState().setRecordingTitle('   ');
    expect(r().lesson?.title).toBe('A recorded lesson');
    expect(r().saved).toBeNull();
    expect(saved).toHaveLength(1);
    // Before any lesson, a title is only kept.
    const fresh = recorder();
    fresh.store.getState().setRecordingTitle('x');
    expect(fresh.r().lesson).toBeNull();
  });

  it('captions and titles are cut to what a lesson file holds', () => {
    const { store, r } = recorder();
    store.getState().setRecordingCaption('c'.repeat(1200));
    store.getState().setRecordingTitle('t'.repeat(400));
    expect(r().caption).toHaveLength(1000);
    expect(r().title).toHaveLength(300);
  });

  it('Save writes the lesson as JSON named by its title, or by the time when it has none', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-06T07:08:09.500Z'));
    const { store, r, saved } = recorder();
    store.getState().saveRecordedLesson();
    expect(saved).toEqual([]);
    expect(r().saved).toBeNull();
    // A title of blanks is no title.
    store.getState().setRecordingTitle('   ');
    store.getState().startRecording();
    store.getState().recordOwnCall(socketCall('l'));
    store.getState().stopRecording();
    store.getState().saveRecordedLesson();
    expect(saved.map((f) => [f.file, f.type])).toEqual([['bio-workbench-lesson-2026-12-06T07-08-09.json', 'application/json']]);
    expect(r().saved).toBe('bio-workbench-lesson-2026-12-06T07-08-09.json');
    expect(saved[0].text).toBe(`${JSON.stringify(r().lesson, null, 2)}\n`);
    expect(JSON.parse(saved[0].text).steps[0].call).toBe('BIO_socket');
    store.getState().setRecordingTitle('Two Sockets, one port!');
    store.getState().saveRecordedLesson();
    expect(saved[1].file).toBe('two-sockets-one-port.json');
    expect(JSON.parse(saved[1].text).title).toBe('Two Sockets, one port!');
  });
});

describe('recording in the whole store', () => {
  it("keeps each call this page makes once, whatever else changes, and no other page's calls", async () => {
    const client = createFakeClient();
    client.answer('call', () => socketCall('l'));
    const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
    const stop = store.getState().start();
    try {
      expect(store.getState().theme).toBe('light');
      store.getState().startRecording();
      await store.getState().runStep({ call: 'BIO_socket', as: 'l', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' });
      store.getState().setData({ payload: 'x' });
      store.getState().setRecordingCaption('next');
      client.emit('log', { position: 5, record: socketCall('other') });
      await store.getState().runStep({ call: 'BIO_socket', as: 'l', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' });
      expect(store.getState().recording.records).toHaveLength(2);
      await store.getState().copyText('x', 'y');
      expect(store.getState().copied?.refused).toBe('this page has no clipboard');
    } finally {
      stop();
    }
  });
});
