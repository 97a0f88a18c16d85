// The three tools' command lines for one endpoint, asked directly: which flags each maps (exactly),
// the notes it adds, the wildcard hosts a listener leaves out, the loopback a connection with no
// host goes to, and the line no tool gets when a field holds a control character. The shipped
// scenarios' commands are pinned in commands-text.test.ts and golden/cases/.
import { describe, expect, it } from 'vitest';
import type { FlagName } from '../flags';
import type { Endpoint } from './endpoint-types';
import type { TlsSide } from './tls-side';
import { toolCommands, type Tool, type ToolCommand } from './tools';

function endpoint(fields: Partial<Endpoint>): Endpoint {
  return { kind: 'listen', socket: 's', transport: 'tcp', family: 'AF_INET', host: '127.0.0.1', port: '7000', source: null, flags: [], backlog: null, steps: [0], variables: {}, caveats: [], tls: null, ...fields };
}

const of = (e: Partial<Endpoint>, tool: Tool): ToolCommand => toolCommands(endpoint(e)).find((c) => c.tool === tool)!;
const commandOf = (e: Partial<Endpoint>, tool: Tool) => of(e, tool).command;
const all: FlagName[] = ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_V6_ONLY', 'BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NONBLOCK', 'BIO_SOCK_NODELAY', 'BIO_SOCK_TFO'];

describe('a field no command line can hold', () => {
  it.each([
    [{ transport: 'unix-stream', family: 'AF_UNIX', host: '/tmp/a\nb', port: null }, 'unix path', '000A'],
    [{ transport: 'unix-dgram', family: 'AF_UNIX', host: '/tmp/a\x1bb', port: null }, 'unix path', '001B'],
    [{ host: 'a\tb' }, 'host', '0009'],
    [{ port: '70\r00' }, 'port', '000D'],
    [{ kind: 'connect', source: { host: '127.0.0.\x01', port: null } }, 'source host', '0001'],
    [{ kind: 'connect', source: { host: null, port: '5\x7f' } }, 'source port', '007F'],
  ] as [Partial<Endpoint>, string, string][])('%o: every tool says which field, and gives no line', (e, field, code) => {
    const why = `left out: its ${field} holds the control character U+${code}, which a command line would hide or split`;
    expect(toolCommands(endpoint(e))).toEqual(['socat', 'ncat', 'openssl'].map((tool) => ({ tool, command: null, mapped: [], notes: [why] })));
  });
});

describe('listeners', () => {
  it.each(['*', '0.0.0.0', '::', ''])('host %j is every address: no bind option, no host word', (host) => {
    expect(commandOf({ host }, 'socat')).toBe("socat TCP4-LISTEN:7000 STDIO");
    expect(commandOf({ host }, 'ncat')).toBe('ncat -4 -l -- 7000');
    expect(commandOf({ host }, 'openssl')).toBe('openssl s_server -4 -accept 7000 -cert cert.pem -key key.pem');
  });

  it('a TCP listener with every flag: what each tool maps, and what it cannot', () => {
    const e: Partial<Endpoint> = { family: 'AF_INET6', host: '::1', flags: all, backlog: 5 };
    expect(of(e, 'socat')).toEqual({
      tool: 'socat',
      command: "socat 'TCP6-LISTEN:7000,bind=[\\:\\:1],reuseaddr,keepalive,nodelay,ipv6only=1,backlog=5' STDIO",
      mapped: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NODELAY', 'BIO_SOCK_V6_ONLY'],
      notes: [
        'socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit',
        'socat has no option for TCP Fast Open (BIO_SOCK_TFO)',
        'BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do',
      ],
    });
    expect(of(e, 'ncat').mapped).toEqual(['BIO_SOCK_REUSEADDR', 'BIO_SOCK_V6_ONLY']);
    expect(of(e, 'openssl').mapped).toEqual(['BIO_SOCK_REUSEADDR', 'BIO_SOCK_V6_ONLY', 'BIO_SOCK_TFO']);
  });

  it('an IPv6 listener without V6_ONLY clears ipv6only in socat and maps nothing', () => {
    expect(of({ family: 'AF_INET6', host: null, flags: ['BIO_SOCK_NODELAY'] }, 'socat')).toEqual({
      tool: 'socat',
      command: "socat TCP6-LISTEN:7000,nodelay,ipv6only=0 STDIO",
      mapped: ['BIO_SOCK_NODELAY'],
      notes: ['socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit'],
    });
  });

  it('a UDP listener: socat maps reuseaddr only, and the TCP options are notes', () => {
    expect(of({ transport: 'udp', flags: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NODELAY'] }, 'socat')).toEqual({
      tool: 'socat',
      command: "socat UDP4-LISTEN:7000,bind=127.0.0.1,reuseaddr STDIO",
      mapped: ['BIO_SOCK_REUSEADDR'],
      notes: ['BIO_SOCK_NODELAY is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces'],
    });
    expect(of({ transport: 'udp', flags: ['BIO_SOCK_REUSEADDR'] }, 'ncat')).toEqual({
      tool: 'ncat',
      command: 'ncat -u -4 -l -- 127.0.0.1 7000',
      mapped: [],
      notes: ['ncat has no option for SO_REUSEADDR here (BIO_SOCK_REUSEADDR)'],
    });
  });

  it('a TCP listener asked for no flag: each tool says what it sets anyway', () => {
    expect(of({ family: 'AF_INET6', host: null }, 'ncat')).toEqual({
      tool: 'ncat',
      command: 'ncat -6 -l -- 7000',
      mapped: [],
      notes: ['ncat sets SO_REUSEADDR on every listener (not asked for here)', 'ncat -6 sets IPV6_V6ONLY on its listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients'],
    });
  });

  it('a port it does not know yet is 0 in every tool', () => {
    expect(commandOf({ port: null }, 'socat')).toBe("socat TCP4-LISTEN:0,bind=127.0.0.1 STDIO");
    expect(commandOf({ port: null }, 'ncat')).toBe('ncat -4 -l -- 127.0.0.1 0');
    expect(commandOf({ port: null }, 'openssl')).toBe("openssl s_server -4 -accept 127.0.0.1:0 -cert cert.pem -key key.pem");
    expect(commandOf({ host: null, port: null }, 'openssl')).toBe('openssl s_server -4 -accept 0 -cert cert.pem -key key.pem');
  });
});

describe('unix sockets', () => {
  it('one whose address held no path (an AF_UNIX socket given host:port) gets an empty path, not made-up text', () => {
    const unix: Partial<Endpoint> = { transport: 'unix-stream', family: 'AF_UNIX', host: null, port: null };
    expect(toolCommands(endpoint(unix)).map((c) => c.command)).toEqual(['socat UNIX-LISTEN: STDIO', "ncat -U -l -- ''", "openssl s_server -unix '' -cert cert.pem -key key.pem"]);
    expect(toolCommands(endpoint({ ...unix, kind: 'connect' })).map((c) => c.command)).toEqual(['socat STDIO UNIX-CONNECT:', "ncat -U -- ''", "openssl s_client -unix ''"]);
  });
});

describe('unix datagram sockets', () => {
  it('the TCP options asked of one are notes in socat and ncat, and openssl has no command', () => {
    const e: Partial<Endpoint> = { kind: 'connect', transport: 'unix-dgram', family: 'AF_UNIX', host: '/tmp/d.sock', port: null, flags: ['BIO_SOCK_NODELAY'] };
    const note = 'BIO_SOCK_NODELAY is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces';
    expect(toolCommands(endpoint(e))).toEqual([
      { tool: 'socat', command: 'socat STDIO UNIX-SENDTO:/tmp/d.sock', mapped: [], notes: [note] },
      { tool: 'ncat', command: 'ncat -u -U -- /tmp/d.sock', mapped: [], notes: [note] },
      { tool: 'openssl', command: null, mapped: [], notes: ['openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol'] },
    ]);
  });
});

describe('connections', () => {
  it('one with no host goes to the loopback of its family', () => {
    expect(commandOf({ kind: 'connect', host: null }, 'socat')).toBe("socat STDIO TCP4:127.0.0.1:7000");
    expect(commandOf({ kind: 'connect', host: null, family: 'AF_INET6' }, 'socat')).toBe("socat STDIO 'TCP6:[\\:\\:1]:7000'");
    expect(commandOf({ kind: 'connect', host: null }, 'ncat')).toBe('ncat -4 -- 127.0.0.1 7000');
    expect(commandOf({ kind: 'connect', host: null, family: 'AF_INET6' }, 'ncat')).toBe("ncat -6 -- ::1 7000");
    expect(commandOf({ kind: 'connect', host: null }, 'openssl')).toBe("openssl s_client -4 -connect 127.0.0.1:7000");
    expect(commandOf({ kind: 'connect', host: null, family: 'AF_INET6' }, 'openssl')).toBe("openssl s_client -6 -connect '[::1]:7000'");
  });

  it('an IPv4 connection to a host name is not bracketed; an IPv6 host always is', () => {
    expect(commandOf({ kind: 'connect', host: 'localhost' }, 'socat')).toBe("socat STDIO TCP4:localhost:7000");
    expect(commandOf({ kind: 'connect', host: 'localhost', family: 'AF_INET6' }, 'socat')).toBe("socat STDIO TCP6:localhost:7000");
    expect(commandOf({ kind: 'connect', host: 'fe80::1' }, 'socat')).toBe("socat STDIO 'TCP4:[fe80\\:\\:1]:7000'");
  });

  it('a port it does not know yet is 0, and a source bind without a port binds port 0', () => {
    expect(commandOf({ kind: 'connect', port: null }, 'socat')).toBe('socat STDIO TCP4:127.0.0.1:0');
    expect(commandOf({ kind: 'connect', port: null }, 'ncat')).toBe('ncat -4 -- 127.0.0.1 0');
    expect(commandOf({ kind: 'connect', port: null }, 'openssl')).toBe("openssl s_client -4 -connect 127.0.0.1:0");
    expect(commandOf({ kind: 'connect', source: { host: '127.0.0.2', port: null } }, 'openssl')).toBe("openssl s_client -4 -connect 127.0.0.1:7000 -bind 127.0.0.2:0");
  });

  it('a TCP connection with every flag: what each tool maps, and what it cannot', () => {
    const e: Partial<Endpoint> = { kind: 'connect', flags: all };
    expect(of(e, 'socat').mapped).toEqual(['BIO_SOCK_REUSEADDR', 'BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NODELAY', 'BIO_SOCK_NONBLOCK']);
    expect(of(e, 'ncat')).toEqual({
      tool: 'ncat',
      command: 'ncat -4 -- 127.0.0.1 7000',
      mapped: ['BIO_SOCK_NONBLOCK'],
      notes: [
        'ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)',
        'ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)',
        'ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)',
        'ncat has no option for SO_REUSEADDR on a connection (BIO_SOCK_REUSEADDR)',
      ],
    });
    expect(of(e, 'openssl')).toEqual({
      tool: 'openssl',
      command: "openssl s_client -4 -connect 127.0.0.1:7000 -tfo",
      mapped: ['BIO_SOCK_NODELAY', 'BIO_SOCK_TFO'],
      notes: [
        'openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries',
        's_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect',
        'openssl s_client has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)',
        '-tfo needs the openssl command of OpenSSL 3.2 or later',
      ],
    });
  });

  it('a UDP connection: the TCP options are notes in socat and ncat, and openssl has no command', () => {
    const e: Partial<Endpoint> = { kind: 'connect', transport: 'udp', flags: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NODELAY', 'BIO_SOCK_TFO'] };
    const datagram = (f: string) => `${f} is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces`;
    expect(of(e, 'socat')).toEqual({ tool: 'socat', command: "socat STDIO UDP4:127.0.0.1:7000,reuseaddr", mapped: ['BIO_SOCK_REUSEADDR'], notes: ['socat has no option for TCP Fast Open (BIO_SOCK_TFO)', datagram('BIO_SOCK_NODELAY'), datagram('BIO_SOCK_TFO')] });
    expect(of(e, 'ncat').notes).toEqual([datagram('BIO_SOCK_NODELAY'), datagram('BIO_SOCK_TFO'), 'ncat has no option for SO_REUSEADDR on a connection (BIO_SOCK_REUSEADDR)']);
    expect(of(e, 'openssl')).toEqual({ tool: 'openssl', command: null, mapped: [], notes: ['openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol'] });
  });
});

describe('openssl and TLS', () => {
  const tls: TlsSide = { role: 'client', ctx: 'cx', steps: [1, 2], verify: null, caFile: null, certFile: null, keyFile: null, minVersion: null, maxVersion: null, host: 'a\u0007b', alpn: null };

  it('a TLS field no command line can hold leaves openssl out, naming the field; socat and ncat still get a line', () => {
    const cmds = toolCommands(endpoint({ kind: 'connect', tls }));
    expect(cmds.map((c) => c.command === null)).toEqual([false, false, true]);
    expect(cmds[2]).toEqual({ tool: 'openssl', command: null, mapped: [], notes: ['left out: its host holds the control character U+0007, which a command line would hide or split'] });
  });
});
