// The page's list of errno names (for "did you mean" in the log search) is the loaded libc's own.
import { describe, expect, it } from 'vitest';
import { loadBindings } from './bindings';
import { ERRNO_NAMES } from '../../shared/errno-names';

describe('ERRNO_NAMES', () => {
  it('is every name strerrorname_np gives, in code order', () => {
    const b = loadBindings();
    const names: string[] = [];
    for (let code = 1; code < 512; code++) {
      const name = b.libc.strerrorname_np(code);
      if (name) names.push(name);
    }
    expect(ERRNO_NAMES).toEqual(names);
  });
});
