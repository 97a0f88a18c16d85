import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultScenarioDir, defaultLessonDir, listShipped } from './shipped-scenarios';
import { Session } from './session/session';
import { startEngine } from './engine-host';

const dir = mkdtempSync(join(tmpdir(), 'bio-shipped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shipped scenarios', () => {
  it('every shipped scenario is a valid scenario with a title and a description', () => {
    const shipped = listShipped(defaultScenarioDir());
    expect(shipped.length).toBeGreaterThanOrEqual(10);
    for (const d of shipped) {
      expect(d.error, d.id).toBeNull();
      expect(d.scenario?.steps.length, d.id).toBeGreaterThan(0);
      expect(d.title, d.id).not.toBe(d.id);
      expect(d.description, d.id).toBeTruthy();
    }
  });

  it('lists lessons in the order of their numbers: 2 before 10', () => {
    const numbers = listShipped(defaultLessonDir()).map((l) => Number(/^(\d+)\./.exec(l.title)?.[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const sorting = mkdtempSync(join(tmpdir(), 'bio-demos-sort-'));
    try {
      for (const [file, title] of [['a', '10. Ten'], ['b', '2. Two'], ['c', '1. One'], ['d', 'Zeta'], ['e', 'alpha']]) {
        writeFileSync(join(sorting, `${file}.json`), JSON.stringify({ title, steps: [{ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }] }));
      }
      expect(listShipped(sorting).map((d) => d.title)).toEqual(['1. One', '2. Two', '10. Ten', 'alpha', 'Zeta']);
    } finally {
      rmSync(sorting, { recursive: true, force: true });
    }
  });

  it('lists an invalid file with the error that names its step and field, and ignores other files', () => {
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ title: 'Good', steps: [{ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }] }));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ steps: [{ call: 'BIO_connect', sock: 'nobody', addr: '127.0.0.1:1' }] }));
    writeFileSync(join(dir, 'notes.txt'), 'not a scenario');
    const shipped = listShipped(dir);
    expect(shipped.map((d) => d.id).sort()).toEqual(['bad', 'good']);
    expect(shipped.find((d) => d.id === 'good')).toMatchObject({ title: 'Good', error: null });
    expect(shipped.find((d) => d.id === 'bad')).toMatchObject({ scenario: null, error: expect.stringMatching(/^step 1, sock: no earlier step names a socket "nobody"/) });
  });

  it('the session serves the shipped lessons beside the scenarios: every one valid, titled, described', async () => {
    const session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, warn: () => undefined });
    try {
      const lessons = await session.request('lessons', {});
      expect(lessons.map((l) => l.id).sort()).toEqual(listShipped(defaultLessonDir()).map((l) => l.id).sort());
      expect(lessons.length).toBeGreaterThanOrEqual(12);
      for (const l of lessons) {
        expect(l.error, l.id).toBeNull();
        expect(l.description, l.id).toBeTruthy();
        expect(l.scenario?.steps.every((s) => s.caption), l.id).toBe(true);
      }
    } finally {
      await session.close();
    }
  });

  it('are served by the session, which also gives {tmp} a directory of its own', async () => {
    const session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, scenarioDir: dir, warn: () => undefined });
    let tmp: string | null = null;
    try {
      expect((await session.request('scenarios', {})).map((d) => d.id).sort()).toEqual(['bad', 'good']);
      tmp = (await session.request('session', {})).tmpDir;
      expect(tmp).toMatch(/bio-workbench-/);
    } finally {
      await session.close();
    }
    // The session's {tmp} goes with it.
    const { existsSync } = await import('node:fs');
    expect(existsSync(tmp!)).toBe(false);
  });
});
