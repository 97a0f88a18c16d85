import { describe, expect, it } from 'vitest';
import { blankRecord } from '../../shared/blank-record';
import { checkExpect } from '../../shared/expect';
import { runFailures } from '../../shared/scenario-runner';
import type { CallRecord } from '../../shared/record';
import { formatReport } from './report';

function connectRecord(index: number, addr: string, patch: Partial<CallRecord>): CallRecord {
  const rec = { ...blankRecord({ call: 'BIO_connect', sock: 'c', addr }, index), ...patch };
  return { ...rec, expect: checkExpect(undefined, rec) };
}

const report = (steps: CallRecord[]) => formatReport({ ok: runFailures(steps).length === 0, title: null, libcrypto: null, steps, failures: runFailures(steps) });

describe('formatReport', () => {
  it('prints each address once, the one used marked, an IPv6 one bracketed only by its own syntax', () => {
    const text = report([
      connectRecord(0, 'localhost:1', {
        ret: 0,
        addresses: [
          { family: 'AF_INET6', address: '[::1]:1', used: true },
          { family: 'AF_INET', address: '127.0.0.1:1', used: false },
        ],
      }),
    ]);
    const line = text.split('\n').find((l) => l.trim().startsWith('addr:'));
    expect(line?.trim()).toBe('addr: [::1]:1 (used)  127.0.0.1:1');
    expect(text).not.toContain('[[');
  });

  it('says why a run failed: a refused step without "refused": true in its expect', () => {
    const why = 'addr: "[::1]:1" resolves only to AF_INET6, and the socket is AF_INET';
    const text = report([connectRecord(0, '[::1]:1', { refused: why })]);
    expect(text).toContain(`step 1, refused: refused before the call: ${why}`);
    expect(text).toMatch(/the run FAILED/);
    expect(text).toContain('"expect": {"refused": true}');
  });

  it('a run with nothing refused and nothing expected says nothing failed', () => {
    const text = report([connectRecord(0, '127.0.0.1:1', { ret: 0 })]);
    expect(text).not.toMatch(/FAILED/);
    expect(text).toMatch(/0 expectations held, 0 failed\n$/);
  });
});
