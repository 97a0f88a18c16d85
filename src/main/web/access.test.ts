import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { accessRules, checkOrigin, checkUpgrade, newToken, presentedToken, TOKEN_PROTOCOL_PREFIX } from './access';

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

  it('reads the token from the subprotocol first', () => {
    expect(presentedToken(req({ 'sec-websocket-protocol': `x, ${TOKEN_PROTOCOL_PREFIX}abc` }, '/ws?token=def'))).toBe('abc');
    expect(presentedToken(req({}, '/ws'))).toBeNull();
  });
});
