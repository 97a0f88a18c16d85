// A session's real call log rebuilt as a lesson, then replayed on a fresh engine: every
// expectation taken from the log holds again. Sockets used by fd get names, a name used twice
// gets a second one, a port the kernel picked becomes {name.port}, the session's directory
// {tmp}; refused and cancelled calls are left out, saying why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../main/engine-host';
import { Session } from '../main/session/session';
import { lessonFromRecords } from './lesson';
import type { CallRecord } from './record';
import { checkScenario } from './scenario-check';
import { runScenario } from './scenario-runner';
import type { Step } from './steps';
import { dataText } from './data-bytes';

let session: Session;
let records: CallRecord[];

const call = (step: Step, callId?: string) => session.request('call', { step, callId });

beforeAll(async () => {
  session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true });
  // A person at the window: a listener on port 0, a client reaching the port the kernel picked.
  await call({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const listened = await call({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['BIO_SOCK_REUSEADDR'] });
  const port = /:(\d+)$/.exec(listened.socket!.local!)![1];
  // A socket made without a name, then used by its fd number.
  const anon = await call({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  await call({ call: 'BIO_connect', sock: anon.ret!, addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NODELAY'] });
  await call({ call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 5000 });
  await call({ call: 'BIO_write', sock: anon.ret!, data: 'hello' });
  await call({ call: 'BIO_read', sock: 'a', max: 64, timeoutMs: 5000 });
  // Refused before the call: an AF_INET socket given an IPv6 address.
  await call({ call: 'BIO_connect', sock: 'a', addr: '[::1]:1' });
  // A blocking accept nobody answers, cancelled.
  const waiting = call({ call: 'BIO_accept_ex', sock: 'l', as: 'w' }, 'wait1');
  await new Promise<void>((resolve) => {
    const off = session.on('callStarted', (s) => s.callId === 'wait1' && (off(), resolve()));
  });
  await session.request('cancel', { callId: 'wait1' });
  expect((await waiting).cancelled).toBeTruthy();
  for (const sock of ['a', anon.ret!, 'l'] as const) await call({ call: 'BIO_closesocket', sock });
  // The name l again, for a second listener: the lesson must tell the two apart.
  await call({ call: 'BIO_socket', as: 'l', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' });
  await call({ call: 'BIO_listen', sock: 'l', addr: `unix:${session.tmpDir}/lesson.sock` });
  await call({ call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' });
  await call({ call: 'BIO_connect', sock: 'u', addr: `unix:${session.tmpDir}/lesson.sock` });
  await call({ call: 'BIO_closesocket', sock: 'u' });
  await call({ call: 'BIO_closesocket', sock: 'l' });
  records = (await session.request('log', { offset: 0, limit: 100 })).entries;
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('a call log as a lesson', () => {
  it('rebuilds each call as a step: names for fds and reused names, {name.port}, {tmp}, the C call as the note, ret and errno as the expectation', () => {
    const { scenario, leftOut } = lessonFromRecords(records, { title: 'My session', tmpDir: session.tmpDir });
    expect(scenario).not.toBeNull();
    // Rebuilt without a schema (it runs in the page): the file must pass the scenario check all the same.
    expect(checkScenario(scenario)).toMatchObject({ ok: true });
    const steps = scenario!.steps as (Step & Record<string, unknown>)[];
    expect(scenario!.title).toBe('My session');
    expect(steps.map((s) => s.call)).toEqual([
      'BIO_socket', 'BIO_listen', 'BIO_socket', 'BIO_connect', 'BIO_accept_ex', 'BIO_write', 'BIO_read',
      'BIO_closesocket', 'BIO_closesocket', 'BIO_closesocket',
      'BIO_socket', 'BIO_listen', 'BIO_socket', 'BIO_connect', 'BIO_closesocket', 'BIO_closesocket',
    ]);
    const anonName = steps[2].as as string;
    expect(anonName).toMatch(/^fd\d+$/);
    expect(steps[3]).toMatchObject({ sock: anonName, addr: '127.0.0.1:{l.port}', note: records[3].c, expect: { ret: 1, errno: null } });
    expect(steps[0].expect).toEqual({ ret: 'fd', errno: null });
    // Text a person could type is saved as text, not as hex.
    expect(steps[5]).toMatchObject({ call: 'BIO_write', data: 'hello' });
    expect(steps[5]).not.toHaveProperty('dataHex');
    expect(steps[10]).toMatchObject({ as: 'l_2', domain: 'AF_UNIX' });
    expect(steps[11]).toMatchObject({ sock: 'l_2', addr: 'unix:{tmp}/lesson.sock' });
    expect(leftOut.map((l) => l.position)).toEqual([7, 8]);
    expect(leftOut[0].why).toMatch(/^refused before the call/);
    expect(leftOut[1].why).toMatch(/^cancelled/);
    expect(scenario!.description).toContain('Left out: #7 ');
  });

  it('replays on a fresh engine with every expectation holding', async () => {
    const { scenario } = lessonFromRecords(records, { tmpDir: session.tmpDir });
    const engine = await startEngine();
    const dir = mkdtempSync(join(tmpdir(), 'bio-lesson-'));
    try {
      const result = await runScenario(engine, scenario!, { tmpDir: dir });
      expect(result.failures).toEqual([]);
      expect(result.ok).toBe(true);
      expect(dataText(result.steps[6].data)).toBe('hello');
    } finally {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a log with nothing to rebuild has no lesson, and says why for each entry', () => {
    const refused = records.filter((r) => r.refused);
    expect(lessonFromRecords(refused)).toEqual({ scenario: null, leftOut: [{ position: 0, c: refused[0].c, why: expect.stringMatching(/^refused before the call/) }] });
  });
});
