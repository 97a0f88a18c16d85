// C source text from scenario text: a variable name that compiles, a string literal that says
// exactly the bytes, a comment that cannot end early.
import { describe, expect, it } from 'vitest';
import { cLiteral, comment, cVar } from './c-text';

describe('cVar', () => {
  it('keeps a plain name, turns - into _, and suffixes a name C, libc or the program already uses', () => {
    expect(['c', 'my-sock', 'a-b-c'].map(cVar)).toEqual(['c', 'my_sock', 'a_b_c']);
    expect(['int', 'socket', 'errno', 'r', 'bool'].map(cVar)).toEqual(['int_sock', 'socket_sock', 'errno_sock', 'r_sock', 'bool_sock']);
    expect(['BIO_x', 'wb_fd_1', 'SO_KEEPALIVE', 'EAGAIN', '_Hidden', 'POLLIN'].map(cVar)).toEqual(['BIO_x_sock', 'wb_fd_1_sock', 'SO_KEEPALIVE_sock', 'EAGAIN_sock', '_Hidden_sock', 'POLLIN_sock']);
    // Only an all-capitals E... is an errno name.
    expect(['Ella', 'e1'].map(cVar)).toEqual(['Ella', 'e1']);
  });
});

describe('cLiteral', () => {
  it('keeps printable ASCII, escapes quote, backslash and ?, and writes every other byte in three octal digits', () => {
    expect(cLiteral('say "hi"\\?')).toBe('"say \\"hi\\"\\\\\\?"');
    expect(cLiteral(new Uint8Array([0x1f, 0x20, 0x7e, 0x7f, 0x00, 0x41, 0xff]))).toBe('"\\037 ~\\177\\000A\\377"');
    // A digit after an escape stays a digit: octal escapes are never longer than three.
    expect(cLiteral('\n1')).toBe('"\\0121"');
    expect(cLiteral('é')).toBe('"\\303\\251"');
  });
});

describe('comment', () => {
  it('opens no comment and ends none, and stays on one line', () => {
    expect(comment('a */ b /* c\nd')).toBe('a * / b / * c d');
    expect(comment('x*/*/y')).toBe('x* / * /y');
  });
});
