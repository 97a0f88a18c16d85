// The loopback web host: the built renderer over HTTP and the contract over a WebSocket at /ws,
// for one session every page shares. Thin: access checks here, everything else in the Session.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { startEngine, type EngineClient, type EngineStartOptions } from '../engine-host';
import { Session } from '../session/session';
import type { AllowedLibrary } from '../../shared/contract';
import { accessRules, checkOrigin, checkUpgrade, hostPart, isLoopback, newToken, WS_PROTOCOL, type AccessRules } from './access';
import { ConnectionCap } from './connection-cap';
import { announcesBody, answerRaw, refuse } from './http-answers';
import { setSecurityHeaders } from './headers';
import { MAX_FRAME_BYTES, WebSocketPort } from './ws-port';
import { lookupStatic } from '../static-files';

const WS_PATH = '/ws';

export interface WebHostOptions extends EngineStartOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Address to bind; anything but loopback is warned about. */
  host?: string;
  /** The built renderer (default: out/renderer beside the built host). */
  rendererDir?: string;
  /** A session to serve instead of starting one (the host then leaves it running on close). */
  session?: Session;
  /** How the session's engines start (default: a child process each; a test may serve one in process). */
  startEngine?: (opts: EngineStartOptions) => Promise<EngineClient>;
  warn?: (message: string) => void;
  /** Slow-client limits (slowloris): headers, whole request, and how often node checks them. */
  timeouts?: Partial<HttpTimeouts>;
  /** Simultaneous connections held; at it the oldest unauthenticated idle one makes room, else a new one gets 503. */
  maxConnections?: number;
  /** How often, at most, the connection limit's summary line is written (10 s by default). */
  capSummaryEveryMs?: number;
  /** The libraries a page may name for Compare (none by default: a page must not load arbitrary files). */
  allowLibcrypto?: AllowedLibrary[];
}

export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  checkEveryMs: number;
  /** A refused connection is destroyed this long after its answer, read or not. */
  refusedLingerMs: number;
}

/** Node's own defaults (60 s headers, checked every 30 s) let a trickling client hold a socket for ~90 s. */
const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 4_000, requestMs: 30_000, checkEveryMs: 1_000, refusedLingerMs: 1_000 };
/** Pages open one WebSocket and a few HTTP connections each: room for dozens of pages. */
export const MAX_CONNECTIONS = 256;

export interface WebHost {
  /** The URL to open, token in its fragment (never sent to any server): http://127.0.0.1:PORT/#token=... */
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

/** What the request and upgrade handlers share: the rules (set once the port is known), the cap, the session. */
interface Serving {
  rules: () => AccessRules;
  rendererDir: string;
  cap: ConnectionCap;
  timeouts: HttpTimeouts;
  wss: WebSocketServer;
  session: Session;
  warn: (message: string) => void;
}

function serveHttp(ctx: Serving, req: IncomingMessage, res: ServerResponse): void {
  // A connection the cap refused or closed is not served, whatever it sends.
  if (!ctx.cap.holds(req.socket)) return void req.socket.destroy();
  ctx.cap.answering(req.socket, res);
  setSecurityHeaders(res);
  if ((req.method === 'GET' || req.method === 'HEAD') && announcesBody(req)) return refuse(res, 400, `${req.method} carries no body here`, 0);
  const verdict = checkOrigin(req, ctx.rules());
  if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return refuse(res, 405, `${req.method} is not served here`);
  }
  const found = lookupStatic(ctx.rendererDir, new URL(req.url ?? '/', 'http://h').pathname);
  if (!found.ok) return refuse(res, found.status, found.reason);
  res.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': found.size });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
}

function serveUpgrade(ctx: Serving, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => undefined);
  if (!ctx.cap.holds(req.socket)) return void socket.destroy();
  const linger = ctx.timeouts.refusedLingerMs;
  if (announcesBody(req)) return answerRaw(socket, 400, 'a WebSocket upgrade carries no body', linger);
  const verdict = checkUpgrade(req, ctx.rules());
  if (!verdict.ok) return answerRaw(socket, verdict.status, verdict.reason, linger);
  const path = new URL(req.url ?? '/', 'http://h').pathname;
  if (path !== WS_PATH) return answerRaw(socket, 404, `the contract is served at ${WS_PATH}`, linger);
  // The token held: this connection is a page's, never closed to make room.
  ctx.cap.authenticated(req.socket);
  ctx.wss.handleUpgrade(req, socket, head, (ws) => ctx.session.serve(new WebSocketPort(ws, ctx.warn)));
}

/** The HTTP server and its WebSocket side, every connection passing the cap first. */
function createServers(ctx: Omit<Serving, 'wss'>): { server: Server; wss: WebSocketServer } {
  const { timeouts, cap } = ctx;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    // The page offers its token as a second subprotocol; the host answers with the plain one.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const serving: Serving = { ...ctx, wss };
  const server = createServer({ connectionsCheckingInterval: timeouts.checkEveryMs }, (req, res) => serveHttp(serving, req, res));
  // Headers must be whole within a few seconds: a slow or idle client cannot hold a socket for long.
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.on('connection', (s: Socket) => {
    s.on('error', () => undefined);
    if (!cap.admit(s)) answerRaw(s, 503, `the workbench serves at most ${cap.max} connections at once and every one is a page's; try again`, timeouts.refusedLingerMs);
  });
  server.on('upgrade', (req, socket, head) => serveUpgrade(serving, req, socket, head));
  return { server, wss };
}

function listen(server: Server, port: number, addr: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, addr, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops serving once: pages are told, connections closed, the session (if the host started it) stopped. */
function closer(server: Server, wss: WebSocketServer, cap: ConnectionCap, stopSession: (() => Promise<void>) | null): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () =>
    (closing ??= (async () => {
      for (const ws of wss.clients) ws.close(1001, 'the workbench is stopping');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and WebSocket connections would hold close() open.
        setTimeout(() => cap.destroyAll(), 200).unref();
      });
      wss.close();
      cap.stop();
      await stopSession?.();
    })());
}

function startSession(opts: WebHostOptions, warn: (message: string) => void): Promise<Session> {
  const start = opts.startEngine ?? startEngine;
  const own = { libcrypto: opts.libcrypto, engineNode: opts.engineNode };
  const compare = {
    allowed: opts.allowLibcrypto ?? [],
    start: (o: { libcrypto?: string; engineNode?: string }) => start(o.libcrypto === undefined ? own : { libcrypto: o.libcrypto, engineNode: o.engineNode }),
  };
  return Session.start({ startEngine: () => start(opts), warn, compare, host: 'web' });
}

export async function startWebHost(opts: WebHostOptions = {}): Promise<WebHost> {
  const warn = opts.warn ?? ((m: string) => process.stderr.write(m + '\n'));
  const bindAddr = opts.host ?? '127.0.0.1';
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`the renderer is not built (${join(rendererDir, 'index.html')} is missing): run npm run build`);
  if (!isLoopback(bindAddr)) warn(`warning: binding ${bindAddr}, not loopback: anyone who can reach this address and learns the token can run socket calls on this machine`);

  const session = opts.session ?? (await startSession(opts, warn));
  const token = newToken();
  let rules = accessRules(token, bindAddr, 0);
  const cap = new ConnectionCap({ max: opts.maxConnections ?? MAX_CONNECTIONS, warn, summaryEveryMs: opts.capSummaryEveryMs });
  const timeouts = { ...HTTP_TIMEOUTS, ...opts.timeouts };
  const { server, wss } = createServers({ rules: () => rules, rendererDir, cap, timeouts, session, warn });
  await listen(server, opts.port ?? 0, bindAddr).catch(async (e) => {
    if (!opts.session) await session.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  rules = accessRules(token, bindAddr, port);
  // The printed address must reach what is bound: 127.0.0.1 for IPv4 loopback and wildcards.
  const shown = bindAddr === '127.0.0.1' || ['0.0.0.0', '::', '[::]'].includes(bindAddr) ? '127.0.0.1' : hostPart(bindAddr);
  const close = closer(server, wss, cap, opts.session ? null : () => session.close());
  return { url: `http://${shown}:${port}/#token=${token}`, token, port, host: bindAddr, session, close };
}
