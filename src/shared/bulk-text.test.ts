import { describe, expect, it } from 'vitest';
import { bulkLine, mibPerSecond } from './bulk-text';
import type { BulkSummary } from './record';

const summary: BulkSummary = { direction: 'write', bytes: 2 ** 21, requested: 2 ** 22, chunk: 65536, calls: 40, partial: 3, eagain: 2, durationUs: 500_000, sha256: 'ab'.repeat(32), first: '', last: '', eof: false };

describe('bulk text', () => {
  it('gives MiB/s, or null when no time passed', () => {
    expect(mibPerSecond(2 ** 21, 500_000)).toBe(4);
    expect(mibPerSecond(5, 0)).toBeNull();
  });

  it('says a loop in one line: what went of what was asked, how fast, the calls, end of file, the digest', () => {
    expect(bulkLine(summary)).toBe(`bulk: sent 2097152 of 4194304 bytes in 500000 us (4.0 MiB/s); 40 call(s) of up to 65536 bytes, 3 partial, 2 EAGAIN; sha256 ${'ab'.repeat(32)}`);
    expect(bulkLine({ ...summary, direction: 'read', requested: null, durationUs: 0, eof: true })).toBe(`bulk: read 2097152 bytes in 0 us; 40 call(s) of up to 65536 bytes, 3 partial, 2 EAGAIN; end of file; sha256 ${'ab'.repeat(32)}`);
  });
});
