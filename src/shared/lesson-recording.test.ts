// A lesson recorded as a person works: each kept call gets the caption typed for it (or its C call),
// captions stay with their calls when a call is left out, and the description says what was left.
// src/main/lesson-recording.test.ts records against a real engine; these are the edges.
import { describe, expect, it } from 'vitest';
import { blankRecord } from './blank-record';
import { recordedLesson } from './lesson-recording';
import type { CallRecord } from './record';
import type { Step } from './steps';

const port = (service: string): CallRecord => ({ ...blankRecord({ call: 'BIO_get_port', service }, 0), ret: 1 });
const refused = (c: string): CallRecord => ({ ...blankRecord({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }, 0), refused: 'no', c });
const captionsOf = (steps: readonly Step[]) => steps.map((s) => s.caption);

describe('recordedLesson', () => {
  it('gives each step the caption typed for its call, trimmed, else its C call', () => {
    const { lesson } = recordedLesson([port('http'), port('https'), port('ftp')], ['  first  ', null, '   ']);
    expect(captionsOf(lesson!.steps)).toEqual(['first', 'BIO_get_port("https", &port)', 'BIO_get_port("ftp", &port)']);
  });

  it('keeps a caption with its call when an earlier call is left out', () => {
    const { lesson, leftOut } = recordedLesson([refused('BIO_connect(c, addr, 0)'), port('http'), port('https')], ['for the refused one', 'for http', 'for https']);
    expect(leftOut.map((l) => l.position)).toEqual([0]);
    expect(captionsOf(lesson!.steps)).toEqual(['for http', 'for https']);
  });

  it('puts a caption typed after the last call with the last step, after its own', () => {
    const { lesson } = recordedLesson([port('http'), port('https')], ['one', 'two'], { trailingCaption: '  and then?  ' });
    expect(captionsOf(lesson!.steps)).toEqual(['one', 'two and then?']);
    expect(captionsOf(recordedLesson([port('http')], [null], { trailingCaption: 'end' }).lesson!.steps)).toEqual(['end']);
    expect(captionsOf(recordedLesson([port('http')], [null], { trailingCaption: '  ' }).lesson!.steps)).toEqual(['BIO_get_port("http", &port)']);
  });

  it('has a title of its own unless given one, and counts its calls', () => {
    const one = recordedLesson([port('http')], []).lesson!;
    expect(one.title).toBe('A recorded lesson');
    expect(one.description).toBe("Recorded in the workbench: 1 call, each step's expectation what happened then (ret, errno).");
    const two = recordedLesson([port('http'), port('https')], [], { title: 'Ports' }).lesson!;
    expect(two.title).toBe('Ports');
    expect(two.description).toMatch(/^Recorded in the workbench: 2 calls, /);
  });

  it('names what was left out, the first 20 and a count of the rest', () => {
    const left = Array.from({ length: 22 }, (_, i) => refused(`BIO_connect(c${i}, addr, 0)`));
    const { lesson, leftOut } = recordedLesson([port('http'), ...left], []);
    expect(leftOut).toHaveLength(22);
    expect(lesson!.description).toContain(' Left out: BIO_connect(c0, addr, 0): refused before the call (no): nothing reached libcrypto; BIO_connect(c1, ');
    expect(lesson!.description).toContain('BIO_connect(c19, ');
    expect(lesson!.description).not.toContain('BIO_connect(c20, ');
    expect(lesson!.description).toMatch(/; and 2 more\.$/);
    const twenty = recordedLesson([port('http'), ...left.slice(0, 20)], []).lesson!.description;
    expect(twenty).not.toContain('more');
    expect(twenty).toMatch(/BIO_connect\(c19, addr, 0\): refused before the call \(no\): nothing reached libcrypto\.$/);
  });

  it('keeps the description within 10,000 characters', () => {
    const left = Array.from({ length: 20 }, () => refused('x'.repeat(1000)));
    expect(recordedLesson([port('http'), ...left], []).lesson!.description).toHaveLength(10_000);
  });

  it('is no lesson when no call could become a step', () => {
    expect(recordedLesson([refused('BIO_connect(c, addr, 0)')], ['why']).lesson).toBeNull();
    expect(recordedLesson([refused('BIO_connect(c, addr, 0)')], ['why']).leftOut).toHaveLength(1);
  });

  it('writes paths in the session\'s directory as {tmp}', () => {
    const open: CallRecord = { ...blankRecord({ call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' }, 0), ret: 5 };
    const listen: CallRecord = { ...blankRecord({ call: 'BIO_listen', sock: 'u', addr: 'unix:/tmp/s9/a.sock' }, 1), ret: 1 };
    const steps = recordedLesson([open, listen], [], { tmpDir: '/tmp/s9' }).lesson!.steps as (Step & { addr?: string })[];
    expect(steps[1].addr).toBe('unix:{tmp}/a.sock');
  });
});
