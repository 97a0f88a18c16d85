import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerEnvelope as HostFrame } from '../../shared/rpc/envelope';
import { Session } from '../session/session';
import { startInProcessEngine } from '../testing/in-process-engine';
import { rawRequest } from '../testing/raw-http';
import { TOKEN_PROTOCOL_PREFIX } from './access';
import { startWebHost, type WebHost } from './web-host';
import { MAX_FRAME_BYTES } from './ws-port';
import { unbatch } from '../../shared/rpc/batch';

let root: string;
let host: WebHost;
let session: Session;

/** A raw HTTP GET, so the test can send any Host, Origin or path a hostile page could. */
const get = (path: string, headers: Record<string, string> = {}) => rawRequest(host.port, 'GET', path, headers);

/** A WebSocket client with a frame queue; `next` waits for the first frame matching. */
function connect(url: string, headers: Record<string, string> = {}, protocols: string[] = []) {
  const ws = new WebSocket(url, protocols, { headers });
  const frames: HostFrame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    frames.push(...(unbatch(JSON.parse(d.toString())) as HostFrame[]));
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (match: (f: HostFrame) => boolean): Promise<HostFrame> => {
    for (;;) {
      const i = frames.findIndex(match);
      if (i >= 0) return frames.splice(i, 1)[0];
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return { ws, opened, next, response: (id: number) => next((f) => f.type === 'response' && f.id === id) };
}

const wsUrl = (query = `?token=${host.token}`) => `ws://127.0.0.1:${host.port}/ws${query}`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bio-web-'));
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  symlinkSync(join(root, 'secret.txt'), join(renderer, 'link.txt'));
  // A sibling whose name starts with the renderer's: inside by a string prefix, outside by path.
  mkdirSync(join(root, 'renderer-sibling'));
  writeFileSync(join(root, 'renderer-sibling', 'secret.txt'), 'SIBLING SECRET');
  symlinkSync(join(root, 'renderer-sibling', 'secret.txt'), join(renderer, 'sibling-link.txt'));
  process.env.BIO_WORKBENCH_DATA_DIR = join(root, 'data');
  // The engine in this process (real libcrypto, no child): a mutation run starts this file per mutant.
  session = await Session.start({ startEngine: () => startInProcessEngine(), host: 'web' });
  host = await startWebHost({ rendererDir: renderer, session });
});

afterAll(async () => {
  await host?.close();
  await session?.close();
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe('web host over HTTP', () => {
  it('prints a loopback URL with a 32-byte hex token in its fragment, which no request carries', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(host.url).toContain(`:${host.port}/`);
  });

  it('serves the page with no secret, sets no cookie and never redirects, whatever the path holds', async () => {
    for (const path of ['/', `/?token=${host.token}`, `/.//evil.com/?token=${host.token}`, '/..//evil.com', '/x/..//evil.com', `//evil.com/?token=${host.token}`]) {
      const r = await get(path);
      expect(r.headers['set-cookie'], path).toBeUndefined();
      expect(r.headers.location, path).toBeUndefined();
      expect(r.status === 200 || r.status === 404, `${path}: ${r.status}`).toBe(true);
    }
  });

  it('serves the renderer with security headers', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>workbench</title>');
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    // 'self' covers the page's own WebSocket (ws: on the same host and port) in CSP Level 3.
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|ws:/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
    const js = await get('/assets/app.js');
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses a Host that is not the served loopback address (DNS rebinding)', async () => {
    expect((await get('/', { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/', { Host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await get('/', { Host: `localhost:${host.port}` })).status).toBe(200);
    expect((await get('/', { Host: `[::1]:${host.port}` })).status).toBe(200);
  });

  it('refuses a foreign or null Origin and accepts its own', async () => {
    const refused = await get('/', { Origin: 'http://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await get('/', { Origin: 'null' })).status).toBe(403);
    expect((await get('/', { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('never serves a file outside the renderer', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/link.txt', '/%00', '/../renderer-sibling/secret.txt', '/%2e%2e/renderer-sibling/secret.txt', '/sibling-link.txt']) {
      const r = await get(path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('SECRET');
    }
    expect((await get('/nope.js')).status).toBe(404);
  });
});

describe('web host contract over WebSocket', () => {
  it('refuses an upgrade without the token (a cookie holding it counts for nothing), with a foreign Origin or a foreign Host', async () => {
    await expect(connect(wsUrl('')).opened).rejects.toThrow(/403/);
    await expect(connect(wsUrl(''), { Cookie: `bio_workbench_${host.port}=${host.token}; token=${host.token}` }).opened).rejects.toThrow(/403/);
    await expect(connect(wsUrl(''), {}, ['bio-workbench', `${TOKEN_PROTOCOL_PREFIX}${'0'.repeat(64)}`]).opened).rejects.toThrow(/403/);
    await expect(connect(wsUrl(), { Origin: 'http://evil.example' }).opened).rejects.toThrow(/403/);
    await expect(connect(wsUrl(), { Origin: 'null' }).opened).rejects.toThrow(/403/);
    await expect(connect(wsUrl(), { Host: `rebind.example:${host.port}` }).opened).rejects.toThrow(/403/);
  });

  it('answers requests, refuses bad ones naming the field, and survives malformed JSON', async () => {
    // As a browser page does: its own Origin, the token offered as a subprotocol, nothing in the URL.
    const c = connect(wsUrl(''), { Origin: `http://127.0.0.1:${host.port}` }, ['bio-workbench', `${TOKEN_PROTOCOL_PREFIX}${host.token}`]);
    await c.opened;
    expect(c.ws.protocol).toBe('bio-workbench');
    c.ws.send(JSON.stringify({ type: 'request', id: 1, method: 'info', input: {} }));
    const info = await c.response(1);
    expect(info).toMatchObject({ ok: true, result: { libcrypto: { version: expect.stringMatching(/OpenSSL/) } } });
    c.ws.send('{not json');
    expect(await c.next((f) => f.type === 'response' && f.id === null)).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'frame' } });
    c.ws.send(JSON.stringify({ type: 'request', id: 2, method: 'call', input: { step: { call: 'BIO_listen', sock: 'l', addr: 'no port' } } }));
    expect(await c.response(2)).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'step.addr' } });
    c.ws.send(JSON.stringify({ type: 'request', id: 3, method: 'session', input: {} }));
    expect(await c.response(3)).toMatchObject({ ok: true, result: { engine: { state: 'running' } } });
    c.ws.close();
  });

  it('refuses a file for BIO_write to send, naming the field, in a call or in a scenario to compare', async () => {
    const c = connect(wsUrl());
    await c.opened;
    const file = join(root, 'secret.txt');
    c.ws.send(JSON.stringify({ type: 'request', id: 1, method: 'call', input: { step: { call: 'BIO_write', sock: 'any', file, bytes: 6 } } }));
    expect(await c.response(1)).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'step.file', message: expect.stringMatching(/^step\.file: a page cannot name a file/) } });
    const scenario = { steps: [{ call: 'BIO_socket', as: 's', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_write', sock: 's', file }] };
    c.ws.send(JSON.stringify({ type: 'request', id: 2, method: 'compare', input: { libcrypto: '/opt/another-openssl/lib64/libcrypto.so.3', scenario } }));
    expect(await c.response(2)).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'scenario.steps[1].file' } });
    c.ws.close();
  });

  it('broadcasts one page\'s call to every page of the session', async () => {
    const a = connect(wsUrl());
    const b = connect(wsUrl());
    await Promise.all([a.opened, b.opened]);
    a.ws.send(JSON.stringify({ type: 'request', id: 7, method: 'call', input: { step: { call: 'BIO_socket', as: 'shared', domain: 'AF_INET', socktype: 'SOCK_STREAM' } } }));
    const res = await a.response(7);
    const seen = await b.next((f) => f.type === 'event' && f.event === 'log');
    expect(res.type === 'response' && res.ok && (res.result as { ret: number }).ret).toBeGreaterThanOrEqual(0);
    expect(seen.type === 'event' && seen.event === 'log' && (seen.payload as { record: { call: string } }).record.call).toBe('BIO_socket');
    a.ws.close();
    b.ws.close();
  });

  it('closes a connection that sends an oversized frame with 1009 and keeps serving', async () => {
    const c = connect(wsUrl());
    await c.opened;
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    c.ws.on('error', () => undefined);
    c.ws.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20), { binary: false });
    expect(await closed).toBe(1009);
    const d = connect(wsUrl());
    await d.opened;
    d.ws.send(JSON.stringify({ type: 'request', id: 1, method: 'log', input: { offset: 0, limit: 1 } }));
    expect(await d.response(1)).toMatchObject({ ok: true });
    d.ws.close();
  });
});

describe('--host', () => {
  it('prints the bound IPv6 loopback address when bound there, without a warning', async () => {
    const warnings: string[] = [];
    const v6 = await startWebHost({ host: '::1', rendererDir: join(root, 'renderer'), session: host.session, warn: (m) => warnings.push(m) });
    try {
      expect(v6.url).toMatch(new RegExp(`^http://\\[::1\\]:${v6.port}/#token=[0-9a-f]{64}$`));
      expect(warnings).toEqual([]);
      const c = connect(`ws://[::1]:${v6.port}/ws?token=${v6.token}`);
      await c.opened;
      c.ws.close();
    } finally {
      await v6.close();
    }
    // The shared session outlives a host that did not start it.
    expect(host.session.engineStatus.state).toBe('running');
  });

  it('warns when binding beyond loopback, and still checks Host and token', async () => {
    const warnings: string[] = [];
    const wide = await startWebHost({ host: '0.0.0.0', rendererDir: join(root, 'renderer'), session: host.session, warn: (m) => warnings.push(m) });
    try {
      expect(warnings.join('\n')).toMatch(/not loopback/);
      expect(wide.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      const ask = (headers: Record<string, string>) =>
        new Promise<number>((resolve, reject) => httpRequest({ host: '127.0.0.1', port: wide.port, path: '/', headers }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end());
      expect(await ask({ Host: `evil.example:${wide.port}` })).toBe(403);
      expect(await ask({ Host: `127.0.0.1:${wide.port}` })).toBe(200);
      await expect(connect(`ws://127.0.0.1:${wide.port}/ws`).opened).rejects.toThrow(/403/);
      const c = connect(`ws://127.0.0.1:${wide.port}/ws?token=${wide.token}`);
      await c.opened;
      c.ws.close();
    } finally {
      await wide.close();
    }
  });
});
