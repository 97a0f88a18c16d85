// The loopback web host: the built renderer over HTTP and the contract over a WebSocket at /ws,
// for one session every page shares. Thin: access checks here, everything else in the Session.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { startEngine, type EngineStartOptions } from '../engine-host';
import { Session } from '../session/session';
import type { AllowedLibrary } from '../../shared/contract';
import { accessRules, checkOrigin, checkUpgrade, hostPart, isLoopback, newToken, WS_PROTOCOL } from './access';
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
  warn?: (message: string) => void;
  /** Slow-client limits (slowloris): headers, whole request, and how often node checks them. */
  timeouts?: Partial<HttpTimeouts>;
  /** Simultaneous connections served; past it a new one gets 503 and the others go on. */
  maxConnections?: number;
  /** The libraries a page may name for Compare (none by default: a page must not load arbitrary files). */
  allowLibcrypto?: AllowedLibrary[];
}

export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  checkEveryMs: number;
  /** A refused upgrade's connection is destroyed this long after its answer, read or not. */
  refusedLingerMs: number;
}

/** Node's own defaults (60 s headers, checked every 30 s) let a trickling client hold a socket for ~90 s. */
const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000, refusedLingerMs: 1_000 };
/** Pages open one WebSocket and a few HTTP connections each: room for dozens of pages. */
const MAX_CONNECTIONS = 256;

export interface WebHost {
  /** The URL to open, token in its fragment (never sent to any server): http://127.0.0.1:PORT/#token=... */
  url: string;
  token: string;
  port: number;
  host: string;
  session: Session;
  close(): Promise<void>;
}

function defaultRendererDir(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? '../../../out/renderer' : '../renderer', import.meta.url));
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers a connection that will get no HTTP handling (a refused upgrade, one over the cap) and ends it, read or not. */
function answerRaw(socket: Duplex, status: number, reason: string, lingerMs: number): void {
  // A client that resets now must not take the host down with an unhandled error.
  socket.on('error', () => undefined);
  const body = `${status}: ${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), lingerMs).unref();
}

export async function startWebHost(opts: WebHostOptions = {}): Promise<WebHost> {
  const warn = opts.warn ?? ((m: string) => process.stderr.write(m + '\n'));
  const bindAddr = opts.host ?? '127.0.0.1';
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`the renderer is not built (${join(rendererDir, 'index.html')} is missing): run npm run build`);
  if (!isLoopback(bindAddr)) warn(`warning: binding ${bindAddr}, not loopback: anyone who can reach this address and learns the token can run socket calls on this machine`);

  const own = { libcrypto: opts.libcrypto, engineNode: opts.engineNode };
  const compare = {
    allowed: opts.allowLibcrypto ?? [],
    start: (o: { libcrypto?: string; engineNode?: string }) => startEngine(o.libcrypto === undefined ? own : { libcrypto: o.libcrypto, engineNode: o.engineNode }),
  };
  const session = opts.session ?? (await Session.start({ startEngine: () => startEngine(opts), warn, compare, host: 'web' }));
  const token = newToken();
  let rules = accessRules(token, bindAddr, 0);
  const maxConnections = opts.maxConnections ?? MAX_CONNECTIONS;

  const timeouts = { ...HTTP_TIMEOUTS, ...opts.timeouts };
  const server = createServer({ connectionsCheckingInterval: timeouts.checkEveryMs }, (req, res) => handleHttp(req, res));
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    // The page offers its token as a second subprotocol; the host answers with the plain one.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    s.on('error', () => undefined);
    if (sockets.size >= maxConnections) {
      warn(`refused a connection: ${sockets.size} are open, the limit (maxConnections ${maxConnections})`);
      return answerRaw(s, 503, `the workbench serves at most ${maxConnections} connections at once; try again`, timeouts.refusedLingerMs);
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    // A connection over the cap was answered 503 already: whatever it sends next is not served.
    if (!sockets.has(req.socket)) return void req.socket.destroy();
    const verdict = checkOrigin(req, rules);
    setSecurityHeaders(res);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return refuse(res, 405, `${req.method} is not served here`);
    }
    const found = lookupStatic(rendererDir, new URL(req.url ?? '/', 'http://h').pathname);
    if (!found.ok) return refuse(res, found.status, found.reason);
    res.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': found.size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  }

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    if (!sockets.has(req.socket)) return void socket.destroy();
    const verdict = checkUpgrade(req, rules);
    const path = new URL(req.url ?? '/', 'http://h').pathname;
    if (!verdict.ok) return answerRaw(socket, verdict.status, verdict.reason, timeouts.refusedLingerMs);
    if (path !== WS_PATH) return answerRaw(socket, 404, `the contract is served at ${WS_PATH}`, timeouts.refusedLingerMs);
    wss.handleUpgrade(req, socket, head, (ws) => session.serve(new WebSocketPort(ws, warn, socket)));
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

  return { url: `http://${shown}:${port}/#token=${token}`, token, port, host: bindAddr, session, close };
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  const req = res.req;
  // A refused request's body is never read: close rather than let node drain gigabytes of it.
  const bodyPending = !req.complete && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(bodyPending ? { Connection: 'close' } : {}) });
  res.end(`${status}: ${reason}\n`);
  if (bodyPending) res.once('finish', () => setTimeout(() => req.socket.destroy(), 250).unref());
}

const USAGE = `usage: npm run web -- [--port N] [--host ADDR] [--max-connections N] [--libcrypto PATH] [--engine-node PATH] [--allow-libcrypto PATH[=NODE] ...]

Serves the workbench to a browser on loopback and prints the URL to open (its token in the
fragment after #, which the page keeps to itself).
  --port N            port to listen on (0, the default, picks a free one)
  --host ADDR         address to bind (default 127.0.0.1; anything else is warned about)
  --max-connections N simultaneous connections served (default ${MAX_CONNECTIONS}); past it, 503
  --libcrypto PATH    the libcrypto the engine loads (default: the system's libcrypto.so.3)
  --engine-node PATH  the node binary that runs the engine (or $BIO_WORKBENCH_NODE)
  --allow-libcrypto PATH[=NODE]
                      a libcrypto a page may name in Compare (repeatable; none by default),
                      and the node that runs its engine, e.g. one linked against a newer glibc
`;

/** `--allow-libcrypto PATH[=NODE]`: absolute paths; NODE follows the first "=" that starts one. */
export function parseAllowedLibrary(value: string): AllowedLibrary | { error: string } {
  const m = /^(\/.*?)(?:=(\/.*))?$/.exec(value);
  if (!m || /[\0\r\n]/.test(value)) return { error: `--allow-libcrypto: expected PATH or PATH=NODE, absolute paths, got ${JSON.stringify(value)}` };
  return { libcrypto: m[1], engineNode: m[2] ?? null };
}

/** `npm run web`: starts the host, prints its URL as the only stdout line, stops on SIGINT/SIGTERM. */
export async function runWebHostCli(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'max-connections': { type: 'string' },
        libcrypto: { type: 'string' },
        'engine-node': { type: 'string' },
        'allow-libcrypto': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
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
  const maxConnections = Number(values['max-connections'] ?? MAX_CONNECTIONS);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    process.stderr.write(`--max-connections: expected a whole number of connections, 1 or more, got ${JSON.stringify(values['max-connections'])}\n`);
    return 2;
  }
  const allowLibcrypto: AllowedLibrary[] = [];
  for (const value of values['allow-libcrypto'] ?? []) {
    const parsed = parseAllowedLibrary(value);
    if ('error' in parsed) {
      process.stderr.write(`${parsed.error}\n`);
      return 2;
    }
    allowLibcrypto.push(parsed);
  }
  let host: WebHost;
  try {
    host = await startWebHost({ port, host: values.host, maxConnections, libcrypto: values.libcrypto, engineNode: values['engine-node'], allowLibcrypto });
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
