// The equivalent commands for what no shipped scenario holds (commands-text pins those): every
// transport and family as listener and connection, each flag, a source bind, a backlog, a socket
// nobody made, text no command line can hold, and live sockets in each role. Reviewed copies in
// golden/cases/; after an intended change: `npx vitest run src/shared/commands --update`, then read the diff.
import { describe, expect, it } from 'vitest';
import type { SocketSnapshot } from '../record';
import { Scenario } from '../steps';
import { commandExportText, endpointText, scenarioCommands, socketCommands } from './equivalent';

const sock = (as: string, domain = 'AF_INET', socktype = 'SOCK_STREAM') => ({ call: 'BIO_socket', as, domain, socktype });
const all = ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_V6_ONLY', 'BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NONBLOCK', 'BIO_SOCK_NODELAY', 'BIO_SOCK_TFO'];

const cases: Record<string, object[]> = {
  'tcp-every-flag': [
    sock('l4'),
    { call: 'BIO_listen', sock: 'l4', addr: '10.0.0.1:7000', options: all },
    sock('l6', 'AF_INET6'),
    { call: 'BIO_listen', sock: 'l6', addr: '[::1]:0', options: all },
    sock('c4'),
    { call: 'BIO_bind', sock: 'c4', addr: '127.0.0.2:0', options: ['BIO_SOCK_REUSEADDR'] },
    { call: 'BIO_connect', sock: 'c4', addr: '127.0.0.1:{l4.port}', options: all },
    sock('c6', 'AF_INET6'),
    { call: 'BIO_bind', sock: 'c6', addr: '[::1]:5000' },
    { call: 'BIO_connect', sock: 'c6', addr: '[::1]:{l6.port}', options: ['BIO_SOCK_KEEPALIVE'] },
  ],
  'tcp-no-flags': [
    sock('l6', 'AF_INET6'),
    { call: 'BIO_listen', sock: 'l6', addr: '[::]:7001' },
    sock('l4'),
    { call: 'BIO_listen', sock: 'l4', addr: '*:http' },
    sock('c6', 'AF_INET6'),
    { call: 'BIO_connect', sock: 'c6', addr: '[::1]:{l6.port}' },
    sock('c'),
    { call: 'BIO_bind', sock: 'c', addr: ':6000' },
    { call: 'BIO_connect', sock: 'c', addr: 'localhost:7001' },
  ],
  datagrams: [
    sock('u', 'AF_INET', 'SOCK_DGRAM'),
    { call: 'BIO_bind', sock: 'u', addr: '127.0.0.1:9000', options: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NODELAY'] },
    sock('u6', 'AF_INET6', 'SOCK_DGRAM'),
    { call: 'BIO_connect', sock: 'u6', addr: '[::1]:9000', options: ['BIO_SOCK_NODELAY', 'BIO_SOCK_TFO', 'BIO_SOCK_KEEPALIVE', 'BIO_SOCK_REUSEADDR'] },
    sock('ud', 'AF_UNIX', 'SOCK_DGRAM'),
    { call: 'BIO_bind', sock: 'ud', addr: 'unix:{tmp}/recv.sock' },
    { call: 'BIO_listen', sock: 'ud', addr: 'unix:{tmp}/recv.sock', options: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NONBLOCK'] },
    sock('us', 'AF_UNIX', 'SOCK_DGRAM'),
    { call: 'BIO_connect', sock: 'us', addr: 'unix:{tmp}/recv.sock' },
  ],
  'unix-stream-and-listen-2': [
    sock('ul', 'AF_UNIX'),
    { call: 'BIO_listen', sock: 'ul', addr: 'unix:/run/a$b.sock', options: ['BIO_SOCK_NONBLOCK'] },
    sock('uc', 'AF_UNIX'),
    { call: 'BIO_connect', sock: 'uc', addr: 'unix:/run/a$b.sock' },
    sock('b'),
    { call: 'BIO_bind', sock: 'b', addr: '127.0.0.1:8123', options: ['BIO_SOCK_REUSEADDR'] },
    { call: 'listen', sock: 'b', backlog: 0 },
    sock('n'),
    { call: 'listen', sock: 'n', backlog: 5 },
    { call: 'BIO_connect', sock: 'nobody', addr: '127.0.0.1:1' },
    { call: 'BIO_connect', sock: 'n', addr: '127.0.0.1:{b.port}' },
    sock('w6', 'AF_INET6'),
    { call: 'BIO_bind', sock: 'w6', addr: '[::]:8124' },
    { call: 'listen', sock: 'w6', backlog: 1 },
  ],
  'accept-socket-and-other-steps': [
    { call: 'BIO_get_accept_socket', hostPort: '4444', mode: 'BIO_BIND_REUSEADDR', as: 'g' },
    { call: 'BIO_get_accept_socket', hostPort: '[::1]:0' },
    { call: 'BIO_get_accept_socket', hostPort: '*:4445' },
    { call: 'BIO_accept', sock: 'g', as: 'a' },
    { call: 'BIO_write', sock: 'a', data: 'x' },
    { call: 'BIO_read', sock: 'a', max: 1 },
    { call: 'wait', sock: 'a', for: 'readable', timeoutMs: 1 },
    { call: 'BIO_sock_error', sock: 'a' },
    { call: 'shutdown', sock: 'a', how: 'SHUT_WR' },
    { call: 'BIO_closesocket', sock: 'a' },
    { call: 'BIO_lookup_ex', addr: 'localhost:http' },
    { call: 'BIO_get_port', service: 'http' },
    { call: 'BIO_get_host_ip', host: 'localhost' },
    { call: 'BIO_gethostbyname', host: 'localhost' },
    { call: 'BIO_new_connect', as: 'bc', addr: '127.0.0.1:1' },
    { call: '__crash' },
  ],
  'unsayable-text': [
    sock('c'),
    { call: 'BIO_connect', sock: 'c', addr: 'bad\u001bhost:80' },
    sock('d'),
    { call: 'BIO_connect', sock: 'd', addr: "it's:x,y!!(z)" },
  ],
};

describe('equivalent commands for what no shipped scenario holds', () => {
  it.each(Object.entries(cases))('%s', async (name, steps) => {
    const scenario = Scenario.parse({ title: name, steps });
    await expect(commandExportText(scenarioCommands(scenario))).toMatchFileSnapshot(`golden/cases/${name}.sh`);
  });

  it('a scenario with no listener or connection says so, and one with no title starts with its commands', () => {
    expect(commandExportText(scenarioCommands(Scenario.parse({ steps: [sock('a')] })))).toBe('# no listener or connection in this scenario\n');
    const text = commandExportText(scenarioCommands(Scenario.parse({ steps: [sock('a'), { call: 'BIO_connect', sock: 'a', addr: '127.0.0.1:1' }] })));
    expect(text).toMatch(/^# connection a to 127\.0\.0\.1:1, steps 1, 2\nsocat STDIO TCP4:127\.0\.0\.1:1\n/);
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
  });
});

function live(fields: Partial<SocketSnapshot>): SocketSnapshot {
  return { fd: 9, name: 's', role: 'new', family: 'AF_INET', type: 'SOCK_STREAM', local: null, peer: null, state: null, soError: 0, applied: {}, requested: {}, tcpInfo: null, ...fields };
}

describe('a live socket as a command ("Copy as command")', () => {
  const text = (s: SocketSnapshot): string => {
    const found = socketCommands(s);
    return 'why' in found ? `why: ${found.why}` : endpointText(found);
  };

  it('in each role', async () => {
    const sockets: [string, SocketSnapshot][] = [
      ['listener', live({ role: 'listener', local: '0.0.0.0:4433', requested: { SO_REUSEADDR: true, O_NONBLOCK: true, TCP_NODELAY: false, TCP_FASTOPEN: 0 } })],
      ['listener v6', live({ role: 'listener', family: 'AF_INET6', local: '[::]:4433', requested: { IPV6_V6ONLY: true, TCP_FASTOPEN: 5 } })],
      ['accepted', live({ name: null, fd: 12, role: 'accepted', local: '127.0.0.1:4433', peer: '127.0.0.1:50000', requested: { O_NONBLOCK: true, SO_KEEPALIVE: true } })],
      ['client', live({ role: 'client', local: '127.0.0.1:50000', peer: '[::1]:4433', family: 'AF_INET6' })],
      ['datagram connected', live({ role: 'datagram', type: 'SOCK_DGRAM', peer: '127.0.0.1:53', local: '127.0.0.1:40000' })],
      ['datagram bound', live({ role: 'datagram', type: 'SOCK_DGRAM', local: '127.0.0.1:5353' })],
      ['unix listener', live({ role: 'listener', family: 'AF_UNIX', local: 'unix:/run/x$y.sock' })],
      ['closed', live({ role: 'closed' })],
      ['new', live({ role: 'new' })],
      ['listener not bound', live({ role: 'listener' })],
      ['client with no peer', live({ role: 'client', local: '127.0.0.1:1' })],
      ['other family', live({ family: 'AF_PACKET' })],
    ];
    const out = sockets.map(([what, s]) => `## ${what}\n${text(s)}`).join('\n\n') + '\n';
    await expect(out).toMatchFileSnapshot('golden/cases/live-sockets.sh');
  });
});
