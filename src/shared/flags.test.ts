import { describe, expect, it } from 'vitest';
import { ALL_KNOWN_BITS, FLAGS, composeOptions, flagByName, flagWarnings, optionsExpression } from './flags';

const V3_0 = 0x30000130;
const V3_5 = 0x30500010;

describe('the flag table', () => {
  it('holds the manual\'s six flags with the bits OpenSSL defines', () => {
    expect(Object.fromEntries(FLAGS.map((f) => [f.name, f.bit]))).toEqual({
      BIO_SOCK_REUSEADDR: 0x01,
      BIO_SOCK_V6_ONLY: 0x02,
      BIO_SOCK_KEEPALIVE: 0x04,
      BIO_SOCK_NONBLOCK: 0x08,
      BIO_SOCK_NODELAY: 0x10,
      BIO_SOCK_TFO: 0x20,
    });
    expect(ALL_KNOWN_BITS).toBe(0x3f);
  });

  it('says which calls honour each flag, per the manual', () => {
    const by = Object.fromEntries(FLAGS.map((f) => [f.name, [...f.honouredBy].sort()]));
    expect(by.BIO_SOCK_REUSEADDR).toEqual(['BIO_bind', 'BIO_listen']);
    expect(by.BIO_SOCK_V6_ONLY).toEqual(['BIO_listen']);
    expect(by.BIO_SOCK_NONBLOCK).toEqual(['BIO_accept_ex', 'BIO_connect', 'BIO_listen']);
    expect(by.BIO_SOCK_TFO).toEqual(['BIO_connect', 'BIO_listen']);
  });
});

describe('composeOptions', () => {
  it('ORs names into the integer C receives', () => {
    expect(composeOptions(['BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NONBLOCK'])).toBe(0x0c);
    expect(composeOptions(['BIO_SOCK_NODELAY', 'BIO_SOCK_NODELAY'])).toBe(0x10);
    expect(composeOptions([])).toBe(0);
    expect(composeOptions(undefined)).toBe(0);
  });

  it('passes an integer through, unknown bits included', () => {
    expect(composeOptions(0x45)).toBe(0x45);
  });

  it('throws on an unknown name', () => {
    expect(() => composeOptions(['BIO_SOCK_FAST'])).toThrow(/BIO_SOCK_FAST/);
  });
});

describe('optionsExpression', () => {
  it('names known bits in table order and shows the rest as hex', () => {
    expect(optionsExpression(0)).toBe('0');
    expect(optionsExpression(0x0c)).toBe('BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK');
    expect(optionsExpression(0x21)).toBe('BIO_SOCK_REUSEADDR | BIO_SOCK_TFO');
    expect(optionsExpression(0x140)).toBe('0x140');
    expect(optionsExpression(0x41)).toBe('BIO_SOCK_REUSEADDR | 0x40');
  });
});

describe('flagWarnings', () => {
  it('is silent for flags the call honours on a libcrypto that has them', () => {
    expect(flagWarnings(0x1d, { call: 'BIO_listen', versionNumber: V3_0, family: 'AF_INET', socktype: 'SOCK_STREAM' })).toEqual([]);
    expect(flagWarnings(0x20, { call: 'BIO_connect', versionNumber: V3_5, family: 'AF_INET', socktype: 'SOCK_STREAM' })).toEqual([]);
  });

  it('names the calls that honour a flag the call ignores', () => {
    const w = flagWarnings(composeOptions(['BIO_SOCK_KEEPALIVE']), { call: 'BIO_bind', versionNumber: V3_0 });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/BIO_bind ignores BIO_SOCK_KEEPALIVE/);
    expect(w[0]).toMatch(/BIO_connect, BIO_listen/);
    const acc = flagWarnings(composeOptions(['BIO_SOCK_REUSEADDR']), { call: 'BIO_accept_ex', versionNumber: V3_0 });
    expect(acc[0]).toMatch(/BIO_bind, BIO_listen/);
  });

  it('says TFO means nothing before 3.2, naming the version', () => {
    const w = flagWarnings(0x20, { call: 'BIO_listen', versionNumber: V3_0 });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/BIO_SOCK_TFO/);
    expect(w[0]).toMatch(/3\.2/);
  });

  it('warns about bits that are no BIO_SOCK_* flag, showing them in hex', () => {
    const w = flagWarnings(0x40 | 0x08, { call: 'BIO_connect', versionNumber: V3_0 });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/0x40/);
  });

  it('warns that V6_ONLY needs an IPv6 socket and NODELAY a TCP one', () => {
    expect(flagWarnings(0x02, { call: 'BIO_listen', versionNumber: V3_0, family: 'AF_INET' })[0]).toMatch(/IPv6/);
    expect(flagWarnings(0x02, { call: 'BIO_listen', versionNumber: V3_0, family: 'AF_INET6' })).toEqual([]);
    expect(flagWarnings(0x10, { call: 'BIO_connect', versionNumber: V3_0, family: 'AF_UNIX', socktype: 'SOCK_STREAM' })[0]).toMatch(/TCP option/);
  });
});

describe('flagWarnings, word for word', () => {
  const V1_0_2 = 0x1000214f;

  it('says a flag the loaded libcrypto predates means nothing, its bit in two hex digits', () => {
    expect(flagWarnings(0x01, { call: 'BIO_bind', versionNumber: V1_0_2 })).toEqual([
      'BIO_SOCK_REUSEADDR (0x01) means nothing to the loaded libcrypto: it was added in OpenSSL 1.1.0; the bit is passed through and ignored',
    ]);
    expect(flagWarnings(0x20, { call: 'BIO_listen', versionNumber: 0x30200000 })).toEqual([]);
    expect(flagWarnings(0x20, { call: 'BIO_listen', versionNumber: 0x301000ff })).toEqual([
      'BIO_SOCK_TFO (0x20) means nothing to the loaded libcrypto: it was added in OpenSSL 3.2; the bit is passed through and ignored',
    ]);
  });

  it('names the call that ignores a flag and the calls that honour it', () => {
    expect(flagWarnings(0x02, { call: 'BIO_connect', versionNumber: V3_0 })).toEqual(['BIO_connect ignores BIO_SOCK_V6_ONLY; it is honoured by BIO_listen']);
  });

  it('says V6_ONLY applies to IPv6 only when the socket\'s family is known', () => {
    expect(flagWarnings(0x02, { call: 'BIO_listen', versionNumber: V3_0, family: 'AF_UNIX' })).toEqual(['BIO_SOCK_V6_ONLY applies only to IPv6 sockets; this one is AF_UNIX']);
    expect(flagWarnings(0x02, { call: 'BIO_listen', versionNumber: V3_0 })).toEqual([]);
  });

  it('says NODELAY and TFO fail on a unix or datagram socket, and on no other', () => {
    expect(flagWarnings(0x20, { call: 'BIO_listen', versionNumber: V3_5, family: 'AF_UNIX' })).toEqual([
      'BIO_SOCK_TFO is a TCP option; on this socket the setsockopt fails and BIO_listen returns an error',
    ]);
    expect(flagWarnings(0x10, { call: 'BIO_connect', versionNumber: V3_0, family: 'AF_INET', socktype: 'SOCK_DGRAM' })).toEqual([
      'BIO_SOCK_NODELAY is a TCP option; on this socket the setsockopt fails and BIO_connect returns an error',
    ]);
    expect(flagWarnings(0x10, { call: 'BIO_connect', versionNumber: V3_0, family: 'AF_INET6', socktype: 'SOCK_STREAM' })).toEqual([]);
    expect(flagWarnings(0x04 | 0x08, { call: 'BIO_connect', versionNumber: V3_0, family: 'AF_UNIX', socktype: 'SOCK_DGRAM' })).toEqual([]);
  });

  it('says which bits are no flag, in hex, after the warnings about the flags', () => {
    expect(flagWarnings(0x104, { call: 'BIO_bind', versionNumber: V3_0 })).toEqual([
      'BIO_bind ignores BIO_SOCK_KEEPALIVE; it is honoured by BIO_connect, BIO_listen',
      'options bits 0x100 are not BIO_SOCK_* flags; they are passed through as C would',
    ]);
  });
});

describe('flagByName', () => {
  it('finds a flag by its full C name only', () => {
    expect(flagByName('BIO_SOCK_NODELAY')?.bit).toBe(0x10);
    expect(flagByName('NODELAY')).toBeUndefined();
  });
});
