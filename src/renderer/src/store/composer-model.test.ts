// The composer's fields as steps, previews, warnings and names: what Run sends is what the C
// preview shows.
import { describe, expect, it } from 'vitest';
import {
  buildStep,
  candidateInUse,
  compactStep,
  COMPOSER_CALLS,
  composerWarnings,
  DEFAULT_FIELDS,
  DEPRECATED_COMPOSER_CALLS,
  fieldsOf,
  findSocket,
  flagViews,
  nextSocketName,
  optionsValue,
  previewC,
  socketLabel,
  sockRef,
  type ComposerFields,
} from './composer-model';
import { INFO_30, INFO_35, snapshot } from '../test/fake-client';
import { TLS_COMPOSER_CALLS } from './composer-bio-tls';
import { ACCEPT_BIO_CALLS, CONNECT_BIO_CALLS } from '../../../shared/tls-facts';
import type { AddressCandidate } from '../../../shared/record';

const fields = (patch: Partial<ComposerFields>): ComposerFields => ({ ...DEFAULT_FIELDS, ...patch });

describe('buildStep', () => {
  it('makes a BIO_socket step with the name and flags given, and none when left blank', () => {
    expect(buildStep(fields({ as: ' l ', flags: ['BIO_SOCK_NONBLOCK'] }))).toEqual({
      call: 'BIO_socket',
      as: 'l',
      domain: 'AF_INET',
      socktype: 'SOCK_STREAM',
      protocol: '0',
      options: ['BIO_SOCK_NONBLOCK'],
    });
    expect(compactStep(buildStep(fields({ as: '  ' })))).toEqual({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM', protocol: '0' });
  });

  it('takes a socket by name, or by fd when digits are typed', () => {
    expect(buildStep(fields({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }))).toMatchObject({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' });
    expect(buildStep(fields({ call: 'BIO_closesocket', sock: ' 17 ' }))).toEqual({ call: 'BIO_closesocket', sock: 17 });
    expect(sockRef('-1')).toBe(-1);
    expect(sockRef('a1')).toBe('a1');
    // A name that starts with digits is a name.
    expect(sockRef('3com')).toBe('3com');
  });

  it('passes a timeout and a picked candidate only when set', () => {
    const connect = buildStep(fields({ call: 'BIO_connect', sock: 'c', addr: 'localhost:80', addrIndex: 1, timeoutMs: '3000' }));
    expect(connect).toEqual({ call: 'BIO_connect', sock: 'c', addr: 'localhost:80', addrIndex: 1, options: undefined, timeoutMs: 3000 });
    expect(compactStep(buildStep(fields({ call: 'BIO_connect', sock: 'c', addr: 'localhost:80' })))).toEqual({ call: 'BIO_connect', sock: 'c', addr: 'localhost:80' });
    expect(compactStep(buildStep(fields({ call: 'BIO_connect', sock: 'c', addr: 'localhost:80', timeoutMs: '   ' })))).toEqual({ call: 'BIO_connect', sock: 'c', addr: 'localhost:80' });
  });

  it('makes reads, writes and the deprecated calls from their own fields', () => {
    expect(compactStep(buildStep(fields({ call: 'BIO_read', sock: 'a1', max: '16' })))).toEqual({ call: 'BIO_read', sock: 'a1', max: 16 });
    expect(compactStep(buildStep(fields({ call: 'BIO_write', sock: 'c', data: 'hi' })))).toEqual({ call: 'BIO_write', sock: 'c', data: 'hi' });
    expect(buildStep(fields({ call: 'BIO_get_port', service: 'https' }))).toEqual({ call: 'BIO_get_port', service: 'https' });
    expect(compactStep(buildStep(fields({ call: 'BIO_get_accept_socket', hostPort: '*:0', as: 'g' })))).toEqual({ call: 'BIO_get_accept_socket', hostPort: '*:0', mode: 'BIO_BIND_NORMAL', as: 'g' });
    expect(buildStep(fields({ call: 'BIO_lookup_ex', addr: 'localhost:443', family: 'AF_INET6' }))).toEqual({
      call: 'BIO_lookup_ex',
      addr: 'localhost:443',
      lookupType: 'BIO_LOOKUP_CLIENT',
      family: 'AF_INET6',
      socktype: 'SOCK_STREAM',
    });
  });

  it('gives every offered call a step of its own name, using only fields the form shows for it', () => {
    for (const call of [...COMPOSER_CALLS, ...DEPRECATED_COMPOSER_CALLS]) {
      const step = compactStep(buildStep(fields({ call, sock: 's', as: 'n', timeoutMs: '5' })));
      expect(step.call).toBe(call);
      const shown = fieldsOf(call);
      if ('timeoutMs' in step) expect(shown.has('timeoutMs')).toBe(true);
      if ('sock' in step) expect(shown.has('sock')).toBe(true);
      if ('as' in step) expect(shown.has('as')).toBe(true);
    }
  });
});

describe('previewC and optionsValue', () => {
  it('shows the C call Run will make, with the flags OR-ed', () => {
    const f = fields({ call: 'BIO_connect', sock: 'c', flags: ['BIO_SOCK_NONBLOCK', 'BIO_SOCK_NODELAY'] });
    expect(previewC(f)).toBe('BIO_connect(c, addr, BIO_SOCK_NONBLOCK | BIO_SOCK_NODELAY)');
    expect(optionsValue(f)).toBe(0x08 | 0x10);
    expect(previewC(fields({ as: 'l' }))).toBe('l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)');
  });

  it('falls back to the call name when the fields cannot be written as C yet', () => {
    expect(previewC(fields({ call: 'BIO_write', sock: 'c', data: undefined as unknown as string }))).toBe('BIO_write(…)');
  });
});

describe('flags', () => {
  it('disables TFO on OpenSSL 3.0 with the reason, and allows it on 3.5', () => {
    const tfo30 = flagViews('BIO_connect', INFO_30).find((v) => v.flag.name === 'BIO_SOCK_TFO')!;
    expect(tfo30.honoured).toBe(true);
    expect(tfo30.disabledReason).toContain('needs OpenSSL 3.2 or later');
    expect(tfo30.disabledReason).toContain('OpenSSL 3.0.19');
    expect(flagViews('BIO_connect', INFO_35).find((v) => v.flag.name === 'BIO_SOCK_TFO')!.disabledReason).toBeNull();
    // Only TFO, and only once the engine has said which libcrypto it loaded.
    expect(flagViews('BIO_connect', INFO_30).filter((v) => v.disabledReason).map((v) => v.flag.name)).toEqual(['BIO_SOCK_TFO']);
    expect(flagViews('BIO_connect', null).filter((v) => v.disabledReason)).toEqual([]);
  });

  it('says which flags the chosen call honours', () => {
    const honoured = (call: Parameters<typeof flagViews>[0]) =>
      flagViews(call, INFO_30)
        .filter((v) => v.honoured)
        .map((v) => v.flag.name);
    expect(honoured('BIO_bind')).toEqual(['BIO_SOCK_REUSEADDR']);
    expect(honoured('BIO_accept_ex')).toEqual(['BIO_SOCK_NONBLOCK']);
    expect(honoured('BIO_read')).toEqual([]);
  });

  it('warns before Run about a flag the call ignores, or one the socket cannot take', () => {
    const bindKeepalive = composerWarnings(fields({ call: 'BIO_bind', sock: 'b', flags: ['BIO_SOCK_KEEPALIVE'] }), INFO_30, [snapshot({ name: 'b' })]);
    expect(bindKeepalive).toEqual([expect.stringContaining('BIO_bind ignores BIO_SOCK_KEEPALIVE')]);
    const v6OnlyOn4 = composerWarnings(fields({ call: 'BIO_listen', sock: 'l', flags: ['BIO_SOCK_V6_ONLY'] }), INFO_30, [snapshot({ name: 'l', family: 'AF_INET' })]);
    expect(v6OnlyOn4).toEqual([expect.stringContaining('only to IPv6 sockets')]);
    expect(composerWarnings(fields({ call: 'BIO_listen', sock: 'l', flags: ['BIO_SOCK_V6_ONLY'] }), INFO_30, [snapshot({ name: 'l', family: 'AF_INET6' })])).toEqual([]);
    // A socket the field names that is gone: nothing known about it, nothing said.
    expect(composerWarnings(fields({ call: 'BIO_connect', sock: 'gone', flags: ['BIO_SOCK_NODELAY'] }), INFO_30, [])).toEqual([]);
    // TCP_NODELAY on a socket that is not TCP: the setsockopt fails.
    const nodelayOn = (family: 'AF_UNIX' | 'AF_INET', type: 'SOCK_STREAM' | 'SOCK_DGRAM') =>
      composerWarnings(fields({ call: 'BIO_connect', sock: 'u', flags: ['BIO_SOCK_NODELAY'] }), INFO_30, [snapshot({ name: 'u', family, type })]);
    expect(nodelayOn('AF_UNIX', 'SOCK_STREAM')).toEqual([expect.stringContaining('BIO_SOCK_NODELAY is a TCP option')]);
    expect(nodelayOn('AF_INET', 'SOCK_DGRAM')).toEqual([expect.stringContaining('BIO_SOCK_NODELAY is a TCP option')]);
    expect(nodelayOn('AF_INET', 'SOCK_STREAM')).toEqual([]);
    // BIO_set_conn_mode takes BIO_connect's flags: what BIO_connect would ignore is said of the call chosen.
    expect(composerWarnings(fields({ call: 'BIO_set_conn_mode', bio: 'cb', flags: ['BIO_SOCK_REUSEADDR'] }), INFO_30, [])).toEqual([expect.stringMatching(/^BIO_set_conn_mode ignores BIO_SOCK_REUSEADDR;/)]);
    expect(composerWarnings(fields({ call: 'BIO_set_conn_mode', bio: 'cb', flags: ['BIO_SOCK_NODELAY'] }), INFO_30, [])).toEqual([]);
    // Nothing to say before the engine has named its libcrypto, or for calls without options.
    expect(composerWarnings(fields({ call: 'BIO_bind', flags: ['BIO_SOCK_KEEPALIVE'] }), null, [])).toEqual([]);
    expect(composerWarnings(fields({ call: 'BIO_read', flags: ['BIO_SOCK_KEEPALIVE'] }), INFO_30, [])).toEqual([]);
  });
});

describe('sockets and candidates', () => {
  const sockets = [snapshot({ fd: 20, name: 's1' }), snapshot({ fd: 21, name: null }), snapshot({ fd: 22, name: 'a1' })];

  it('finds a socket by name or fd, and labels an unnamed one by its fd', () => {
    expect(findSocket(sockets, 'a1')?.fd).toBe(22);
    expect(findSocket(sockets, '21')?.fd).toBe(21);
    expect(findSocket(sockets, 'nope')).toBeUndefined();
    expect(socketLabel(sockets[1])).toBe('21');
    expect(socketLabel(sockets[0])).toBe('s1');
  });

  it('offers the first free name for calls that make a socket, and none for others', () => {
    expect(nextSocketName('BIO_socket', sockets)).toBe('s2');
    expect(nextSocketName('BIO_accept_ex', sockets)).toBe('a2');
    expect(nextSocketName('BIO_get_accept_socket', [])).toBe('l1');
    expect(nextSocketName('BIO_connect', sockets)).toBeNull();
  });

  it('picks the candidate the engine will use: the one chosen, else the first of the family', () => {
    const candidates: AddressCandidate[] = [
      { family: 'AF_INET6', address: '[::1]:443', used: false },
      { family: 'AF_INET', address: '127.0.0.1:443', used: false },
    ];
    expect(candidateInUse(candidates, null, 'AF_INET')).toBe(1);
    expect(candidateInUse(candidates, null, undefined)).toBe(0);
    expect(candidateInUse(candidates, 0, 'AF_INET')).toBe(0);
    expect(candidateInUse(candidates, 5, 'AF_INET')).toBe(-1);
    expect(candidateInUse(candidates, candidates.length, 'AF_INET')).toBe(-1);
    expect(candidateInUse(candidates, null, 'AF_UNIX')).toBe(-1);
    expect(candidateInUse([], null, undefined)).toBe(-1);
  });
});

describe('the form shows exactly the fields Run reads', () => {
  /** Each field changed to another value it can hold. */
  const changed: { [K in keyof ComposerFields]: ComposerFields[K] } = {
    call: 'BIO_socket',
    as: 'other',
    domain: 'AF_INET6',
    socktype: 'SOCK_DGRAM',
    protocol: 'IPPROTO_UDP',
    sock: 'other',
    addr: '127.0.0.1:2',
    addrIndex: null,
    flags: ['BIO_SOCK_NODELAY'],
    timeoutMs: '7',
    data: 'other',
    max: '17',
    lookupType: 'BIO_LOOKUP_SERVER',
    family: 'AF_INET',
    hostPort: '*:2',
    mode: 'BIO_BIND_REUSEADDR',
    service: 'http',
    host: 'example.net',
    bio: 'otherbio',
    ssl: 'otherssl',
    ctx: 'otherctx',
    bioName: 'example.org',
    port: '8443',
    ipFamily: 'BIO_FAMILY_IPV6',
    bindMode: 'BIO_BIND_NORMAL',
    on: false,
    retryTimeout: '9',
    napMs: '33',
    method: 'TLS_server_method',
    verify: 'SSL_VERIFY_NONE',
    caFile: '/other/ca.pem',
    certFile: '/other/cert.pem',
    keyFile: '/other/key.pem',
    minVersion: 'TLS1_2_VERSION',
    maxVersion: 'TLS1_3_VERSION',
    alpn: 'h2',
    over: 'bio',
  };
  // The candidate picked under the address is the lookup list's, not a field of the form.
  const formFields = (Object.keys(changed) as (keyof ComposerFields)[]).filter((k) => k !== 'call' && k !== 'addrIndex');

  it.each([...COMPOSER_CALLS, ...DEPRECATED_COMPOSER_CALLS])('%s', (call) => {
    const base = fields({ call, as: 'n', sock: 's', addr: '127.0.0.1:1', timeoutMs: '5', data: 'hi', max: '16' });
    const step = JSON.stringify(buildStep(base));
    const read = formFields.filter((k) => JSON.stringify(buildStep({ ...base, [k]: changed[k] })) !== step);
    expect([...fieldsOf(call)].sort()).toEqual(read.sort());
  });

  it.each([...CONNECT_BIO_CALLS, ...ACCEPT_BIO_CALLS, ...TLS_COMPOSER_CALLS].flatMap((call) => (['sock', 'bio'] as const).map((over) => [call, over] as const)))('%s over %s', (call, over) => {
    const base = fields({ call, over, as: 'n', sock: 's', bio: 'b', ssl: 't', ctx: 'c', addr: '127.0.0.1:1', timeoutMs: '5', data: 'hi', max: '16' });
    const step = JSON.stringify(buildStep(base));
    // `over` itself decides between sock and bio: it is read exactly when SSL_new is the call.
    const read = formFields.filter((k) => k !== 'over' && JSON.stringify(buildStep({ ...base, [k]: changed[k] })) !== step);
    expect([...fieldsOf(call, over)].filter((k) => k !== 'over').sort()).toEqual(read.sort());
  });
});
