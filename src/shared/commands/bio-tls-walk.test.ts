// Connect and accept BIOs and TLS steps as export commands reads them, through scenarioEndpoints:
// which end each BIO is, what its settings ask as flags, which endpoint an SSL_new puts its
// context's TLS on, and what is listed as having no command, with why.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../steps';
import { scenarioEndpoints } from './endpoints';

const endpointsOf = (steps: unknown[]) => scenarioEndpoints({ title: 'bio and tls', steps } as Scenario);
const whys = (steps: unknown[]) => endpointsOf(steps).noEquivalent.map((n) => [n.step, n.why]);
const clientCtx = { call: 'SSL_CTX_new', as: 'cx', method: 'TLS_client_method' };
const serverCtx = { call: 'SSL_CTX_new', as: 'sx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' };

describe('connect and accept BIOs', () => {
  it('BIO_new_accept is a TCP listener (on every address for *), BIO_new_connect a connection, each of its address\'s family', () => {
    const { endpoints } = endpointsOf([
      { call: 'BIO_new_accept', as: 'ab', addr: '*:7000' },
      { call: 'BIO_new_connect', as: 'cb', addr: '[::1]:7000' },
      { call: 'BIO_new_connect', as: 'c4', addr: '127.0.0.1:7000' },
    ]);
    expect(endpoints.map((e) => [e.kind, e.socket, e.transport, e.family, e.host, e.port])).toEqual([
      ['listen', 'ab', 'tcp', 'AF_INET', null, '7000'],
      ['connect', 'cb', 'tcp', 'AF_INET6', '::1', '7000'],
      ['connect', 'c4', 'tcp', 'AF_INET', '127.0.0.1', '7000'],
    ]);
  });

  it('a BIO\'s settings become the flags its command must match, and their steps its own', () => {
    const { endpoints, noEquivalent } = endpointsOf([
      { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:7000' },
      { call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_NODELAY'] },
      { call: 'BIO_set_nbio', bio: 'cb', on: true },
      { call: 'BIO_do_connect_retry', bio: 'cb', timeout: 5 },
      { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:7001' },
      { call: 'BIO_set_bind_mode', bio: 'ab', mode: 'BIO_BIND_REUSEADDR' },
      { call: 'BIO_set_nbio_accept', bio: 'ab', on: true },
      { call: 'BIO_do_accept', bio: 'ab' },
      { call: 'BIO_new_accept', as: 'quiet', addr: '127.0.0.1:7002' },
      { call: 'BIO_set_bind_mode', bio: 'quiet', mode: 'BIO_BIND_NORMAL' },
      { call: 'BIO_set_nbio_accept', bio: 'quiet', on: false },
    ]);
    expect(endpoints.map((e) => [e.socket, e.flags, e.steps])).toEqual([
      ['cb', ['BIO_SOCK_NODELAY', 'BIO_SOCK_NONBLOCK'], [0, 1, 2, 3]],
      ['ab', ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NONBLOCK'], [4, 5, 6, 7]],
      ['quiet', [], [8, 9, 10]],
    ]);
    expect(noEquivalent).toEqual([]);
  });

  it('says why a BIO step has no command, and names a BIO no step made', () => {
    expect(whys([
      { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:7000' },
      { call: 'BIO_get_fd', bio: 'cb' },
      { call: 'BIO_do_connect', bio: 'zz' },
    ])).toEqual([
      [1, 'the commands have no BIO to ask for its fd'],
      [2, 'BIO_do_connect acts on a BIO no BIO_new_connect or BIO_new_accept in this scenario made'],
    ]);
  });
});

describe('SSL_new', () => {
  it('over a BIO that BIO_pop took from an accept BIO puts the context\'s TLS on that listener', () => {
    const { endpoints, noEquivalent } = endpointsOf([
      serverCtx,
      { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:7000' },
      { call: 'BIO_do_accept', bio: 'ab' },
      { call: 'BIO_do_accept', bio: 'ab' },
      { call: 'BIO_pop', bio: 'ab', as: 'conn' },
      { call: 'SSL_new', as: 'tls', ctx: 'sx', bio: 'conn' },
    ]);
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0].tls).toMatchObject({ role: 'server', ctx: 'sx', steps: [0, 5] });
    expect(endpoints[0].steps).toEqual([0, 1, 2, 3, 5]);
    expect(noEquivalent.map((n) => n.step)).toEqual([4]);
  });

  it('a second SSL_new with the same context on the same listener keeps the first one\'s TLS', () => {
    const { endpoints } = endpointsOf([
      serverCtx,
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:7000' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a1' },
      { call: 'SSL_new', as: 't1', ctx: 'sx', sock: 'a1' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a2' },
      { call: 'SSL_new', as: 't2', ctx: 'sx', sock: 'a2', host: 'example.test' },
    ]);
    expect(endpoints[0].tls).toMatchObject({ steps: [0, 4], host: null });
    expect(endpoints[0].caveats).toEqual([]);
  });

  it('on a datagram socket bound and then connected goes on the latest end, the connection', () => {
    const { endpoints } = endpointsOf([
      clientCtx,
      { call: 'BIO_socket', as: 'u', domain: 'AF_INET', socktype: 'SOCK_DGRAM' },
      { call: 'BIO_bind', sock: 'u', addr: '127.0.0.1:5000' },
      { call: 'BIO_connect', sock: 'u', addr: '127.0.0.1:7000' },
      { call: 'SSL_new', as: 't', ctx: 'cx', sock: 'u' },
    ]);
    expect(endpoints.map((e) => [e.kind, e.tls?.ctx ?? null])).toEqual([
      ['listen', null],
      ['connect', 'cx'],
    ]);
    expect(endpoints[1].tls).toMatchObject({ role: 'client', steps: [0, 4], alpn: null });
  });

  it('carries the context\'s ALPN list and SSL_new\'s host onto the connection', () => {
    const { endpoints } = endpointsOf([
      { ...clientCtx, alpn: ['h2', 'http/1.1'] },
      { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:7000' },
      { call: 'SSL_new', as: 't', ctx: 'cx', bio: 'cb', host: 'localhost' },
    ]);
    expect(endpoints[0].tls).toMatchObject({ alpn: ['h2', 'http/1.1'], host: 'localhost', steps: [0, 2] });
  });

  it('over no listener or connection has no command, and leaves its context unused', () => {
    expect(whys([clientCtx, { call: 'SSL_new', as: 't', ctx: 'cx', sock: 'zz' }])).toEqual([
      [0, 'no SSL_new in this scenario puts context cx on a listener\'s or connection\'s socket'],
      [1, 'zz is no listener\'s or connection\'s socket in this scenario'],
    ]);
  });
});
