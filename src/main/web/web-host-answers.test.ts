// The web host answer by answer, on real loopback connections, its engine served in this process
// (real libcrypto, no child process): each refusal's status, reason and headers, the connection's
// fate after it, the cap keeping pages and answers in progress, the slow-client limits, how the
// host starts (address shown, warnings) and how it stops.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Session } from '../session/session';
import type { EngineClient, EngineStartOptions } from '../engine-host';
import { startInProcessEngine } from '../testing/in-process-engine';
import { rawRequest } from '../testing/raw-http';
import { TOKEN_PROTOCOL_PREFIX } from './access';
import { defaultRendererDir, startWebHost, type WebHost, type WebHostOptions } from './web-host';

let root: string;
let renderer: string;
let session: Session;
let host: WebHost;
const warnings: string[] = [];
const INDEX = '<!doctype html><title>workbench</title>';
const BIG = 8 * 1024 * 1024;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bio-web-answers-'));
  renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), INDEX);
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'big.js'), Buffer.alloc(BIG, 0x61));
  process.env.BIO_WORKBENCH_DATA_DIR = join(root, 'data');
  session = await Session.start({ startEngine: () => startInProcessEngine(), host: 'web' });
  host = await startWebHost({ rendererDir: renderer, session, warn: (m) => warnings.push(m) });
});

afterAll(async () => {
  await host?.close();
  await session?.close();
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  rmSync(root, { recursive: true, force: true });
});

/** A host of its own over this file's session, stopped after `use`. */
async function withHost<T>(opts: Partial<WebHostOptions>, use: (h: WebHost, warned: string[]) => Promise<T>): Promise<T> {
  const warned: string[] = [];
  const h = await startWebHost({ rendererDir: renderer, session, warn: (m) => warned.push(m), ...opts });
  try {
    return await use(h, warned);
  } finally {
    await h.close();
  }
}


/** A raw connection: what it reads, and when the host ends it (the client then closes too). */
function raw(port: number, bytes?: string) {
  const socket = netConnect({ port, host: '127.0.0.1' });
  let reply = '';
  socket.on('data', (d) => (reply += d.toString('latin1')));
  socket.on('error', () => undefined);
  const connected = new Promise<void>((r) => socket.once('connect', () => r()));
  const ended = new Promise<void>((r) => socket.once('end', () => r()));
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  if (bytes !== undefined) socket.write(bytes);
  const read = (text: string) => new Promise<void>((r) => (reply.includes(text) ? r() : socket.on('data', () => reply.includes(text) && r())));
  return { socket, reply: () => reply, connected, ended, closed, read };
}

/** The whole raw answer the host writes to a connection it will not serve. */
const rawAnswer = (status: string, reason: string) => {
  const body = `${reason}\n`;
  return `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';

/** A page's WebSocket, as the renderer opens it (its own Origin, the token as a subprotocol). */
function page(h: WebHost, protocols = ['bio-workbench', `${TOKEN_PROTOCOL_PREFIX}${h.token}`]): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws`, protocols, { headers: { Origin: `http://127.0.0.1:${h.port}` } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
  });
}

describe('serving files', () => {
  it('answers GET with the file, its type and its length, whatever the query says', async () => {
    const r = await rawRequest(host.port, 'GET', '/assets/app.js?v=2');
    expect(r).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['content-length']).toBe('14');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await rawRequest(host.port, 'GET', '/')).body).toBe(INDEX);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const r = await rawRequest(host.port, 'HEAD', '/');
    expect(r).toMatchObject({ status: 200, body: '' });
    expect(r.headers['content-length']).toBe(String(INDEX.length));
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('refuses a missing file and a path that is not percent-encoding, saying why', async () => {
    expect(await rawRequest(host.port, 'GET', '/nope.js')).toMatchObject({ status: 404, body: '404: no such file\n' });
    expect(await rawRequest(host.port, 'GET', '/%E0%A4%A')).toMatchObject({ status: 400, body: '400: the path is not valid percent-encoding\n' });
  });

  it('refuses other methods with 405 and the methods it serves', async () => {
    for (const method of ['POST', 'DELETE', 'OPTIONS']) {
      const r = await rawRequest(host.port, method, '/');
      expect(r, method).toMatchObject({ status: 405, body: `405: ${method} is not served here\n` });
      expect(r.headers.allow, method).toBe('GET, HEAD');
      expect(r.headers['x-frame-options'], method).toBe('DENY');
    }
  });

  it('refuses a foreign Host or Origin with the reason, and the security headers', async () => {
    const foreign = await rawRequest(host.port, 'GET', '/', { Host: `evil.example:${host.port}` });
    expect(foreign).toMatchObject({ status: 403, body: `403: Host "evil.example:${host.port}" is not an address this workbench serves\n` });
    expect(foreign.headers['content-security-policy']).toContain("default-src 'self'");
    expect(foreign.headers['cache-control']).toBe('no-store');
    const origin = await rawRequest(host.port, 'GET', '/', { Origin: 'http://evil.example' });
    expect(origin).toMatchObject({ status: 403, body: '403: Origin "http://evil.example" is not this workbench\'s own\n' });
  });

  it('refuses a GET or HEAD announcing a body with 400, before its Host, and closes instead of reading it', async () => {
    for (const method of ['GET', 'HEAD']) {
      const c = raw(host.port, `${method} / HTTP/1.1\r\nHost: evil.example:${host.port}\r\nContent-Length: 100000\r\n\r\nabc`);
      await c.closed;
      expect(c.reply(), method).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(c.reply(), method).toMatch(/\r\nConnection: close\r\n/);
      if (method === 'GET') expect(c.reply()).toContain('400: GET carries no body here\n');
    }
    // Other methods are refused for the method, their body unread as well.
    const post = raw(host.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nContent-Length: 100000\r\n\r\nabc`);
    await post.closed;
    expect(post.reply()).toMatch(/^HTTP\/1\.1 405 /);
    expect(post.reply()).toMatch(/\r\nConnection: close\r\n/);
  });

  it('keeps a connection after a refusal that left nothing unread', async () => {
    const c = raw(host.port, `GET /nope HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    await c.read('404: no such file\n');
    c.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    await c.read(INDEX);
    expect(c.reply()).not.toMatch(/Connection: close/i);
    c.socket.destroy();
  });
});

describe('the WebSocket upgrade', () => {
  it('answers a refused upgrade with the reason, closes it and lets go of the socket', async () => {
    const P = host.port;
    const cases: Array<[string, string, string]> = [
      ['no token', `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${P}\r\n${UPGRADE}\r\n\r\n`, rawAnswer('403 Forbidden', '403: the session token is missing or wrong: open the URL the workbench printed')],
      ['a foreign Host', `GET /ws?token=${host.token} HTTP/1.1\r\nHost: evil.example:${P}\r\n${UPGRADE}\r\n\r\n`, rawAnswer('403 Forbidden', `403: Host "evil.example:${P}" is not an address this workbench serves`)],
      ['another path', `GET /other?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${P}\r\n${UPGRADE}\r\n\r\n`, rawAnswer('404 Not Found', '404: the contract is served at /ws')],
      ['a body', `GET /ws?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${P}\r\n${UPGRADE}\r\nContent-Length: 3\r\n\r\nabc`, rawAnswer('400 Bad Request', '400: a WebSocket upgrade carries no body')],
    ];
    for (const [what, bytes, answer] of cases) {
      const c = raw(P, bytes);
      await c.ended;
      expect(c.reply(), what).toBe(answer);
      await c.closed;
    }
  });

  it('answers the plain subprotocol to a page that offers it with its token, with no compression', async () => {
    // A host of its own: what it sets up when it starts is then part of this test.
    await withHost({}, async (h) => {
      const ws = await page(h);
      expect(ws.protocol).toBe('bio-workbench');
      expect(ws.extensions).toBe('');
      ws.close();
      // A client offering only the token subprotocol gets none back, which a WebSocket client refuses.
      await expect(page(h, [`${TOKEN_PROTOCOL_PREFIX}${h.token}`])).rejects.toThrow('Server sent no subprotocol');
    });
  });

  it('serves the contract on an accepted WebSocket', async () => {
    const ws = await page(host);
    const answer = new Promise<{ ok: boolean; result: { libcrypto: { version: string } } }>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'info', input: {} }));
    expect((await answer).result.libcrypto.version).toMatch(/^OpenSSL /);
    ws.close();
  });
});

describe('the connection cap', () => {
  it('closes the oldest idle connection for a newcomer, never a page\'s WebSocket', async () => {
    await withHost({ maxConnections: 2 }, async (h) => {
      const ws = await page(h);
      const idle = raw(h.port);
      await idle.connected;
      const newcomer = raw(h.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`);
      await newcomer.read(INDEX);
      await idle.closed;
      expect(ws.readyState).toBe(WebSocket.OPEN);
      newcomer.socket.destroy();
      ws.close();
    });
  });

  it('never closes a connection whose answer is still being written', async () => {
    await withHost({ maxConnections: 2 }, async (h) => {
      // A page loading a large file that it reads slowly: its answer is in progress.
      const slow = raw(h.port);
      slow.socket.pause();
      slow.socket.write(`GET /big.js HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`);
      const idle = raw(h.port);
      await Promise.all([slow.connected, idle.connected]);
      const newcomer = raw(h.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`);
      await newcomer.read(INDEX);
      await idle.closed;
      let received = 0;
      const whole = new Promise<void>((r) => slow.socket.on('data', (d) => (received += d.length) > BIG && r()));
      slow.socket.resume();
      await whole;
      expect(slow.reply()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(slow.reply()).toContain(`\r\nContent-Length: ${BIG}\r\n`);
      slow.socket.destroy();
      newcomer.socket.destroy();
    });
  });

  it('refuses a newcomer with 503 when every connection is a page\'s, in one summary line written at the latest on close', async () => {
    const warned = await withHost({ maxConnections: 1, capSummaryEveryMs: 60_000 }, async (h, warned) => {
      const ws = await page(h);
      const c = raw(h.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`);
      await c.ended;
      expect(c.reply()).toBe(rawAnswer('503 Service Unavailable', "503: the workbench serves at most 1 connections at once and every one is a page's; try again"));
      await c.closed;
      expect(ws.readyState).toBe(WebSocket.OPEN);
      expect(warned).toEqual([]);
      ws.close();
      return warned;
    });
    expect(warned).toEqual(["connection limit (maxConnections 1) reached: refused 1 connection (every open one was a page's or mid-answer) in the last 60 s"]);
  });
});

describe('slow clients', () => {
  it('answers 408 and closes a connection whose headers are not whole in time', async () => {
    await withHost({ timeouts: { headersMs: 300, requestMs: 60_000, checkEveryMs: 50 } }, async (h) => {
      const c = raw(h.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n`);
      await c.closed;
      expect(c.reply()).toMatch(/^HTTP\/1\.1 408 /);
    });
  });

  it('answers 408 and closes a request that is not whole in time, however its headers trickle', async () => {
    await withHost({ timeouts: { headersMs: 60_000, requestMs: 300, checkEveryMs: 50 } }, async (h) => {
      const c = raw(h.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n`);
      await c.closed;
      expect(c.reply()).toMatch(/^HTTP\/1\.1 408 /);
    });
  });
});

describe('starting', () => {
  it('shows the address it binds, 127.0.0.1 for the wildcards, and warns only beyond loopback', async () => {
    const shown: Record<string, [string, string[]]> = {};
    for (const addr of ['::1', 'localhost', '127.0.0.2', '0.0.0.0', '::']) {
      shown[addr] = await withHost({ host: addr }, async (h, warned) => [h.url.replace(/:\d+\/#token=[0-9a-f]{64}$/, ''), warned]);
    }
    const beyond = (a: string) => `warning: binding ${a}, not loopback: anyone who can reach this address and learns the token can run socket calls on this machine`;
    expect(shown).toEqual({
      '::1': ['http://[::1]', []],
      localhost: ['http://localhost', []],
      '127.0.0.2': ['http://127.0.0.2', []],
      '0.0.0.0': ['http://127.0.0.1', [beyond('0.0.0.0')]],
      '::': ['http://127.0.0.1', [beyond('::')]],
    });
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.host).toBe('127.0.0.1');
    expect(warnings).toEqual([]);
  });

  it('listens on the port it is given, and answers its Host', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise((r) => free.close(r));
    await withHost({ port }, async (h) => {
      expect(h.port).toBe(port);
      expect((await rawRequest(port, 'GET', '/')).status).toBe(200);
    });
  });

  it('fails on a port in use, leaving a session it was given running', async () => {
    await expect(startWebHost({ rendererDir: renderer, session, port: host.port })).rejects.toThrow(/EADDRINUSE/);
    expect(session.engineStatus.state).toBe('running');
  });

  it('refuses to start without a built renderer, naming the file', async () => {
    await expect(startWebHost({ rendererDir: join(root, 'empty'), session })).rejects.toThrow(`the renderer is not built (${join(root, 'empty', 'index.html')} is missing): run npm run build`);
    // A renderer directory that exists but holds no index.html is not built either.
    mkdirSync(join(root, 'unbuilt'));
    await expect(startWebHost({ rendererDir: join(root, 'unbuilt'), session })).rejects.toThrow(`the renderer is not built (${join(root, 'unbuilt', 'index.html')} is missing)`);
  });

  it('fails on a port in use, stopping the session it started for itself', async () => {
    const engines: EngineClient[] = [];
    const startEngine = async () => {
      const e = await startInProcessEngine();
      engines.push(e);
      return e;
    };
    await expect(startWebHost({ rendererDir: renderer, startEngine, port: host.port, warn: () => undefined })).rejects.toThrow(/EADDRINUSE/);
    expect(engines).toHaveLength(1);
    expect(engines[0].alive).toBe(false);
  });

  it('lets a page compare against no other libcrypto unless told which', async () => {
    const h = await startWebHost({ rendererDir: renderer, startEngine: () => startInProcessEngine(), warn: () => undefined });
    try {
      expect(await h.session.request('compareTargets', {})).toMatchObject({ allowed: [] });
    } finally {
      await h.close();
    }
  });

  it('writes its warnings to stderr, a line each, when not told where', async () => {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const h = await startWebHost({ rendererDir: renderer, session, host: '0.0.0.0' });
      await h.close();
    } finally {
      process.stderr.write = write;
    }
    expect(written).toEqual(['warning: binding 0.0.0.0, not loopback: anyone who can reach this address and learns the token can run socket calls on this machine\n']);
  });

  it('serves out/renderer by default', () => {
    expect(defaultRendererDir()).toBe(resolve(__dirname, '../../../out/renderer'));
  });
});

describe('stopping', () => {
  it('tells pages it is stopping, closes idle connections, stops listening and leaves a session it was given', async () => {
    const h = await startWebHost({ rendererDir: renderer, session, warn: () => undefined });
    const ws = await page(h);
    const closing = new Promise<[number, string]>((r) => ws.once('close', (code, reason) => r([code, reason.toString()])));
    const idle = raw(h.port);
    await idle.connected;
    const stopped = h.close();
    expect(h.close()).toBe(stopped);
    await stopped;
    expect(await closing).toEqual([1001, 'the workbench is stopping']);
    await idle.closed;
    await expect(rawRequest(h.port, 'GET', '/')).rejects.toThrow(/ECONNREFUSED/);
    expect(session.engineStatus.state).toBe('running');
  });

  it('starts a session of its own, its engines started as told (own libcrypto for A, the allowed one for B), and stops it', async () => {
    const started: EngineStartOptions[] = [];
    // B: the same libcrypto by its absolute path, as a page must name it.
    const other = session.info!.libcrypto.resolvedPath!;
    const allowLibcrypto = [{ libcrypto: other, engineNode: '/opt/b/node' }];
    // One process loads one libcrypto: each engine here runs the default one; what the host asked for is recorded.
    const startEngine = (o: EngineStartOptions) => (started.push({ libcrypto: o.libcrypto, engineNode: o.engineNode }), startInProcessEngine());
    const h = await startWebHost({ rendererDir: renderer, libcrypto: '/opt/a/libcrypto.so.3', engineNode: '/opt/a/node', allowLibcrypto, startEngine, warn: () => undefined });
    try {
      expect(h.session).not.toBe(session);
      // Its log says which host wrote it (Earlier sessions shows it).
      expect(h.session.log.file).toMatch(/-web\.jsonl$/);
      expect(await h.session.request('compareTargets', {})).toMatchObject({ allowed: allowLibcrypto });
      const scenario = { steps: [{ call: 'BIO_socket', as: 's', domain: 'AF_INET', socktype: 'SOCK_STREAM' }] };
      await h.session.request('compare', { libcrypto: other, scenario } as never);
      expect(started).toEqual([
        { libcrypto: '/opt/a/libcrypto.so.3', engineNode: '/opt/a/node' },
        { libcrypto: '/opt/a/libcrypto.so.3', engineNode: '/opt/a/node' },
        { libcrypto: other, engineNode: '/opt/b/node' },
      ]);
    } finally {
      await h.close();
    }
    expect(h.session.engineStatus.state).toBe('stopped');
  });
});
