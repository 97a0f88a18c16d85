// The host's refusals on real loopback connections: the exact answer, a connection kept only when
// nothing announced is left unread, and one that a client cannot hold open by never reading.
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { announcesBody, answerRaw, refuse } from './http-answers';

const servers: Server[] = [];
const clients: Socket[] = [];
afterEach(() => {
  clients.splice(0).forEach((c) => c.destroy());
  servers.splice(0).forEach((s) => (s.close(), (s as { closeAllConnections?: () => void }).closeAllConnections?.()));
});

async function listening(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A client that keeps its side open (a client that never hangs up), and everything it reads. */
function client(port: number): { socket: Socket; reply: () => string; ended: Promise<void> } {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  clients.push(socket);
  let reply = '';
  socket.on('data', (d) => (reply += d.toString('utf8')));
  socket.on('error', () => undefined);
  return { socket, reply: () => reply, ended: new Promise<void>((r) => socket.once('end', () => r())) };
}

describe('answerRaw', () => {
  it('writes a whole HTTP answer with its status text, closes the write side, and destroys the socket after the linger', async () => {
    const accepted: Socket[] = [];
    const port = await listening(createServer({ allowHalfOpen: true }, (s) => (accepted.push(s), answerRaw(s, 403, 'not yours', 30))));
    const c = client(port);
    await c.ended;
    expect(c.reply()).toBe('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 15\r\n\r\n403: not yours\n');
    // The client never hangs up: the host's socket goes anyway.
    await once(accepted[0], 'close');
    expect(accepted[0].destroyed).toBe(true);
  });

  it('names 400, 404 and 503, calls any other status Error, and counts the length in bytes', async () => {
    const answers: Array<[number, string]> = [
      [400, 'HTTP/1.1 400 Bad Request'],
      [404, 'HTTP/1.1 404 Not Found'],
      [503, 'HTTP/1.1 503 Service Unavailable'],
      [418, 'HTTP/1.1 418 Error'],
    ];
    let next = 0;
    const port = await listening(createServer((s) => answerRaw(s, answers[next++][0], 'déjà', 1000)));
    for (const [status, line] of answers) {
      const c = client(port);
      await c.ended;
      expect(c.reply()).toBe(`${line}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 12\r\n\r\n${status}: déjà\n`);
    }
  });

  it('survives an error on the socket after answering (a client that resets)', async () => {
    const accepted: Socket[] = [];
    const port = await listening(createServer((s) => (accepted.push(s), answerRaw(s, 404, 'gone', 1000))));
    await client(port).ended;
    expect(() => accepted[0].emit('error', new Error('read ECONNRESET'))).not.toThrow();
  });
});

/** Resolves once the client has read `text` `times` times (an answer's body, chunked or not). */
function read(c: { socket: Socket; reply: () => string }, text: string, times = 1): Promise<void> {
  const done = () => c.reply().split(text).length > times;
  return new Promise((resolve) => (done() ? resolve() : c.socket.on('data', () => done() && resolve())));
}

/** An HTTP server whose handler is `handle`, and raw requests to it. */
async function httpServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  return listening(createHttpServer(handle));
}

describe('announcesBody', () => {
  it('is true for a length above 0 or any Transfer-Encoding, false for none or a length of 0', async () => {
    const seen: boolean[] = [];
    const port = await httpServer((req, res) => (seen.push(announcesBody(req)), res.end()));
    const heads = [
      'GET / HTTP/1.1\r\nHost: h\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc',
      'GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ];
    for (const head of heads) {
      const c = client(port);
      c.socket.end(head);
      await c.ended;
    }
    expect(seen).toEqual([false, false, true, true]);
  });
});

describe('refuse', () => {
  it('answers the status and reason as plain text and keeps a connection that left nothing unread', async () => {
    const port = await httpServer((req, res) => (req.url === '/ok' ? res.end('fine') : refuse(res, 404, 'no such file')));
    const c = client(port);
    c.socket.write('GET /nope HTTP/1.1\r\nHost: h\r\n\r\n');
    await read(c, '404: no such file\n');
    expect(c.reply()).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(c.reply()).toMatch(/\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    expect(c.reply()).not.toMatch(/Connection: close/i);
    // The same connection serves the next request.
    c.socket.write('GET /ok HTTP/1.1\r\nHost: h\r\n\r\n');
    await read(c, 'fine');
  });

  it('keeps the connection when the announced body was already read', async () => {
    const port = await httpServer((req, res) => {
      req.resume();
      req.on('end', () => refuse(res, 400, 'read, then refused'));
    });
    const c = client(port);
    c.socket.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc');
    await read(c, '400: read, then refused\n');
    expect(c.reply()).not.toMatch(/Connection: close/i);
    c.socket.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx');
    await read(c, '400: read, then refused\n', 2);
  });

  it('stops reading an announced body at once, says Connection: close, and closes after the linger, the client still writing', async () => {
    let hostSide: Socket | null = null;
    const port = await httpServer((req, res) => ((hostSide = req.socket), refuse(res, 405, 'POST is not served here', 300)));
    const c = client(port);
    c.socket.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10000000000\r\n\r\n');
    // Write until the host closes: a host that went on reading would take far more than its buffers.
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const closed = new Promise((r) => c.socket.once('close', r));
    const pump = (): void => {
      while (!c.socket.destroyed && sent < 1024 ** 3) {
        sent += chunk.length;
        if (!c.socket.write(chunk)) return void c.socket.once('drain', pump);
      }
    };
    pump();
    await closed;
    expect(c.reply()).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(c.reply()).toMatch(/\r\nConnection: close\r\n/);
    expect(c.reply()).toContain('405: POST is not served here\n');
    expect(hostSide!.destroyed).toBe(true);
    expect(hostSide!.bytesRead).toBeLessThan(32 * 1024 * 1024);
  });
});
