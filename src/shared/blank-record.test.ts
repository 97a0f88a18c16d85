// A step's record before anything happened: what the engine is asked (descriptive fields left
// out), nothing returned, nothing blocked, and when it started on the capture's clock.
import { describe, expect, it } from 'vitest';
import { blankRecord, callArgs } from './blank-record';
import type { Step } from './steps';

describe('blankRecord', () => {
  it('holds the call without what describes it, and no result yet', () => {
    const step = { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', expect: { ret: 1 }, note: 'n', caption: 'c', group: 'g', background: true } as Step;
    expect(callArgs(step)).toEqual({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' });
    const before = Date.now();
    const rec = blankRecord(step, 4);
    const after = Date.now();
    expect(rec).toMatchObject({ index: 4, call: 'BIO_connect', args: { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }, ret: null, errno: null, blocked: false, cancelled: null, refused: null, expect: null, durationUs: 0 });
    expect(rec.c).toMatch(/^BIO_connect\(c, /);
    // The wall clock in microseconds, as a capture's timestamps are. It is read from the monotonic
    // clock plus the process's start, which may drift from Date.now() by milliseconds: within a
    // second still tells microseconds from milliseconds and the wall clock from the monotonic one.
    expect(rec.startedAtUs).toBeGreaterThanOrEqual((before - 1000) * 1000);
    expect(rec.startedAtUs).toBeLessThanOrEqual((after + 1000) * 1000);
  });
});
