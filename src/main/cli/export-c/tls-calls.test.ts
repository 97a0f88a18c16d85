// A TLS step's expectations in C: SSL_get_error's answer compared by the number its name stands
// for, and the verify result as a long.
import { describe, expect, it } from 'vitest';
import { tlsExpectLines } from './tls-calls';

describe('tlsExpectLines', () => {
  it('compares sslError by its number and verifyResult as it is', () => {
    expect(tlsExpectLines(3, { sslError: 'SSL_ERROR_WANT_READ', verifyResult: 18 })).toEqual([
      '    wb_expect_flag(&R[3], "sslError SSL_ERROR_WANT_READ", wb_ssl_error[3] == 2, 1);',
      '    wb_expect_flag(&R[3], "verifyResult 18", wb_verify[3] == 18L, 1);',
    ]);
    expect(tlsExpectLines(0, { sslError: 'SSL_ERROR_ZERO_RETURN' })).toEqual(['    wb_expect_flag(&R[0], "sslError SSL_ERROR_ZERO_RETURN", wb_ssl_error[0] == 6, 1);']);
    expect(tlsExpectLines(0, {})).toEqual([]);
  });

  it('a name SSL_get_error never gives compares with -1, which no call returns, so it fails as the workbench\'s check does', () => {
    expect(tlsExpectLines(1, { sslError: 'SSL_ERROR_NO_SUCH' })).toEqual(['    wb_expect_flag(&R[1], "sslError SSL_ERROR_NO_SUCH", wb_ssl_error[1] == -1, 1);']);
  });
});
