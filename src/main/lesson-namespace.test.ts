// A lesson never touches the person's sockets: run on a real session beside a socket of the
// person's named like the lesson's own, the lesson's names live under its namespace, a step whose
// socket the lesson did not open is refused (not run), and Reset closes only what the lesson opened.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Session } from './session/session';
import { startEngine } from './engine-host';
import { checkScenarioText } from '../shared/scenario-check';
import { ScenarioStepper } from '../shared/scenario-runner';
import { closeLessonSockets, lessonTally, tallyText } from '../shared/lesson-run';
import type { Scenario } from '../shared/steps';

function lesson(file: string): Scenario {
  const checked = checkScenarioText(readFileSync(join(resolve(process.cwd(), 'resources/lessons'), file), 'utf8'));
  if (!checked.ok) throw new Error(`${file} is not a valid lesson`);
  return checked.scenario;
}

let session: Session;
beforeEach(async () => {
  session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, warn: () => undefined });
});
afterEach(async () => {
  await session.close();
});

async function personsSocket(name: string): Promise<number> {
  const rec = await session.request('call', { step: { call: 'BIO_socket', as: name, domain: 'AF_INET', socktype: 'SOCK_STREAM' }, callId: `person-${name}` });
  expect(rec.ret).toBeGreaterThanOrEqual(0);
  return rec.ret!;
}

async function stillOpen(name: string, fd: number): Promise<void> {
  const live = await session.request('sockets', {});
  expect(live.filter((s) => s.name === name).map((s) => [s.fd, s.role])).toEqual([[fd, 'new']]);
}

async function runAll(stepper: ScenarioStepper): Promise<void> {
  while (!stepper.done) await stepper.step();
  await stepper.finish();
}

describe('a lesson in its own namespace, on a real session', () => {
  it('runs beside a socket of the person named like its own (c), and Reset leaves that socket open with the same fd', async () => {
    const fd = await personsSocket('c');
    const refused = lesson('refused-connect.json');
    const stepper = new ScenarioStepper(session, refused, { namespace: 'lesson-t1-', callIdPrefix: 'lesson-t1' });
    // Stop before the lesson's own close, so Reset has something of the lesson's to close.
    while (stepper.next < refused.steps.length - 1) await stepper.step();
    expect(stepper.records.slice(0, 5).map((r) => r.refused)).toEqual([null, null, null, null, null]);
    expect(stepper.records[4]).toMatchObject({ ret: 0, errno: { name: 'ECONNREFUSED' }, socket: { name: 'lesson-t1-c' } });
    expect(stepper.records[4].socket!.fd).not.toBe(fd);
    await stillOpen('c', fd);

    const reset = await closeLessonSockets(session, stepper.own!, 'lesson-t1-reset');
    expect(reset).toEqual({ closed: [{ name: 'c', fd: stepper.records[3].ret }], freed: [], failed: [] });
    await stillOpen('c', fd);
    expect((await session.request('sockets', {})).filter((s) => s.name?.startsWith('lesson-t1-'))).toEqual([]);
  });

  it('a clash in the namespace itself refuses the creating step, then refuses (never runs) every step on that socket', async () => {
    const fd = await personsSocket('lesson-t2-c');
    const stepper = new ScenarioStepper(session, lesson('refused-connect.json'), { namespace: 'lesson-t2-', callIdPrefix: 'lesson-t2' });
    await runAll(stepper);
    const refused = stepper.records.map((r) => r.refused);
    expect(refused[3]).toMatch(/already in use/);
    expect(refused[4]).toMatch(/"c" is not a socket this lesson opened/);
    expect(refused[5]).toMatch(/"c" is not a socket this lesson opened/);
    // Nothing reached the engine for steps 4 and 5: the log holds the person's call and steps 0-3 only.
    const log = await session.request('log', { offset: 0, limit: 100 });
    expect(log.entries.map((e) => e.call)).toEqual(['BIO_socket', 'BIO_socket', 'BIO_listen', 'BIO_closesocket', 'BIO_socket']);
    expect(tallyText(lessonTally(stepper.records, stepper.records.length))).toBe('3 of 6 steps ran; 3 refused (not run); 3 expectations held, 3 failed');

    expect(await closeLessonSockets(session, stepper.own!, 'lesson-t2-reset')).toEqual({ closed: [], freed: [], failed: [] });
    const live = await session.request('sockets', {});
    expect(live.filter((s) => s.name === 'lesson-t2-c').map((s) => [s.fd, s.role])).toEqual([[fd, 'new']]);
  });
});
