import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { accessRules, checkOrigin, checkUpgrade, hostPart, isLoopback, newToken, presentedToken, TOKEN_PROTOCOL_PREFIX } from './access';

const req = (headers: Record<string, string>, url = '/'): IncomingMessage => ({ headers, url }) as unknown as IncomingMessage;
const T = 'a'.repeat(64);

describe('access rules', () => {
  it('makes 64-hex-digit tokens that differ', () => {
    expect(newToken()).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken()).not.toBe(newToken());
  });

  it('answers loopback names on the port only, plus a non-loopback bound address', () => {
    const loop = accessRules('t', '127.0.0.1', 4000);
    expect([...loop.hosts].sort()).toEqual(['127.0.0.1:4000', '[::1]:4000', 'localhost:4000']);
    expect(loop.origins.has('http://localhost:4000')).toBe(true);
    const lan = accessRules('t', '192.0.2.7', 4000);
    expect(lan.hosts.has('192.0.2.7:4000')).toBe(true);
    const v6 = accessRules('t', 'fe80::1', 4000);
    expect(v6.hosts.has('[fe80::1]:4000')).toBe(true);
    expect(accessRules('t', '0.0.0.0', 4000).hosts.has('127.0.0.1:4000')).toBe(true);
  });

  it('lets static requests through on Host and Origin alone, with no secret', () => {
    const rules = accessRules(T, '127.0.0.1', 4000);
    expect(checkOrigin(req({ host: '127.0.0.1:4000' }), rules)).toMatchObject({ ok: true });
    expect(checkOrigin(req({ host: 'evil.example:4000' }), rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkOrigin(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4001' }), rules)).toMatchObject({ ok: false, status: 403 });
  });

  it('needs the token for the WebSocket, even from a client with no Origin, and never takes it from a cookie', () => {
    const rules = accessRules(T, '127.0.0.1', 4000);
    expect(checkUpgrade(req({ host: '127.0.0.1:4000' }, '/ws'), rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000', cookie: `bio_workbench_4000=${T}; token=${T}` }, '/ws'), rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000' }, `/ws?token=${T}`), rules)).toMatchObject({ ok: true });
    expect(checkUpgrade(req({ host: 'LOCALHOST:4000', 'sec-websocket-protocol': `bio-workbench, ${TOKEN_PROTOCOL_PREFIX}${T}` }, '/ws'), rules)).toMatchObject({ ok: true });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000', authorization: `Bearer ${T}` }, '/ws'), rules)).toMatchObject({ ok: true });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000', origin: 'http://evil.example' }, `/ws?token=${T}`), rules)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a wrong token of the right length, however it is presented', () => {
    const rules = accessRules(T, '127.0.0.1', 4000);
    const wrong = 'b'.repeat(T.length);
    expect(checkUpgrade(req({ host: '127.0.0.1:4000' }, `/ws?token=${wrong}`), rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000', 'sec-websocket-protocol': `${TOKEN_PROTOCOL_PREFIX}${wrong}` }, '/ws'), rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000', authorization: `Bearer ${wrong}` }, '/ws'), rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000' }, `/ws?token=${T.slice(1)}`), rules)).toMatchObject({ ok: false, status: 403 });
  });

  it('knows loopback addresses by name and by the whole of 127/8 and ::1, nothing that only contains them', () => {
    expect(['localhost', '::1', '[::1]', '127.0.0.1', '127.10.20.30'].map(isLoopback)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '10.127.0.1', '127.0.0.1.evil', '127.a.0.1', 'x127.0.0.1', '::', 'localhost.evil'].map(isLoopback)).toEqual([false, false, false, false, false, false, false]);
    expect([hostPart('::1'), hostPart('[::1]'), hostPart('127.0.0.1')]).toEqual(['[::1]', '[::1]', '127.0.0.1']);
  });

  it('answers on every interface\'s address when bound to a wildcard, and on loopback names only when bound to loopback', () => {
    const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => hostPart(i.address)));
    for (const wildcard of ['0.0.0.0', '::', '[::]']) {
      const hosts = accessRules('t', wildcard, 4000).hosts;
      for (const a of addresses) expect(hosts.has(`${a}:4000`.toLowerCase()), `${wildcard} ${a}`).toBe(true);
    }
    expect([...accessRules('t', '127.0.0.2', 4000).hosts].sort()).toEqual(['127.0.0.1:4000', '[::1]:4000', 'localhost:4000']);
    expect([...accessRules('t', '::1', 4000).origins].sort()).toEqual(['http://127.0.0.1:4000', 'http://[::1]:4000', 'http://localhost:4000']);
  });

  it('says which Host or Origin it refused, and takes either in any case', () => {
    const rules = accessRules(T, '127.0.0.1', 4000);
    expect(checkOrigin(req({ host: 'Evil.Example:4000' }), rules)).toEqual({ ok: false, status: 403, reason: 'Host "evil.example:4000" is not an address this workbench serves' });
    expect(checkOrigin(req({}), rules)).toEqual({ ok: false, status: 403, reason: 'Host "" is not an address this workbench serves' });
    expect(checkOrigin(req({ host: '127.0.0.1:4000', origin: 'http://Evil.example' }), rules)).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/^Origin "http:\/\/Evil\.example" is not this workbench/) });
    expect(checkOrigin(req({ host: 'LocalHost:4000', origin: 'HTTP://LOCALHOST:4000' }), rules)).toMatchObject({ ok: true });
  });

  it('takes a token from the subprotocol list, a bearer header or the query, exactly', () => {
    expect(presentedToken(req({ 'sec-websocket-protocol': `bio-workbench,${TOKEN_PROTOCOL_PREFIX}abc` }))).toBe('abc');
    expect(presentedToken(req({ authorization: 'bearer   abc' }))).toBe('abc');
    expect(presentedToken(req({ authorization: 'Bearer abc def' }))).toBeNull();
    expect(presentedToken(req({ authorization: 'xBearer abc' }))).toBeNull();
    expect(presentedToken(req({ authorization: 'Bearerabc' }))).toBeNull();
    expect(presentedToken(req({}, '/ws?token=q'))).toBe('q');
    expect(presentedToken(req({}, undefined as unknown as string))).toBeNull();
  });

  it('reads the token from the subprotocol first', () => {
    expect(presentedToken(req({ 'sec-websocket-protocol': `x, ${TOKEN_PROTOCOL_PREFIX}abc` }, '/ws?token=def'))).toBe('abc');
    expect(presentedToken(req({}, '/ws'))).toBeNull();
  });

  it('quotes at most 200 characters of a refused Host or Origin', () => {
    const rules = accessRules(T, '127.0.0.1', 4000);
    const long = `${'h'.repeat(300)}:4000`;
    expect(checkOrigin(req({ host: long }), rules)).toMatchObject({ reason: `Host "${'h'.repeat(200)}" is not an address this workbench serves` });
    expect(checkOrigin(req({ host: '127.0.0.1:4000', origin: `http://${'o'.repeat(300)}` }), rules)).toMatchObject({ reason: `Origin "http://${'o'.repeat(193)}" is not this workbench's own` });
  });

  it('refuses an upgrade for its Host before looking at the token, and says when the token is what failed', () => {
    const rules = accessRules(T, '127.0.0.1', 4000);
    expect(checkUpgrade(req({ host: 'evil.example:4000' }, '/ws'), rules)).toEqual({ ok: false, status: 403, reason: 'Host "evil.example:4000" is not an address this workbench serves' });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000' }, '/ws'), rules)).toEqual({ ok: false, status: 403, reason: 'the session token is missing or wrong: open the URL the workbench printed' });
    expect(checkUpgrade(req({ host: '127.0.0.1:4000' }, `/ws?token=${T}`), rules)).toEqual({ ok: true, host: '127.0.0.1:4000' });
  });

  it('finds no token in a target that is no URL, rather than failing', () => {
    expect(presentedToken(req({}, '//'))).toBeNull();
    expect(checkUpgrade(req({ host: '127.0.0.1:4000' }, '//'), accessRules(T, '127.0.0.1', 4000))).toMatchObject({ ok: false, status: 403 });
  });
});
