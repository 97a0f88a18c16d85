// The connection cap on real loopback sockets: who makes room at the cap, who never does, and
// the one summary line that replaces a line per refusal.
import { EventEmitter } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionCap } from './connection-cap';

const servers: Server[] = [];
const clients: Socket[] = [];
afterEach(() => {
  clients.splice(0).forEach((c) => c.destroy());
  servers.splice(0).forEach((s) => s.close());
});

/** `n` accepted sockets on a loopback server, oldest first. */
async function accepted(n: number): Promise<Socket[]> {
  const got: Socket[] = [];
  const server = createServer((s) => got.push(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  for (let i = 0; i < n; i++) {
    const c = connect(port, '127.0.0.1');
    c.on('error', () => undefined);
    clients.push(c);
    await new Promise<void>((r) => server.once('connection', () => r()));
  }
  got.forEach((s) => s.on('error', () => undefined));
  return got;
}

describe('ConnectionCap', () => {
  it('at the cap closes the oldest connection that has not authenticated and is not being answered', async () => {
    const [page, answering, idle, quiet, newcomer, late] = await accepted(6);
    const lines: string[] = [];
    const cap = new ConnectionCap({ max: 4, warn: (m) => lines.push(m) });
    for (const s of [page, answering, idle, quiet]) expect(cap.admit(s)).toBe(true);
    cap.authenticated(page);
    const response = new EventEmitter();
    cap.answering(answering, response);
    expect(cap.admit(newcomer)).toBe(true);
    expect(idle.destroyed).toBe(true);
    expect([page, answering, quiet, newcomer].map((s) => cap.holds(s))).toEqual([true, true, true, true]);
    expect(cap.holds(idle)).toBe(false);
    // Once its answer is done, a connection may make room again.
    response.emit('close');
    expect(cap.admit(late)).toBe(true);
    expect(answering.destroyed).toBe(true);
    expect(page.destroyed).toBe(false);
    cap.stop();
    expect(lines).toEqual(['connection limit (maxConnections 4) reached: closed 2 unauthenticated idle connections to make room in the last 10 s']);
  });

  it('refuses a newcomer when every connection is a page\'s, and sums refusals up in one line per interval', async () => {
    const sockets = await accepted(5);
    const lines: string[] = [];
    let told: () => void = () => undefined;
    const summary = new Promise<void>((r) => (told = r));
    const cap = new ConnectionCap({ max: 2, warn: (m) => (lines.push(m), told()), summaryEveryMs: 50 });
    for (const s of sockets.slice(0, 2)) {
      expect(cap.admit(s)).toBe(true);
      cap.authenticated(s);
    }
    for (const s of sockets.slice(2)) expect(cap.admit(s)).toBe(false);
    expect(sockets.slice(0, 2).every((s) => !s.destroyed)).toBe(true);
    await summary;
    expect(lines).toEqual(["connection limit (maxConnections 2) reached: refused 3 connections (every open one was a page's or mid-answer) in the last 50 ms"]);
    cap.stop();
    expect(lines).toHaveLength(1);
  });

  it('forgets a connection once it closes, so it takes no room', async () => {
    const [a, b] = await accepted(2);
    const cap = new ConnectionCap({ max: 1, warn: () => undefined });
    expect(cap.admit(a)).toBe(true);
    cap.authenticated(a);
    const closed = new Promise((r) => a.once('close', r));
    a.destroy();
    await closed;
    expect(cap.holds(a)).toBe(false);
    expect(cap.admit(b)).toBe(true);
    cap.stop();
  });

  it('says one closing and one refusal in the singular, both in one line, and a whole-second interval in seconds', async () => {
    const [page, idle, newcomer, late] = await accepted(4);
    const lines: string[] = [];
    const cap = new ConnectionCap({ max: 2, warn: (m) => lines.push(m), summaryEveryMs: 1000 });
    for (const s of [page, idle]) expect(cap.admit(s)).toBe(true);
    cap.authenticated(page);
    expect(cap.admit(newcomer)).toBe(true);
    cap.authenticated(newcomer);
    expect(cap.admit(late)).toBe(false);
    cap.stop();
    expect(lines).toEqual([
      "connection limit (maxConnections 2) reached: closed 1 unauthenticated idle connection to make room; refused 1 connection (every open one was a page's or mid-answer) in the last 1 s",
    ]);
  });

  it('ignores news of a connection it does not hold', async () => {
    const [held, stranger] = await accepted(2);
    const cap = new ConnectionCap({ max: 1, warn: () => undefined });
    expect(cap.admit(held)).toBe(true);
    cap.authenticated(stranger);
    cap.answering(stranger, new EventEmitter());
    expect(cap.holds(stranger)).toBe(false);
    // The one it holds is still idle and unauthenticated, so it makes room.
    expect(cap.admit(stranger)).toBe(true);
    expect(held.destroyed).toBe(true);
    cap.stop();
  });

  it('stop() ends the pending summary: what comes after is told a whole interval later, not on the old schedule', async () => {
    const sockets = await accepted(3);
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const cap = new ConnectionCap({ max: 1, warn: (m) => lines.push(m), summaryEveryMs: 200 });
      expect(cap.admit(sockets[0])).toBe(true);
      cap.authenticated(sockets[0]);
      expect(cap.admit(sockets[1])).toBe(false);
      vi.advanceTimersByTime(150);
      cap.stop();
      expect(lines).toHaveLength(1);
      expect(cap.admit(sockets[2])).toBe(false);
      vi.advanceTimersByTime(100);
      expect(lines).toHaveLength(1);
      vi.advanceTimersByTime(100);
      expect(lines).toEqual([lines[0], "connection limit (maxConnections 1) reached: refused 1 connection (every open one was a page's or mid-answer) in the last 200 ms"]);
      cap.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
