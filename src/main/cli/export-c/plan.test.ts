// What export-c decides before writing a step: a C variable per socket name (distinct even when
// two names map to one identifier), an anonymous variable per unnamed socket, which background
// steps wait for readiness and which connects get a thread.
import { describe, expect, it } from 'vitest';
import { plan, withVars } from './plan';
import type { Scenario, Step } from '../../../shared/steps';

const steps = (list: unknown[]): Scenario => ({ title: 'plan', steps: list as Step[] });

describe('plan', () => {
  it('gives each name its own variable, an unnamed socket an anonymous one, and each name only once', () => {
    const p = plan(
      steps([
        { call: 'BIO_socket', as: 'a-b', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_socket', as: 'a_b', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_socket', as: 'a__b', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_accept_ex', sock: 'a-b' },
        { call: 'BIO_get_accept_socket', host: '127.0.0.1:0', bind_mode: 0 },
        { call: 'BIO_listen', sock: 'a-b', addr: '127.0.0.1:0' },
        { call: 'BIO_closesocket', sock: 'a_b' },
      ]),
    );
    expect([...p.vars]).toEqual([['a-b', 'a_b'], ['a_b', 'a_b_'], ['a__b', 'a__b']]);
    expect([...p.anon]).toEqual([3, 4, 5]);
  });

  it('defers background steps that wait for readiness, threads background connects and loops on a named socket, and nothing else', () => {
    const p = plan(
      steps([
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true },
        { call: 'BIO_accept_ex', sock: 'l', as: 'b' },
        { call: 'BIO_connect', sock: 'l', addr: '127.0.0.1:1', background: true },
        { call: 'BIO_connect', sock: 'l', addr: '127.0.0.1:1' },
        { call: 'BIO_connect', sock: 3, addr: '127.0.0.1:1', background: true },
        { call: 'BIO_read', sock: 'a', max: 16, background: true },
        { call: 'BIO_write', sock: 'a', data: 'x', background: false },
        { call: 'wait', sock: 'a', for: 'readable', background: true },
        { call: 'BIO_socket', as: 'z', domain: 'AF_INET', socktype: 'SOCK_STREAM', background: true },
        // A loop cannot be tried without waiting and taken up later: it runs whole, on a thread.
        { call: 'BIO_write', sock: 'a', data: 'x', bytes: 100, background: true },
        { call: 'BIO_read', sock: 'a', until: 'eof', background: true },
      ]),
    );
    expect([...p.deferred]).toEqual([1, 6, 8]);
    expect([...p.threaded]).toEqual([3, 10, 11]);
  });
});

describe('withVars', () => {
  it('names sockets by their C variables in sock and as, and leaves fd numbers, unknown names and other fields', () => {
    const p = plan(steps([{ call: 'BIO_socket', as: 'my-sock', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_socket', as: 'int', domain: 'AF_INET', socktype: 'SOCK_STREAM' }]));
    const accept = { call: 'BIO_accept_ex', sock: 'my-sock', as: 'int' } as Step;
    expect(withVars(accept, p)).toStrictEqual({ call: 'BIO_accept_ex', sock: 'my_sock', as: 'int_sock' });
    expect(accept).toStrictEqual({ call: 'BIO_accept_ex', sock: 'my-sock', as: 'int' });
    expect(withVars({ call: 'BIO_closesocket', sock: 7 } as Step, p)).toStrictEqual({ call: 'BIO_closesocket', sock: 7 });
    expect(withVars({ call: 'BIO_closesocket', sock: 'nobody' } as Step, p)).toStrictEqual({ call: 'BIO_closesocket', sock: 'nobody' });
    expect(withVars({ call: 'BIO_accept_ex', sock: 'my-sock', as: 'fresh' } as Step, p)).toStrictEqual({ call: 'BIO_accept_ex', sock: 'my_sock', as: 'fresh' });
    expect(withVars({ call: 'BIO_accept_ex', sock: 'my-sock' } as Step, p)).toStrictEqual({ call: 'BIO_accept_ex', sock: 'my_sock' });
    // A step with neither field gains no key.
    expect(withVars({ call: 'BIO_lookup_ex', addr: 'localhost:http' } as Step, p)).toStrictEqual({ call: 'BIO_lookup_ex', addr: 'localhost:http' });
  });
});

describe('plan: what each SSL object runs over', () => {
  it('an SSL object made over a named socket or a BIO, and nothing for one over an fd number or for any other step', () => {
    const p = plan(
      steps([
        { call: 'SSL_CTX_new', as: 'cx', method: 'TLS_client_method' },
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'SSL_new', as: 'ts', ctx: 'cx', sock: 'c' },
        { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' },
        { call: 'SSL_new', as: 'tb', ctx: 'cx', bio: 'cb' },
        { call: 'SSL_new', as: 'tn', ctx: 'cx', sock: 3 },
      ]),
    );
    expect([...p.sslUnder]).toEqual([
      ['ts', { sock: 'c', bio: undefined }],
      ['tb', { sock: undefined, bio: 'cb' }],
      ['tn', { sock: undefined, bio: undefined }],
    ]);
    expect([...p.bios]).toEqual(['cb']);
  });
});
