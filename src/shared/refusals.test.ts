// The refusal texts every layer shows, word for word (the engine's tests make the calls that give them).
import { describe, expect, it } from 'vitest';
import { refusals } from './refusals';

describe('refusals', () => {
  it('say what was refused, naming the socket and the number', () => {
    expect(refusals.failedName('BIO_accept_ex', 'a', -1)).toBe('BIO_accept_ex for "a" failed (ret -1), so there is no socket named "a"');
    expect(refusals.nameInUse('c', 7)).toBe('socket name "c" is already in use by fd 7; close it first or pick another name');
    expect(refusals.atLimit(64, 64)).toBe('the session already holds 64 sockets, the limit (maxSockets 64); close some first');
  });
});
