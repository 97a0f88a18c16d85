// A record as the engine drafts it: blank but for the step, warned when the call is deprecated;
// a refusal leaves no return value; bytes go out once, as hex.
import { describe, expect, it } from 'vitest';
import { applyInvocation, bytesView, draftRecord, refuse } from './records';
import { GETHOSTNAME_NOTE } from '../../shared/call-facts';

describe('records', () => {
  it('drafts a current call with no warning and nothing returned yet', () => {
    const rec = draftRecord({ call: 'BIO_sock_error', sock: 's' }, 3);
    expect(rec).toMatchObject({ index: 3, call: 'BIO_sock_error', ret: null, refused: null, warnings: [] });
    expect(rec.deprecated).toBeUndefined();
    expect('expect' in rec).toBe(false);
  });

  it('marks a deprecated call and says what to use instead; BIO_gethostbyname also gets the gethostname note', () => {
    const accept = draftRecord({ call: 'BIO_get_accept_socket', hostPort: '127.0.0.1:0', mode: 0 } as never, 0);
    expect(accept.deprecated).toBe(true);
    expect(accept.warnings).toEqual(['BIO_get_accept_socket is deprecated since OpenSSL 1.1.0 (see the manual\'s HISTORY); use BIO_lookup_ex, BIO_socket, BIO_listen and BIO_accept_ex']);
    const byName = draftRecord({ call: 'BIO_gethostbyname', host: 'localhost' } as never, 0);
    expect(byName.warnings).toEqual([expect.stringMatching(/^BIO_gethostbyname is deprecated/), GETHOSTNAME_NOTE]);
  });

  it('takes a call that succeeded as it returned: no errno, its queue, duration and the time it was made', () => {
    const rec = draftRecord({ call: 'BIO_sock_error', sock: 's' }, 0);
    // A successful call never reads errno, so no binding is needed to name one.
    applyInvocation(null as never, rec, { ret: 0, errno: 11, errorQueue: [], durationUs: 7 }, false);
    expect(rec).toMatchObject({ ret: 0, errno: null, errorQueue: [], durationUs: 7 });
    expect('calledAtUs' in rec).toBe(false);
    applyInvocation(null as never, rec, { ret: 1, errno: 0, errorQueue: [], durationUs: 3, calledAtUs: 1_796_560_133_070_465 }, false);
    expect(rec).toMatchObject({ ret: 1, durationUs: 3, calledAtUs: 1_796_560_133_070_465 });
  });

  it('refuses with the reason and no return value', () => {
    const rec = draftRecord({ call: 'BIO_sock_error', sock: 's' }, 0);
    rec.ret = 5;
    expect(refuse(rec, 'fd 9 is not ours')).toBe(rec);
    expect(rec).toMatchObject({ refused: 'fd 9 is not ours', ret: null });
  });

  it('gives bytes as hex, only the view asked for', () => {
    const buf = new Uint8Array([0, 1, 0xfe, 0x41, 0x42]);
    expect(bytesView(buf.subarray(2, 5))).toEqual({ hex: 'fe4142' });
    expect(bytesView(new Uint8Array())).toEqual({ hex: '' });
  });
});
