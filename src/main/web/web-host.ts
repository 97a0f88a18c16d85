// The loopback web host: the built renderer over HTTP and the contract over a WebSocket at /ws,
// for one session every page shares. Thin: access checks here, everything else in the Session.
import { existsSync, createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../shared/wire';
import { startEngine, type EngineStartOptions } from '../engine-host';
import { Session } from '../session';
import { accessRules, checkAccess, hostPart, isLoopback, newToken, sessionCookie } from './access';
import { serveContract } from './contract-socket';
import { setSecurityHeaders } from './headers';
import { lookupStatic } from '../static-files';

export const WS_PATH = '/ws';

export interface WebHostOptions extends EngineStartOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Address to bind; anything but loopback is warned about. */
  host?: string;
  /** The built renderer (default: out/renderer beside the built host). */
  rendererDir?: string;
  /** A session to serve instead of starting one (the host then leaves it running on close). */
  session?: Session;
  warn?: (message: string) => void;
  /** Slow-client limits (slowloris): headers, whole request, and how often node checks them. */
  timeouts?: Partial<HttpTimeouts>;
}

export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  checkEveryMs: number;
}

/** Node's own defaults (60 s headers, checked every 30 s) let a trickling client hold a socket for ~90 s. */
export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 };

export interface WebHost {
  /** The URL to open, token included: http://127.0.0.1:PORT/?token=... */
  url: string;
  token: string;
  port: number;
  host: string;
  session: Session;
  close(): Promise<void>;
}

export function defaultRendererDir(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? '../../../out/renderer' : '../renderer', import.meta.url));
}

export async function startWebHost(opts: WebHostOptions = {}): Promise<WebHost> {
  const warn = opts.warn ?? ((m: string) => process.stderr.write(m + '\n'));
  const bindAddr = opts.host ?? '127.0.0.1';
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`the renderer is not built (${join(rendererDir, 'index.html')} is missing): run npm run build`);
  if (!isLoopback(bindAddr)) warn(`warning: binding ${bindAddr}, not loopback: anyone who can reach this address and learns the token can run socket calls on this machine`);

  const session = opts.session ?? (await Session.start({ startEngine: () => startEngine(opts), warn }));
  const token = newToken();
  let rules = accessRules(token, bindAddr, 0);

  const timeouts = { ...HTTP_TIMEOUTS, ...opts.timeouts };
  const server = createServer({ connectionsCheckingInterval: timeouts.checkEveryMs }, (req, res) => handleHttp(req, res));
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    const verdict = checkAccess(req, rules);
    setSecurityHeaders(res, verdict.ok ? verdict.host : null);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return refuse(res, 405, `${req.method} is not served here`);
    }
    const url = new URL(req.url ?? '/', 'http://h');
    if (verdict.via === 'token') {
      // Trade the token for a cookie and drop it from the address bar (and from history).
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', sessionCookie(rules));
      res.writeHead(302, { Location: url.pathname + url.search });
      return void res.end();
    }
    const found = lookupStatic(rendererDir, url.pathname);
    if (!found.ok) return refuse(res, found.status, found.reason);
    res.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': found.size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  }

  server.on('upgrade', (req, socket, head) => {
    const verdict = checkAccess(req, rules);
    const path = new URL(req.url ?? '/', 'http://h').pathname;
    if (!verdict.ok || path !== WS_PATH) {
      const status = verdict.ok ? 404 : verdict.status;
      const reason = verdict.ok ? `the contract is served at ${WS_PATH}` : verdict.reason;
      socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 400 ? 'Bad Request' : 'Forbidden'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveContract(ws, session, warn));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindAddr, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (e) => {
    if (!opts.session) await session.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  rules = accessRules(token, bindAddr, port);
  // The printed address must reach what is bound: 127.0.0.1 for IPv4 loopback and wildcards.
  const shown = bindAddr === '127.0.0.1' || ['0.0.0.0', '::', '[::]'].includes(bindAddr) ? '127.0.0.1' : hostPart(bindAddr);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      for (const ws of wss.clients) ws.close(1001, 'the workbench is stopping');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and WebSocket connections would hold close() open.
        setTimeout(() => sockets.forEach((s) => s.destroy()), 200).unref();
      });
      wss.close();
      if (!opts.session) await session.close();
    })());

  return { url: `http://${shown}:${port}/?token=${token}`, token, port, host: bindAddr, session, close };
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  const req = res.req;
  // A refused request's body is never read: close rather than let node drain gigabytes of it.
  const bodyPending = !req.complete && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(bodyPending ? { Connection: 'close' } : {}) });
  res.end(`${status}: ${reason}\n`);
  if (bodyPending) res.once('finish', () => setTimeout(() => req.socket.destroy(), 250).unref());
}

const USAGE = `usage: npm run web -- [--port N] [--host ADDR] [--libcrypto PATH] [--engine-node PATH]

Serves the workbench to a browser on loopback and prints the URL to open (with its token).
  --port N            port to listen on (0, the default, picks a free one)
  --host ADDR         address to bind (default 127.0.0.1; anything else is warned about)
  --libcrypto PATH    the libcrypto the engine loads (default: the system's libcrypto.so.3)
  --engine-node PATH  the node binary that runs the engine (or $BIO_WORKBENCH_NODE)
`;

/** `npm run web`: starts the host, prints its URL as the only stdout line, stops on SIGINT/SIGTERM. */
export async function runWebHostCli(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, libcrypto: { type: 'string' }, 'engine-node': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(values.port)}\n`);
    return 2;
  }
  let host: WebHost;
  try {
    host = await startWebHost({ port, host: values.host, libcrypto: values.libcrypto, engineNode: values['engine-node'] });
  } catch (e) {
    process.stderr.write(`the web host could not start: ${(e as Error).message}\n`);
    return 3;
  }
  process.stdout.write(host.url + '\n');
  process.stderr.write(`serving the workbench; the engine runs ${host.session.info?.libcrypto.version ?? 'libcrypto'}; Ctrl-C stops it (and closes its sockets)\n`);
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`${signal}: stopping the web host and its engine\n`);
      void host.close().then(() => resolve(0), () => resolve(1));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
