// How the web host answers what it refuses: a plain-text status and reason, and a connection that
// cannot be held open by a client that announced a body or never reads the answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers a connection that will get no HTTP handling (a refused upgrade, one over the cap) and ends it, read or not. */
export function answerRaw(socket: Duplex, status: number, reason: string, lingerMs: number): void {
  // A client that resets now must not take the host down with an unhandled error.
  socket.on('error', () => undefined);
  const body = `${status}: ${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), lingerMs).unref();
}

/** A request that says a body follows (a length above 0, or any Transfer-Encoding). */
export function announcesBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}

/** Answers a refused request; a body it announced is never read: the connection closes `lingerMs` after the answer instead. */
export function refuse(res: ServerResponse, status: number, reason: string, lingerMs = 250): void {
  const req = res.req;
  const bodyPending = !req.complete && announcesBody(req);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(bodyPending ? { Connection: 'close' } : {}) });
  res.end(`${status}: ${reason}\n`);
  if (bodyPending) {
    // Stop reading at once: the client's writes stall instead of the host draining gigabytes.
    req.socket.pause();
    res.once('finish', () => setTimeout(() => req.socket.destroy(), lingerMs).unref());
  }
}
