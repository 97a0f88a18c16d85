// "Did you mean": within a third of the word's length in edits (at least one), a swap of two
// neighbours counting as one edit, the nearest first, the earliest of equals.
import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name';

describe('closestName', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(closestName('tpc', ['tcp'])).toBe('tcp');
    expect(closestName('badcef', ['abcdef'])).toBe('abcdef');
    expect(closestName('badcfe', ['abcdef'])).toBeNull();
  });

  it('allows a third of the word\'s length in edits, and at least one', () => {
    expect(closestName('abxxef', ['abcdef'])).toBe('abcdef');
    expect(closestName('axxxef', ['abcdef'])).toBeNull();
    expect(closestName('ab', ['ax'])).toBe('ax');
    expect(closestName('ab', ['xy'])).toBeNull();
    expect(closestName('abc', ['abcde'])).toBeNull();
  });

  it('takes the nearest candidate, the earliest of equals', () => {
    expect(closestName('abcdef', ['abxxef', 'abcxef'])).toBe('abcxef');
    expect(closestName('abc', ['abd', 'abe'])).toBe('abd');
    expect(closestName('ABC', ['abd', 'abc'])).toBe('abc');
  });

  it('has nothing for an empty word or one past 100 characters', () => {
    expect(closestName('', ['a'])).toBeNull();
    expect(closestName('x'.repeat(100), ['x'.repeat(100)])).toBe('x'.repeat(100));
    expect(closestName('x'.repeat(101), ['x'.repeat(101)])).toBeNull();
  });
});
