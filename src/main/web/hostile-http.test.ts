// The web host against hostile HTTP clients: wrong tokens, foreign Origins and Hosts, malformed
// and oversized requests, slow (slowloris) clients. Each is refused and the host keeps serving.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from './web-host';
import { TOKEN_PROTOCOL_PREFIX } from './access';
import { within } from '../testing/process-waits';
import { unbatch } from '../../shared/rpc/batch';

let root: string;
let host: WebHost;
const warnings: string[] = [];
// Small limits so slow clients are cut off within the test's time.
const TIMEOUTS = { headersMs: 1000, requestMs: 2000, checkEveryMs: 200 };

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, agent: false, headers: { Host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, ms: Date.now() - t0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A proper page load, our Host: must answer 200. */
async function servesProperly(): Promise<void> {
  const r = await get('/');
  expect(r.status).toBe(200);
  expect(r.body).toContain('<title>workbench</title>');
}

/** Raw bytes on a fresh TCP connection; resolves with what came back and whether the host closed it. */
function raw(bytes: string | Buffer, waitMs = 2000): Promise<{ reply: string; closedByHost: boolean; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = netConnect(host.port, '127.0.0.1');
    let reply = '';
    let done = false;
    const finish = (closedByHost: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ reply, closedByHost, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    s.on('data', (d) => {
      reply += d.toString('latin1');
      // A whole response head is enough; a keep-alive connection would otherwise run to waitMs.
      if (/^HTTP\/1\.[01] \d{3}[^]*\r\n\r\n/.test(reply)) setTimeout(() => finish(false), 20);
    });
    s.on('end', () => finish(true));
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
    s.write(bytes);
  });
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => (ws.close(), resolve(101)));
    ws.once('unexpected-response', (_req, res) => (res.resume(), resolve(res.statusCode!)));
    ws.once('error', (e) => reject(e));
  });
}

/** Listening sockets on `port` from /proc/net/tcp and tcp6: their local addresses, hex as the kernel writes them. */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue;
      const [addr, portHex] = cols[1].split(':');
      if (parseInt(portHex, 16) === port) found.push(addr);
    }
  }
  return found;
}
const LOOPBACK_V4 = '0100007F';
const ANY_V4 = '00000000';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bio-hostile-'));
  const renderer = join(root, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbench</title>');
  process.env.BIO_WORKBENCH_DATA_DIR = join(root, 'data');
  host = await startWebHost({ rendererDir: renderer, warn: (m) => warnings.push(m), timeouts: TIMEOUTS });
});

afterAll(async () => {
  await host?.close();
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe('web host access checks', () => {
  it('refuses the WebSocket to wrong, missing or cookie-borne tokens; the static page holds no secret and is served', async () => {
    const p = host.port;
    const t = host.token;
    const cases: Array<[string, string, Record<string, string>]> = [
      ['no token', '', {}],
      ['a wrong token', `?token=${'0'.repeat(64)}`, {}],
      ['the token minus a digit', `?token=${t.slice(0, 63)}`, {}],
      ['the token plus a digit', `?token=${t}0`, {}],
      ['the token upper-cased', `?token=${t.toUpperCase()}`, {}],
      ['the token under another name', `?Token=${t}`, {}],
      ['the token in a cookie', '', { Cookie: `bio_workbench_${p}=${t}` }],
      ['the token as a bare cookie', '', { Cookie: `token=${t}` }],
      ['a wrong bearer', '', { Authorization: `Bearer ${'f'.repeat(64)}` }],
      ['a wrong subprotocol token', '', { 'Sec-WebSocket-Protocol': `bio-workbench, bio-workbench.token.${'f'.repeat(64)}` }],
    ];
    const outcomes: string[] = [];
    for (const [what, query, headers] of cases) {
      const ws = await upgradeStatus(`ws://127.0.0.1:${p}/ws${query}`, { Host: `127.0.0.1:${p}`, ...headers });
      const http = await get(`/${query}`, headers);
      outcomes.push(`${what}: upgrade ${ws}, page ${http.status}`);
      expect(ws, what).toBe(403);
      expect(http.status, what).toBe(200);
    }
    console.log(`[hostile] ${cases.length} token cases refused the WebSocket:\n  ${outcomes.join('\n  ')}`);
    expect(await upgradeStatus(`ws://127.0.0.1:${p}/ws?token=${t}`)).toBe(101);
  });

  it('refuses foreign or null Origins and foreign Hosts, on HTTP and WebSocket, token or not', async () => {
    const p = host.port;
    const t = host.token;
    const cases: Array<[string, Record<string, string>]> = [
      ['a foreign Origin', { Origin: 'http://evil.example' }],
      ['a null Origin', { Origin: 'null' }],
      ['an Origin that only starts like ours', { Origin: `http://127.0.0.1:${p}.evil.example` }],
      ['our address over https', { Origin: `https://127.0.0.1:${p}` }],
      ['another port as Origin', { Origin: `http://127.0.0.1:${p + 1}` }],
      ['a rebinding Host', { Host: `evil.example:${p}` }],
      ['a Host that starts like ours', { Host: `127.0.0.1.evil.example:${p}` }],
      ['a Host without the port', { Host: '127.0.0.1' }],
      ['a trailing-dot Host', { Host: `localhost.:${p}` }],
      ['another loopback address as Host', { Host: `127.0.0.2:${p}` }],
      ['a Host with userinfo', { Host: `127.0.0.1:${p}@evil.example` }],
    ];
    const outcomes: string[] = [];
    for (const [what, headers] of cases) {
      const http = await get('/', headers);
      const ws = await upgradeStatus(`ws://127.0.0.1:${p}/ws?token=${t}`, { Host: `127.0.0.1:${p}`, ...headers });
      outcomes.push(`${what}: HTTP ${http.status}, upgrade ${ws}`);
      expect(http.status, what).toBe(403);
      expect(http.body, what).not.toContain('<title>');
      expect(ws, what).toBe(403);
    }
    console.log(`[hostile] ${cases.length} Origin and Host cases refused:\n  ${outcomes.join('\n  ')}`);
    await servesProperly();
  });
});

describe('malformed and oversized HTTP', () => {
  it('answers malformed requests with an error status or a close, and goes on serving', async () => {
    const H = `Host: 127.0.0.1:${host.port}`;
    const C = 'Accept: */*';
    const cases: Array<[string, string | Buffer]> = [
      ['binary garbage', Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10])],
      ['text garbage', 'hello there\r\n\r\n'],
      ['an unknown HTTP version', `GET / HTTP/9.9\r\n${H}\r\n\r\n`],
      ['a request line without a target', 'GET\r\n\r\n'],
      ['a NUL in the target', `GET /\0 HTTP/1.1\r\n${H}\r\n${C}\r\n\r\n`],
      ['a header without a colon', `GET / HTTP/1.1\r\n${H}\r\nnot a header\r\n\r\n`],
      ['a control character in a header name', `GET / HTTP/1.1\r\n${H}\r\nX-\x7fBad: 1\r\n\r\n`],
      ['Content-Length with Transfer-Encoding (smuggling)', `POST / HTTP/1.1\r\n${H}\r\n${C}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\n${H}\r\n${C}\r\n\r\n`],
      ['two different Content-Lengths', `POST / HTTP/1.1\r\n${H}\r\n${C}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`],
      ['a bad chunk size', `POST / HTTP/1.1\r\n${H}\r\n${C}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`],
      // node's client fills in an empty Host itself, so these go raw.
      ['an empty Host', `GET / HTTP/1.1\r\nHost: \r\n${C}\r\n\r\n`],
      ['no Host at all (HTTP/1.0)', `GET / HTTP/1.0\r\n${C}\r\n\r\n`],
      ['two Hosts, the foreign one first', `GET / HTTP/1.1\r\nHost: evil.example:${host.port}\r\n${H}\r\n${C}\r\n\r\n`],
      ['a method the host does not serve', `DELETE / HTTP/1.1\r\n${H}\r\n${C}\r\n\r\n`],
      ['a CONNECT to elsewhere', `CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n`],
      ['a WebSocket upgrade with a bad key', `GET /ws HTTP/1.1\r\n${H}\r\n${C}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x\r\n\r\n`],
      ['a WebSocket upgrade at another path', `GET /other HTTP/1.1\r\n${H}\r\n${C}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`],
    ];
    const seen: string[] = [];
    for (const [what, bytes] of cases) {
      const r = await raw(bytes);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(r.reply)?.[1] ?? null;
      seen.push(`${what}: ${status ?? 'no status'}${r.closedByHost ? ', closed' : ''} (${r.ms} ms)`);
      // Refused: an error status, or closed without a success; never a page, never a 101.
      expect(status === null ? r.closedByHost : Number(status) >= 400, what).toBe(true);
      expect(r.reply, what).not.toContain('<title>workbench');
      await servesProperly();
    }
    console.log(`[hostile] malformed requests:\n  ${seen.join('\n  ')}`);
  });

  it('refuses oversized headers, URLs and bodies, and closes instead of draining a body', async () => {
    const H = `Host: 127.0.0.1:${host.port}`;
    const bigHeader = await raw(`GET / HTTP/1.1\r\n${H}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(bigHeader.reply).toMatch(/^HTTP\/1\.1 431 /);
    const manyHeaders = await raw(`GET / HTTP/1.1\r\n${H}\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`);
    expect(manyHeaders.reply).toMatch(/^HTTP\/1\.1 431 /);
    const bigUrl = await raw(`GET /?q=${'a'.repeat(20_000)} HTTP/1.1\r\n${H}\r\n\r\n`);
    expect(bigUrl.reply).toMatch(/^HTTP\/1\.1 4\d\d /);
    const bigUpgrade = await raw(`GET /ws?token=${host.token} HTTP/1.1\r\n${H}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(bigUpgrade.reply).toMatch(/^HTTP\/1\.1 431 /);

    // A body the host will never read: it answers and closes, rather than draining it.
    const body = (method: string, auth: boolean) =>
      new Promise<{ status: string | null; sent: number; ms: number; closed: boolean }>((resolve) => {
        const t0 = Date.now();
        const s = netConnect(host.port, '127.0.0.1');
        let reply = '';
        let sent = 0;
        let open = true;
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const end = (closed: boolean) => {
          if (!open) return;
          open = false;
          s.destroy();
          resolve({ status: /^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? null, sent, ms: Date.now() - t0, closed });
        };
        const pump = () => {
          while (open && sent < 1024 ** 3 && Date.now() - t0 < 3000) {
            sent += chunk.length;
            if (!s.write(chunk)) return void s.once('drain', pump);
          }
          if (open) end(false);
        };
        s.on('data', (d) => (reply += d.toString('latin1')));
        s.on('close', () => end(true));
        s.on('end', () => end(true));
        s.on('error', () => end(true));
        s.write(`${method} / HTTP/1.1\r\n${auth ? H : `Host: evil.example:${host.port}`}\r\nContent-Length: 10000000000\r\n\r\n`);
        pump();
      });
    const post = await body('POST', true);
    const unauth = await body('GET', false);
    console.log(`[hostile] oversized: header 20 KB -> 431, 3000 headers -> 431, URL 20 KB -> ${bigUrl.reply.slice(9, 12)}, upgrade with 20 KB header -> 431; 10 GB POST -> ${post.status} after ${post.sent} bytes in ${post.ms} ms; foreign-Host 10 GB GET -> ${unauth.status} after ${unauth.sent} bytes in ${unauth.ms} ms`);
    expect(post.status).toBe('405');
    expect(post.closed).toBe(true);
    // A GET announcing a body is refused for that, before its Host is looked at.
    expect(unauth.status).toBe('400');
    expect(unauth.closed).toBe(true);
    // Closed long before 10 GB: the host stopped reading.
    expect(post.sent).toBeLessThan(512 * 1024 * 1024);
    expect(unauth.sent).toBeLessThan(512 * 1024 * 1024);
    await servesProperly();
  });
});

describe('slow clients', () => {
  it('cuts off trickled headers and idle connections while serving others', async () => {
    const SLOW = 20;
    const H = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`;
    let open = SLOW;
    const slow = Array.from({ length: SLOW }, (_, i) =>
      new Promise<{ bytesSent: number; reply: string }>((resolve) => {
        const s = netConnect(host.port, '127.0.0.1');
        let sent = 0;
        let reply = '';
        // Half trickle a byte every 100 ms (the whole head would take 25 s); half send nothing at all.
        const timer = i % 2 === 0 ? setInterval(() => sent < H.length && s.write(H[sent++]), 100) : null;
        s.on('data', (d) => (reply += d));
        s.on('error', () => undefined);
        s.on('close', () => {
          if (timer) clearInterval(timer);
          open--;
          resolve({ bytesSent: sent, reply: reply.slice(0, 40) });
        });
      }),
    );
    // Meanwhile proper requests are answered, for as long as a slow connection stays open.
    let served = 0;
    for (let i = 0; i < 200 && open > 0; i++) {
      expect((await get('/')).status).toBe(200);
      served++;
      await new Promise((r) => setTimeout(r, 50));
    }
    // The host closes every one of them: the test's timeout is the bound, not a clock in the test.
    const results = await within(Promise.all(slow), 15_000, 'the host to close the slow connections');
    console.log(`[hostile] slowloris: ${SLOW} slow connections (half trickling, half idle) all closed by the host (headers timeout ${TIMEOUTS.headersMs} ms); ${served} proper requests answered meanwhile; replies: ${[...new Set(results.map((r) => r.reply.split('\r\n')[0]))].join(', ')}`);
    for (const r of results) {
      expect(r.bytesSent).toBeLessThan(H.length);
      expect(r.reply).not.toMatch(/ 200 /);
    }
    expect(served).toBeGreaterThan(0);
    await servesProperly();
  }, 20_000);

  it('keeps an open WebSocket past the request timeouts (they are for HTTP, not the contract)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    await new Promise((r) => setTimeout(r, TIMEOUTS.requestMs + 3 * TIMEOUTS.checkEveryMs));
    const answer = new Promise<{ ok: boolean }>((resolve) => ws.on('message', (d) => {
      for (const f of unbatch(JSON.parse(d.toString())) as { type: string; id: number; ok: boolean }[]) if (f.type === 'response' && f.id === 1) resolve(f);
    }));
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'info', input: {} }));
    expect(await answer).toMatchObject({ ok: true });
    ws.close();
  }, 10_000);
});

describe('where the host listens', () => {
  it('binds loopback only by default, without a warning', () => {
    const addrs = listeningAddresses(host.port);
    console.log(`[hostile] default bind: listening on ${addrs.join(', ')} (hex, /proc/net/tcp) for port ${host.port}; warnings: ${JSON.stringify(warnings)}`);
    expect(addrs).toEqual([LOOPBACK_V4]);
    expect(host.host).toBe('127.0.0.1');
    expect(warnings.filter((w) => /not loopback/.test(w))).toEqual([]);
  });

  it('binds beyond loopback only when asked with --host, and then prints a warning', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'web-main.ts'), '--port', '0', '--host', '0.0.0.0'], {
      env: { ...process.env, BIO_WORKBENCH_DATA_DIR: join(root, 'cli-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the web host exited with ${code}: ${stderr}`)));
      });
      const port = Number(new URL(url).port);
      const addrs = listeningAddresses(port);
      console.log(`[hostile] --host 0.0.0.0: listening on ${addrs.join(', ')} for port ${port}; stderr: ${stderr.split('\n')[0]}`);
      expect(addrs).toEqual([ANY_V4]);
      expect(stderr).toMatch(/warning: binding 0\.0\.0\.0, not loopback/);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});

/** `npm run web` as a child process, so an attack that kills the host shows as its exit. */
async function spawnHost(args: string[] = []): Promise<{ child: ReturnType<typeof spawn>; port: number; token: string; stderr: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'web-main.ts'), '--port', '0', ...args], {
    env: { ...process.env, BIO_WORKBENCH_DATA_DIR: join(root, 'spawned-data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await within(
    new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the web host exited with ${code}: ${stderr}`)));
    }),
    30_000,
    'the web host URL',
  );
  const u = new URL(url);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await within(exited, 10_000, 'the web host to stop').catch(() => child.kill('SIGKILL'));
  };
  return { child, port: Number(u.port), token: new URLSearchParams(u.hash.slice(1)).get('token')!, stderr: () => stderr, stop };
}

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

/** A WebSocket upgrade request as raw bytes: to be refused for `why`. */
function refusedUpgrade(port: number, why: number): string {
  const key = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nUpgrade: websocket\r\nConnection: Upgrade';
  const variants = [
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${key}\r\n\r\n`, // no token
    `GET /ws?token=${'0'.repeat(64)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\n${key}\r\n\r\n`, // foreign Origin
    `GET /ws HTTP/1.1\r\nHost: evil.example:${port}\r\n${key}\r\n\r\n`, // foreign Host
    `GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${key}\r\n\r\n`, // wrong path
  ];
  return variants[why % variants.length];
}

describe('refused upgrades cannot take the host down or hold it open', () => {
  it('survives clients that reset a refused upgrade (SO_LINGER 0), hundreds of times', async () => {
    const h = await spawnHost();
    try {
      const TRIES = 300;
      const t0 = Date.now();
      let done = 0;
      for (; done < TRIES && Date.now() - t0 < 20_000 && h.child.exitCode === null; done++) {
        await new Promise<void>((resolve) => {
          const s = netConnect(h.port, '127.0.0.1');
          s.on('error', () => resolve());
          s.on('close', () => resolve());
          s.once('connect', () => {
            s.write(refusedUpgrade(h.port, done));
            // Half reset at once, half as the refusal arrives: both races the host's answer.
            if (done % 2 === 0) setImmediate(() => s.resetAndDestroy());
            else s.once('data', () => s.resetAndDestroy());
          });
        });
      }
      console.log(`[hostile] ${done} refused upgrades reset by the client in ${Date.now() - t0} ms; host exit code ${h.child.exitCode}`);
      expect(h.child.exitCode).toBeNull();
      expect(h.stderr()).not.toMatch(/Unhandled|ECONNRESET/);
      expect(await upgradeStatus(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`)).toBe(101);
    } finally {
      await h.stop();
    }
  }, 60_000);

  it('closes refused upgrades held open by clients that never read, within a bounded time', async () => {
    const h = await spawnHost(['--max-connections', '1000']);
    const held: ReturnType<typeof netConnect>[] = [];
    try {
      // One accepted WebSocket first, so the engine and its threads are up in the baseline.
      expect(await upgradeStatus(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`)).toBe(101);
      const baseline = fdCount(h.child.pid!);
      const HELD = 500;
      for (let i = 0; i < HELD; i++) {
        const s = netConnect(h.port, '127.0.0.1');
        s.on('error', () => undefined);
        s.pause(); // never reads what the host answers
        s.write(refusedUpgrade(h.port, i));
        held.push(s);
      }
      await within(new Promise<void>((r) => (held[HELD - 1].writable ? held[HELD - 1].once('connect', () => r()) : r())), 10_000, 'the last connection');
      let peak = 0;
      const back = await within(
        (async () => {
          for (;;) {
            const n = fdCount(h.child.pid!);
            peak = Math.max(peak, n);
            if (n <= baseline + 5) return n;
            await new Promise((r) => setTimeout(r, 100));
          }
        })(),
        15_000,
        `the host to close ${HELD} refused upgrades (fds: baseline ${baseline}, peak ${peak})`,
      );
      console.log(`[hostile] ${HELD} refused upgrades held open by their clients: host fds ${baseline} -> peak ${peak} -> ${back}`);
      expect(back).toBeLessThanOrEqual(baseline + 5);
      expect(h.child.exitCode).toBeNull();
    } finally {
      held.forEach((s) => s.destroy());
      await h.stop();
    }
  }, 60_000);

  it('refuses a newcomer only when every connection is a page\'s, in one summary line, and the pages keep working', async () => {
    const CAP = 3;
    const h = await spawnHost(['--max-connections', String(CAP)]);
    const pages = Array.from({ length: CAP }, () => new WebSocket(`ws://127.0.0.1:${h.port}/ws`, pageProtocols(h.token)));
    try {
      await within(Promise.all(pages.map((p) => new Promise<void>((resolve, reject) => (p.once('open', () => resolve()), p.once('error', reject))))), 10_000, 'the pages');
      const REFUSED = 20;
      for (let i = 0; i < REFUSED; i++) expect(await rawTo(h.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 503 /);
      expect(await within(pageCall(pages[0], 1), 10_000, 'a page\'s call')).toMatchObject({ ok: true });
      pages.forEach((p) => p.close());
      await h.stop();
      const summaries = h.stderr().split('\n').filter((l) => /connection limit/.test(l));
      console.log(`[hostile] cap ${CAP}, every connection a page's: ${REFUSED} newcomers refused; stderr: ${JSON.stringify(summaries)}`);
      expect(summaries).toEqual([`connection limit (maxConnections ${CAP}) reached: refused ${REFUSED} connections (every open one was a page's or mid-answer) in the last 10 s`]);
    } finally {
      pages.forEach((p) => p.close());
      await h.stop();
    }
  }, 60_000);
});

/** The subprotocols the renderer's client offers: the plain one, and one carrying the token. */
const pageProtocols = (token: string) => ['bio-workbench', `${TOKEN_PROTOCOL_PREFIX}${token}`];

/** Runs a call on an open page's WebSocket and resolves with the host's answer. */
function pageCall(page: WebSocket, id: number): Promise<{ ok: boolean; result?: { ret: number } }> {
  const answer = new Promise<{ ok: boolean; result?: { ret: number } }>((resolve) =>
    page.on('message', (d) => {
      for (const f of unbatch(JSON.parse(d.toString())) as { type: string; id: number; ok: boolean; result?: { ret: number } }[]) if (f.type === 'response' && f.id === id) resolve(f);
    }),
  );
  page.send(JSON.stringify({ type: 'request', id, method: 'call', input: { step: { call: 'BIO_socket', as: `s${id}`, domain: 'AF_INET', socktype: 'SOCK_STREAM' } } }));
  return answer;
}

describe('the connection cap never locks out the page', () => {
  it('holds 300 idle and 40 slowloris connections, and a page still loads, connects and runs a call', async () => {
    const h = await spawnHost();
    const held: ReturnType<typeof netConnect>[] = [];
    const trickles: NodeJS.Timeout[] = [];
    const page = { ws: null as WebSocket | null };
    try {
      const IDLE = 300;
      const SLOW = 40;
      const head = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nX-Slow: ${'a'.repeat(4000)}\r\n\r\n`;
      for (let i = 0; i < IDLE + SLOW; i++) {
        const s = netConnect(h.port, '127.0.0.1');
        s.on('error', () => undefined);
        held.push(s);
        await new Promise((r) => (s.once('connect', r), s.once('close', r)));
        if (i >= IDLE) {
          let sent = 0;
          trickles.push(setInterval(() => !s.destroyed && sent < head.length && s.write(head[sent++]), 200));
        }
      }
      // The page, as the renderer does it: its own GET /, then the WebSocket offering the token, then a call.
      const loaded = await within(
        (async () => {
          const index = await rawTo(h.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nConnection: close\r\n\r\n`);
          page.ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws`, pageProtocols(h.token), { headers: { Origin: `http://127.0.0.1:${h.port}` } });
          const ws = page.ws;
          await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject), ws.once('unexpected-response', (_q, res) => reject(new Error(`upgrade answered ${res.statusCode}`)))));
          return { index, call: await pageCall(ws, 1) };
        })(),
        5_000,
        'the page to load, connect and run a call while 340 hostile connections are held',
      );
      expect(loaded.index).toMatch(/^HTTP\/1\.1 200 /);
      expect(loaded.call).toMatchObject({ ok: true });
      expect(loaded.call.result!.ret).toBeGreaterThanOrEqual(0);
      await h.stop();
      const lines = h.stderr().split('\n').filter(Boolean);
      console.log(`[hostile] ${IDLE} idle + ${SLOW} slowloris connections held: the page loaded and ran BIO_socket; host stderr ${lines.length} lines: ${JSON.stringify(lines.filter((l) => /connection/.test(l)))}`);
      expect(lines.length).toBeLessThan(8);
      expect(lines.filter((l) => /connection limit/.test(l))).toHaveLength(1);
    } finally {
      trickles.forEach(clearInterval);
      held.forEach((s) => s.destroy());
      page.ws?.close();
      await h.stop();
    }
  }, 60_000);
});

describe('GET and HEAD with a body', () => {
  it('answers 400 and closes the connection at once, without reading the body', async () => {
    const H = `Host: 127.0.0.1:${host.port}`;
    // A chunked body that never ends: the host must not read it until a timeout.
    const chunked = await new Promise<{ reply: string; closed: boolean; sent: number }>((resolve) => {
      const s = netConnect(host.port, '127.0.0.1');
      let reply = '';
      let sent = 0;
      const chunk = `10000\r\n${'b'.repeat(0x10000)}\r\n`;
      const pump = () => {
        while (!s.destroyed && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
      };
      s.on('data', (d) => (reply += d.toString('latin1')));
      s.on('error', () => undefined);
      s.on('close', () => resolve({ reply, closed: true, sent }));
      s.write(`GET / HTTP/1.1\r\n${H}\r\nTransfer-Encoding: chunked\r\n\r\n`);
      pump();
    });
    console.log(`[hostile] chunked GET: ${chunked.reply.split('\r\n')[0]}, closed after ${chunked.sent} bytes sent`);
    expect(chunked.reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(chunked.reply).toContain('GET carries no body here');
    expect(chunked.closed).toBe(true);
    expect(chunked.sent).toBeLessThan(64 * 1024 * 1024);

    const head = await raw(`HEAD / HTTP/1.1\r\n${H}\r\nContent-Length: 5\r\n\r\nhello`);
    expect(head.reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.closedByHost).toBe(true);
    const upgrade = await raw(`GET /ws?token=${host.token} HTTP/1.1\r\n${H}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nContent-Length: 3\r\n\r\nabc`);
    expect(upgrade.reply).toMatch(/^HTTP\/1\.1 400 /);
    // An empty body is no body.
    expect((await raw(`GET / HTTP/1.1\r\n${H}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)).reply).toMatch(/^HTTP\/1\.1 200 /);
    await servesProperly();
  });
});

/** Sends raw bytes to `port`, resolves with the reply's first bytes (or '' on close). */
function rawTo(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const s = netConnect(port, '127.0.0.1');
    let reply = '';
    s.on('error', () => resolve(reply));
    s.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n\r\n')) (s.destroy(), resolve(reply));
    });
    s.on('close', () => resolve(reply));
    s.write(bytes);
  });
}
