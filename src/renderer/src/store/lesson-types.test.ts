// The lessons the panel offers and the one chosen; a file opened here checked like a shipped
// lesson and titled by its own title or its name; the socket names a lesson gives, once each.
import { describe, expect, it } from 'vitest';
import { allLessons, lessonFromFile, lessonSocketNames, selectedLesson } from './lesson-types';
import { demoOf, INVALID_DEMO } from '../test/fake-lesson-host';

const a = demoOf('a', 'A', [{ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }]);
const b = demoOf('b', 'B', []);
const f = demoOf('file:f.json', 'F', []);

describe('lesson types', () => {
  it('offers the host lessons, then its scenarios, then files opened here, whichever lists have come', () => {
    expect(allLessons({ shipped: [a], scenarios: [b], opened: [f] }).map((l) => l.id)).toEqual(['a', 'b', 'file:f.json']);
    expect(allLessons({ shipped: null, scenarios: null, opened: [f] }).map((l) => l.id)).toEqual(['file:f.json']);
  });

  it('finds the lesson chosen, or none', () => {
    const d = { shipped: [a], scenarios: [b], opened: [f] };
    expect(selectedLesson({ ...d, selectedId: 'b' })).toBe(b);
    expect(selectedLesson({ ...d, selectedId: null })).toBeNull();
    expect(selectedLesson({ ...d, selectedId: 'gone' })).toBeNull();
  });

  it("titles a file by its own title, else by its name, and says why one cannot be run", () => {
    const steps = [{ call: 'BIO_socket', as: 'x', domain: 'AF_INET', socktype: 'SOCK_STREAM' }];
    expect(lessonFromFile('mine.json', JSON.stringify({ title: 'Mine', description: 'About it.', steps }))).toEqual({
      lesson: { id: 'file:mine.json', title: 'Mine', description: 'About it.', scenario: { title: 'Mine', description: 'About it.', steps }, error: null },
    });
    expect(lessonFromFile('untitled.json', JSON.stringify({ steps }))).toMatchObject({ lesson: { title: 'untitled.json', description: null } });
    expect(lessonFromFile('bad.json', '{')).toEqual({ error: expect.stringMatching(/^bad\.json cannot be run: \S/) });
  });

  it('lists the socket names a lesson gives, once each, in order, and none for a lesson that cannot run', () => {
    const lesson = demoOf('n', 'N', [
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
    ]);
    expect(lessonSocketNames(lesson)).toEqual(['l', 'a']);
    expect(lessonSocketNames(INVALID_DEMO)).toEqual([]);
  });
});
