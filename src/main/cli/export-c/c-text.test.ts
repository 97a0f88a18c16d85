// C variable names from scenario names: each compiles and collides with nothing the program uses
// (string literals and comments are src/shared/escape's).
import { describe, expect, it } from 'vitest';
import { cVar } from './c-text';

describe('cVar', () => {
  it('keeps a plain name, turns - into _, and suffixes a name C, libc or the program already uses', () => {
    expect(['c', 'my-sock', 'a-b-c'].map(cVar)).toEqual(['c', 'my_sock', 'a_b_c']);
    expect(['int', 'socket', 'errno', 'r', 'bool'].map(cVar)).toEqual(['int_sock', 'socket_sock', 'errno_sock', 'r_sock', 'bool_sock']);
    expect(['BIO_x', 'wb_fd_1', 'SO_KEEPALIVE', 'EAGAIN', '_Hidden', 'POLLIN'].map(cVar)).toEqual(['BIO_x_sock', 'wb_fd_1_sock', 'SO_KEEPALIVE_sock', 'EAGAIN_sock', '_Hidden_sock', 'POLLIN_sock']);
    // Only an all-capitals E... is an errno name.
    expect(['Ella', 'e1'].map(cVar)).toEqual(['Ella', 'e1']);
  });
});
