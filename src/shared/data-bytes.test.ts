// Which bytes a lesson keeps as text: what a person could type, and nothing a terminal or an
// editor would hide or act on.
import { describe, expect, it } from 'vitest';
import { printableText } from './data-bytes';

describe('printableText', () => {
  it('gives text for printable UTF-8 with tabs and line ends', () => {
    expect(printableText('68656c6c6f')).toBe('hello');
    expect(printableText('610962 0d0a')).toBe('a\tb\r\n');
    expect(printableText('c3a9')).toBe('é');
    expect(printableText('')).toBe('');
  });

  it('gives null for control bytes, invalid UTF-8 and invisible separators', () => {
    expect(printableText('00')).toBeNull();
    expect(printableText('1b5b306d')).toBeNull();
    expect(printableText('ff')).toBeNull();
    expect(printableText('c3')).toBeNull();
    expect(printableText('7f')).toBeNull();
    expect(printableText('e280a8')).toBeNull();
    // Bidi overrides and zero-width characters hide what the bytes say.
    expect(printableText('e280ae')).toBeNull();
    expect(printableText('e281a6')).toBeNull();
    expect(printableText('e2808b')).toBeNull();
  });
});
