// The listeners and connections export commands finds in a scenario and in live sockets, asked
// directly: the port variables it names, which ports it fixes, the source a connection binds,
// the steps with no command (in step order), and which live socket is which end.
import { describe, expect, it } from 'vitest';
import type { SocketSnapshot } from '../record';
import type { Scenario } from '../steps';
import { scenarioEndpoints, socketEndpoint } from './endpoints';
import { scenarioCommands } from './equivalent';

const endpointsOf = (steps: unknown[]) => scenarioEndpoints({ title: 'endpoints', steps } as Scenario);
const sock = (as: string, socktype = 'SOCK_STREAM') => ({ call: 'BIO_socket', as, domain: 'AF_INET', socktype });

describe('scenarioEndpoints', () => {
  it('names a kernel-picked port after its socket, each character a variable cannot hold as _', () => {
    const { endpoints } = endpointsOf([sock('l-1'), { call: 'BIO_listen', sock: 'l-1', addr: '127.0.0.1:0' }, sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l-1.port}' }]);
    expect(endpoints.map((e) => [e.kind, e.port, Object.keys(e.variables)])).toEqual([
      ['listen', '$PORT_l_1', ['PORT_l_1']],
      ['connect', '$PORT_l_1', ['PORT_l_1']],
    ]);
  });

  it('a port a connection connects to is not its own: {c.port} stays a variable', () => {
    const { endpoints } = endpointsOf([sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:7000' }, sock('d'), { call: 'BIO_connect', sock: 'd', addr: '127.0.0.1:{c.port}' }]);
    expect(endpoints.map((e) => e.port)).toEqual(['7000', '$PORT_c']);
  });

  it('a port bound or listened on by number is filled in literally; a service name is not a number', () => {
    const { endpoints } = endpointsOf([
      sock('l'),
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:7000' },
      sock('m'),
      { call: 'BIO_listen', sock: 'm', addr: '127.0.0.1:7001x' },
      sock('c'),
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' },
      sock('d'),
      { call: 'BIO_connect', sock: 'd', addr: '127.0.0.1:{m.port}' },
    ]);
    expect(endpoints.map((e) => e.port)).toEqual(['7000', '7001x', '7000', '$PORT_m']);
  });

  it('a connection bound to a wildcard and port 0 binds nothing a command must name', () => {
    const { endpoints } = endpointsOf([sock('c'), { call: 'BIO_bind', sock: 'c', addr: '*:0' }, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:7000' }]);
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ kind: 'connect', source: null, variables: {} });
  });

  it('a connection whose source port is another socket\'s carries that port\'s variable', () => {
    const { endpoints } = endpointsOf([
      sock('l'),
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
      sock('c'),
      { call: 'BIO_bind', sock: 'c', addr: '127.0.0.2:{l.port}' },
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:7000' },
    ]);
    expect(endpoints[1]).toMatchObject({ kind: 'connect', source: { host: '127.0.0.2', port: '$PORT_l' }, variables: { PORT_l: expect.stringContaining('the port socket l is bound to') } });
  });

  it('BIO_get_accept_socket makes a TCP listener', () => {
    const { endpoints } = endpointsOf([{ call: 'BIO_get_accept_socket', as: 'a', hostPort: '127.0.0.1:7000', mode: 'BIO_BIND_REUSEADDR' }]);
    expect(endpoints).toMatchObject([{ kind: 'listen', socket: 'a', transport: 'tcp', family: 'AF_INET', host: '127.0.0.1', port: '7000', flags: ['BIO_SOCK_REUSEADDR'] }]);
  });

  it('lists a context no SSL_new puts on a socket among the steps with no command, in step order', () => {
    const { noEquivalent } = endpointsOf([
      { call: 'SSL_CTX_new', as: 'cx', method: 'TLS_client_method' },
      sock('c'),
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:7000' },
      { call: 'BIO_closesocket', sock: 'c' },
    ]);
    expect(noEquivalent.map((n) => [n.step, n.why])).toEqual([
      [0, 'no SSL_new in this scenario puts context cx on a listener\'s or connection\'s socket'],
      [3, 'the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)'],
    ]);
    expect(noEquivalent[0].c).toBe('cx = SSL_CTX_new(TLS_client_method())');
  });
});

describe('socketEndpoint', () => {
  const live = (fields: Partial<SocketSnapshot>): SocketSnapshot => ({ fd: 5, name: 's', role: 'new', family: 'AF_INET', type: 'SOCK_STREAM', local: null, peer: null, state: null, soError: 0, applied: {}, requested: {}, tcpInfo: null, ...fields });

  it('a listener on 0.0.0.0 or :: listens on every address', () => {
    expect(socketEndpoint(live({ role: 'listener', local: '0.0.0.0:7000' }))).toMatchObject({ endpoint: { kind: 'listen', host: null, port: '7000' } });
    expect(socketEndpoint(live({ role: 'listener', family: 'AF_INET6', local: '[::]:7000' }))).toMatchObject({ endpoint: { kind: 'listen', host: null, port: '7000' } });
  });

  it('a connected datagram socket is a connection to its peer', () => {
    expect(socketEndpoint(live({ role: 'datagram', type: 'SOCK_DGRAM', local: '127.0.0.1:5000', peer: '127.0.0.1:7000' }))).toMatchObject({ endpoint: { kind: 'connect', transport: 'udp', host: '127.0.0.1', port: '7000' } });
  });

  it('a closed socket is closed, whatever addresses it last had', () => {
    expect(socketEndpoint(live({ role: 'closed', local: '127.0.0.1:5000', peer: '127.0.0.1:7000' }))).toEqual({ why: 's is closed' });
  });
});

describe('scenarioCommands titles', () => {
  it('an AF_UNIX socket given host:port (no path) is titled with an empty path, not made-up text', () => {
    const x = scenarioCommands({ title: 't', steps: [{ call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' }, { call: 'BIO_listen', sock: 'u', addr: '*:7000' }] } as Scenario);
    expect(x.endpoints.map((e) => e.title)).toEqual(['listener u on unix:, steps 1, 2']);
  });
});
