import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { accessRules, checkAccess, cookieValue, newToken } from './access';

const req = (headers: Record<string, string>, url = '/'): IncomingMessage => ({ headers, url }) as unknown as IncomingMessage;

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

  it('needs the token (query or cookie) even from a client with no Origin', () => {
    const rules = accessRules('a'.repeat(64), '127.0.0.1', 4000);
    expect(checkAccess(req({ host: '127.0.0.1:4000' }), rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(req({ host: '127.0.0.1:4000' }, `/ws?token=${'a'.repeat(64)}`), rules)).toMatchObject({ ok: true, via: 'token' });
    expect(checkAccess(req({ host: 'LOCALHOST:4000', cookie: `x=1; bio_workbench_4000=${'a'.repeat(64)}` }), rules)).toMatchObject({ ok: true, via: 'cookie' });
    // A cookie for another workbench's port does not open this one.
    expect(checkAccess(req({ host: '127.0.0.1:4000', cookie: `bio_workbench_4001=${'a'.repeat(64)}` }), rules)).toMatchObject({ ok: false });
  });

  it('reads one cookie among several', () => {
    expect(cookieValue('a=1; b = 2 ;c=3', 'b')).toBe('2');
    expect(cookieValue(undefined, 'b')).toBeUndefined();
  });
});
