// Real loopback sockets through the engine process: every call here is the real libcrypto call,
// and every expectation is what the same call does in C (the CLI's fidelity test runs the same
// scenarios as C programs and compares).
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, startEngine, type EngineClient } from '../engine-host';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';

let e: EngineClient;
let seq = 0;

const call = (step: Step, callId?: string): Promise<CallRecord> => e.request('call', { step, callId });
/** A fresh socket name per use, so tests never collide on the engine's name table. */
const nm = (base: string) => `${base}${++seq}`;

function portOf(rec: CallRecord): number {
  const m = rec.socket?.local?.match(/:(\d+)$/);
  if (!m) throw new Error(`no bound port in ${JSON.stringify(rec.socket?.local)}`);
  return Number(m[1]);
}

/** Resolves with what `p` gave, or with 'pending' if it has not settled within `ms`. */
function settledWithin<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);
}

function waitForEvent(client: EngineClient, match: (s: { callId: string; waiting: string | null }) => boolean, ms = 20_000): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => (off(), resolve(false)), ms);
    const off = client.on('callStarted', (s) => {
      if (!match(s)) return;
      clearTimeout(timer);
      off();
      resolve(true);
    });
  });
}

async function tcpListener(opts: { family?: 'AF_INET' | 'AF_INET6'; addr?: string; options?: string[] } = {}): Promise<{ name: string; port: number; rec: CallRecord }> {
  const name = nm('l');
  const s = await call({ call: 'BIO_socket', as: name, domain: opts.family ?? 'AF_INET', socktype: 'SOCK_STREAM' });
  expect(s.ret).toBeGreaterThanOrEqual(0);
  const rec = await call({ call: 'BIO_listen', sock: name, addr: opts.addr ?? '127.0.0.1:0', options: opts.options ?? [] });
  expect(rec.ret).toBe(1);
  return { name, port: portOf(rec), rec };
}

async function tcpClient(family: 'AF_INET' | 'AF_INET6' = 'AF_INET'): Promise<string> {
  const name = nm('c');
  const s = await call({ call: 'BIO_socket', as: name, domain: family, socktype: 'SOCK_STREAM' });
  expect(s.ret).toBeGreaterThanOrEqual(0);
  return name;
}

/** A loopback port nobody listens on: bound by the engine, never listened on, so connects are refused. */
async function refusingPort(): Promise<number> {
  const name = nm('b');
  await call({ call: 'BIO_socket', as: name, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  return portOf(await call({ call: 'BIO_bind', sock: name, addr: '127.0.0.1:0' }));
}

/** The engine's socket fds (files the module loader opens come and go, so they are not counted). */
function socketInode(pid: number, fd: number): string | null {
  try {
    const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
    return link.startsWith('socket:') ? link : null;
  } catch {
    return null;
  }
}

function socketFdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
}

beforeAll(async () => {
  e = await startEngine();
});

afterEach(async () => {
  if (e?.alive) await e.request('closeAll', {});
});

afterAll(async () => {
  await e?.stop();
});

describe('connect', () => {
  it('a refused connect returns 0 with the two queue entries C gives and ECONNREFUSED', async () => {
    const port = await refusingPort();
    const c = await tcpClient();
    const rec = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}` });
    expect(rec.ret).toBe(0);
    expect(rec.errno?.name).toBe('ECONNREFUSED');
    expect(rec.errorQueue).toHaveLength(2);
    const [sys, bio] = rec.errorQueue;
    expect(sys.library).toBe('system library');
    expect(sys.reason).toBe('Connection refused');
    expect(sys.data).toBe('calling connect()');
    expect(sys.hex).toBe('8000006F');
    expect(sys.text).toContain('Connection refused');
    expect(bio.library).toBe('BIO routines');
    expect(bio.reason).toBe('connect error');
    expect(bio.text).toContain('connect error');
    expect(rec.refused).toBeNull();
  });

  it('a nonblocking connect returns 0 with EINPROGRESS and an empty queue, then becomes writable and ESTABLISHED', async () => {
    const l = await tcpListener();
    const c = await tcpClient();
    const rec = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}`, options: ['BIO_SOCK_NONBLOCK'] });
    expect(rec.ret).toBe(0);
    expect(rec.errno?.name).toBe('EINPROGRESS');
    expect(rec.errorQueue).toEqual([]);
    expect(rec.blocked).toBe(false);
    expect(rec.socket?.applied.O_NONBLOCK).toBe(true);
    const w = await call({ call: 'wait', sock: c, for: 'writable', timeoutMs: 10_000 });
    expect(w.ret).toBe(1);
    const se = await call({ call: 'BIO_sock_error', sock: c });
    expect(se.ret).toBe(0);
    expect(se.socket?.state).toBe('ESTABLISHED');
    expect(se.socket?.peer).toBe(`127.0.0.1:${l.port}`);
  });

  it('cancelling a blocking connect to a full backlog wakes it by shutdown, as C does (ret 0, ECONNRESET)', async () => {
    // BIO_listen asks for a big backlog; a raw listen(fd, 0) holds one connection and drops the next SYNs.
    const l = nm('l');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = portOf(await call({ call: 'BIO_bind', sock: l, addr: '127.0.0.1:0' }));
    expect((await call({ call: 'listen', sock: l, backlog: 0 })).ret).toBe(0);
    const first = await tcpClient();
    expect((await call({ call: 'BIO_connect', sock: first, addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] })).ret).toBe(0);
    expect((await call({ call: 'wait', sock: first, for: 'writable', timeoutMs: 10_000 })).ret).toBe(1);
    const c = await tcpClient();
    const pending = call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}` }, 'blocked-connect');
    let settled = false;
    void pending.finally(() => (settled = true)).catch(() => undefined);
    // Only a connect already in SYN_SENT is really blocked in the kernel; poll the snapshot for it.
    let state: string | null = null;
    for (let i = 0; i < 100 && state !== 'SYN_SENT'; i++) {
      state = (await e.request('sockets', {})).find((s) => s.name === c)?.state ?? null;
      if (state !== 'SYN_SENT') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('SYN_SENT');
    // The engine answers another call while the connect stays blocked.
    const other = await call({ call: 'BIO_socket', as: nm('x'), domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect(other.ret).toBeGreaterThanOrEqual(0);
    expect(settled, 'the connect to a full backlog returned before it was cancelled').toBe(false);
    const cancel = await e.request('cancel', { callId: 'blocked-connect' });
    expect(cancel.cancelled).toBe(true);
    const rec = await pending;
    expect(rec.cancelled).toMatch(/shutdown/);
    expect(rec.ret).toBe(0);
    expect(rec.errno?.name).toBe('ECONNRESET');
    expect(rec.errorQueue.map((q) => q.hex)).toEqual(['80000068', '10000067']);
  });

  it('cancelling a blocking connect as soon as it is handed to a pool thread ends it promptly', async () => {
    // A fresh engine has no pool thread yet, so the cancel lands while the thread is still starting.
    const fresh = await startEngine();
    const fc = (step: Step, callId?: string) => fresh.request('call', { step, callId });
    try {
      await fc({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      const port = portOf(await fc({ call: 'BIO_bind', sock: 'l', addr: '127.0.0.1:0' }));
      expect((await fc({ call: 'listen', sock: 'l', backlog: 0 })).ret).toBe(0);
      await fc({ call: 'BIO_socket', as: 'first', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      await fc({ call: 'BIO_connect', sock: 'first', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] });
      expect((await fc({ call: 'wait', sock: 'first', for: 'writable', timeoutMs: 10_000 })).ret).toBe(1);
      await fc({ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      const started = waitForEvent(fresh, (s) => s.callId === 'early' && s.waiting === 'connect');
      const pending = fc({ call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}` }, 'early');
      pending.catch(() => undefined);
      expect(await started).toBe(true);
      const cancelling = fresh.request('cancel', { callId: 'early' });
      cancelling.catch(() => undefined);
      const cancel = await settledWithin(cancelling, 15_000);
      expect(cancel, 'the cancel request is still unanswered after 15 s').not.toBe('pending');
      const rec = await settledWithin(pending, 5_000);
      expect(rec, 'the cancelled BIO_connect is still blocked').not.toBe('pending');
      expect((rec as CallRecord).cancelled).not.toBeNull();
    } finally {
      await fresh.stop(2000);
    }
  }, 60_000);

  it('timeoutMs bounds a blocking connect with SO_SNDTIMEO (ret 0, EINPROGRESS, empty queue)', async () => {
    const l = nm('l');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = portOf(await call({ call: 'BIO_bind', sock: l, addr: '127.0.0.1:0' }));
    await call({ call: 'listen', sock: l, backlog: 0 });
    const first = await tcpClient();
    await call({ call: 'BIO_connect', sock: first, addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] });
    expect((await call({ call: 'wait', sock: first, for: 'writable', timeoutMs: 10_000 })).ret).toBe(1);
    const c = await tcpClient();
    const rec = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}`, timeoutMs: 500 });
    expect(rec.ret).toBe(0);
    expect(rec.errno?.name).toBe('EINPROGRESS');
    expect(rec.errorQueue).toEqual([]);
    expect(rec.cancelled).toMatch(/timed out/);
  });
});

describe('accept', () => {
  it('a nonblocking accept with nobody waiting returns -1 with EAGAIN and, as in C, an empty queue', async () => {
    const l = await tcpListener({ options: ['BIO_SOCK_NONBLOCK'] });
    expect(l.rec.socket?.applied.O_NONBLOCK).toBe(true);
    // timeoutMs only bounds the test: a nonblocking listener must not wait at all.
    const rec = await call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a'), timeoutMs: 5_000 });
    expect(rec.cancelled).toBeNull();
    expect(rec.ret).toBe(-1);
    expect(rec.errno?.name).toBe('EAGAIN');
    expect(rec.errorQueue).toEqual([]);
  });

  it('a blocking accept waits without blocking other sockets and returns the fd with the peer', async () => {
    const l = await tcpListener();
    const a = nm('a');
    let settled = false;
    const pending = call({ call: 'BIO_accept_ex', sock: l.name, as: a }, 'acc-wait').finally(() => (settled = true));
    // Other calls keep answering while the accept waits.
    const other = await tcpListener();
    const c = await tcpClient();
    const w = await call({ call: 'wait', sock: other.name, for: 'readable', timeoutMs: 50 });
    expect(w.ret).toBe(0);
    expect(settled).toBe(false);
    const conn = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}` });
    expect(conn.ret).toBe(1);
    const rec = await pending;
    expect(rec.ret).toBeGreaterThanOrEqual(0);
    expect(rec.blocked).toBe(true);
    expect(rec.cancelled).toBeNull();
    expect(rec.result?.peer).toBe(conn.socket?.local);
    expect(rec.socket?.peer).toBe(conn.socket?.local);
    expect(rec.socket?.role).toBe('accepted');
    expect(rec.socket?.listener?.name).toBe(l.name);
  });

  it('cancelling a blocking accept makes no call and leaves the listener accepting', async () => {
    const l = await tcpListener();
    const started = waitForEvent(e, (s) => s.callId === 'acc-cancel' && s.waiting === 'readiness');
    const pending = call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a') }, 'acc-cancel');
    expect(await started).toBe(true);
    const cancel = await e.request('cancel', { callId: 'acc-cancel' });
    expect(cancel.cancelled).toBe(true);
    const rec = await pending;
    expect(rec.cancelled).toBeTruthy();
    expect(rec.ret).toBeNull();
    expect(rec.errno).toBeNull();
    expect(rec.socket?.state).toBe('LISTEN');
    const c = await tcpClient();
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}` })).ret).toBe(1);
    const again = await call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a'), timeoutMs: 10_000 });
    expect(again.ret).toBeGreaterThanOrEqual(0);
  });

  it('timeoutMs on accept and read ends the wait with no call made, and the sockets stay usable', async () => {
    const l = await tcpListener();
    const acc = await call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a'), timeoutMs: 200 });
    expect(acc.ret).toBeNull();
    expect(acc.cancelled).toMatch(/timeout/);
    expect(acc.blocked).toBe(true);
    const c = await tcpClient();
    await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}` });
    const a = nm('a');
    expect((await call({ call: 'BIO_accept_ex', sock: l.name, as: a, timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
    const rd = await call({ call: 'BIO_read', sock: a, max: 16, timeoutMs: 200 });
    expect(rd.ret).toBeNull();
    expect(rd.cancelled).toMatch(/timeout/);
    expect((await call({ call: 'BIO_write', sock: c, data: 'late' })).ret).toBe(4);
    const rd2 = await call({ call: 'BIO_read', sock: a, max: 16, timeoutMs: 10_000 });
    expect(rd2.ret).toBe(4);
    expect(rd2.data?.text).toBe('late');
  });

  it('two blocking accepts wait on one listener and one client comes: the other accept keeps waiting and the engine still answers', async () => {
    // Both waits see the one connection as readable; the loser must go on waiting, not block the engine in accept().
    const fresh = await startEngine();
    const fc = (step: Step, callId?: string) => fresh.request('call', { step, callId });
    try {
      await fc({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      const port = portOf(await fc({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }));
      // Each time an accept (re)starts waiting for readiness, the engine says so.
      const rounds = new Map<string, number>();
      let onRound = () => {};
      fresh.on('callStarted', (s) => {
        if (s.waiting !== 'readiness') return;
        rounds.set(s.callId, (rounds.get(s.callId) ?? 0) + 1);
        onRound();
      });
      const roundsReach = (callId: string, n: number) =>
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 10_000);
          onRound = () => {
            if ((rounds.get(callId) ?? 0) < n) return;
            clearTimeout(timer);
            resolve(true);
          };
          onRound();
        });
      const a1 = fc({ call: 'BIO_accept_ex', sock: 'l', as: 'a1' }, 'a1');
      const a2 = fc({ call: 'BIO_accept_ex', sock: 'l', as: 'a2' }, 'a2');
      a1.catch(() => undefined);
      a2.catch(() => undefined);
      expect(await roundsReach('a1', 1)).toBe(true);
      expect(await roundsReach('a2', 1)).toBe(true);
      await fc({ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      expect((await fc({ call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}` })).ret).toBe(1);
      const first = await settledWithin(Promise.race([a1, a2]), 10_000);
      expect(first).not.toBe('pending');
      expect((first as CallRecord).ret).toBeGreaterThanOrEqual(0);
      // The poller woke both; the other accept found nothing to take and went back to waiting.
      const loser = (first as CallRecord).args.as === 'a1' ? 'a2' : 'a1';
      expect(await roundsReach(loser, 2), `${loser} did not go back to waiting for readiness`).toBe(true);
      const probe = await settledWithin(fc({ call: 'BIO_socket', as: 'probe', domain: 'AF_INET', socktype: 'SOCK_STREAM' }), 10_000);
      expect(probe, 'the engine stopped answering: the second accept blocks its main thread').not.toBe('pending');
      expect((await fresh.request('cancel', { callId: loser })).cancelled).toBe(true);
    } finally {
      await fresh.stop(2000);
    }
  }, 60_000);
});

describe('addresses and flags', () => {
  it('V6_ONLY on a [::]:0 listener refuses a v4 client; without it the v4 client is accepted as a mapped address', async () => {
    const only = await tcpListener({ family: 'AF_INET6', addr: '[::]:0', options: ['BIO_SOCK_V6_ONLY'] });
    expect(only.rec.socket?.applied.IPV6_V6ONLY).toBe(true);
    const c4 = await tcpClient('AF_INET');
    const refused = await call({ call: 'BIO_connect', sock: c4, addr: `127.0.0.1:${only.port}` });
    expect(refused.ret).toBe(0);
    expect(refused.errno?.name).toBe('ECONNREFUSED');
    const c6 = await tcpClient('AF_INET6');
    expect((await call({ call: 'BIO_connect', sock: c6, addr: `[::1]:${only.port}` })).ret).toBe(1);

    const dual = await tcpListener({ family: 'AF_INET6', addr: '[::]:0' });
    expect(dual.rec.socket?.applied.IPV6_V6ONLY).toBe(false);
    const d4 = await tcpClient('AF_INET');
    const ok = await call({ call: 'BIO_connect', sock: d4, addr: `127.0.0.1:${dual.port}` });
    expect(ok.ret).toBe(1);
    const acc = await call({ call: 'BIO_accept_ex', sock: dual.name, as: nm('a'), timeoutMs: 10_000 });
    expect(acc.ret).toBeGreaterThanOrEqual(0);
    expect(acc.result?.peer).toMatch(/^\[::ffff:127\.0\.0\.1\]:\d+$/);
  });

  it('bind to a port in use fails with EADDRINUSE and a queue naming bind', async () => {
    const l = await tcpListener();
    const s = nm('s');
    await call({ call: 'BIO_socket', as: s, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const rec = await call({ call: 'BIO_bind', sock: s, addr: `127.0.0.1:${l.port}` });
    expect(rec.ret).toBe(0);
    expect(rec.errno?.name).toBe('EADDRINUSE');
    expect(rec.errorQueue.length).toBeGreaterThan(0);
    expect(rec.errorQueue[0].data).toBe('calling bind()');
    expect(rec.errorQueue[0].reason).toBe('Address already in use');
  });

  it('REUSEADDR lets a socket bind a port held in TIME_WAIT; without it the bind fails with EADDRINUSE', async () => {
    // The accepted side closes first, so TIME_WAIT sits on the listener's port (for 60 s on Linux).
    const l = await tcpListener({ options: ['BIO_SOCK_REUSEADDR'] });
    expect(l.rec.socket?.applied.SO_REUSEADDR).toBe(true);
    const c = await tcpClient();
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}` })).ret).toBe(1);
    const a = nm('a');
    expect((await call({ call: 'BIO_accept_ex', sock: l.name, as: a, timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
    expect((await call({ call: 'BIO_closesocket', sock: a })).ret).toBe(1);
    // The client reads EOF, then closes: the accepted side's FIN_WAIT2 becomes TIME_WAIT.
    const eof = await call({ call: 'BIO_read', sock: c, max: 8, timeoutMs: 10_000 });
    expect(eof.ret).toBe(0);
    await call({ call: 'BIO_closesocket', sock: c });
    await call({ call: 'BIO_closesocket', sock: l.name });

    const plain = nm('s');
    await call({ call: 'BIO_socket', as: plain, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const without = await call({ call: 'BIO_bind', sock: plain, addr: `127.0.0.1:${l.port}` });
    expect(without.ret).toBe(0);
    expect(without.errno?.name).toBe('EADDRINUSE');

    const reuse = nm('s');
    await call({ call: 'BIO_socket', as: reuse, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const withIt = await call({ call: 'BIO_bind', sock: reuse, addr: `127.0.0.1:${l.port}`, options: ['BIO_SOCK_REUSEADDR'] });
    expect(withIt.ret).toBe(1);
    expect(withIt.errno).toBeNull();
    expect(withIt.socket?.applied.SO_REUSEADDR).toBe(true);
    expect(withIt.socket?.local).toBe(`127.0.0.1:${l.port}`);
  });

  it('each flag is applied by the calls that honour it and reads back as requested', async () => {
    const all = ['BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NODELAY', 'BIO_SOCK_NONBLOCK', 'BIO_SOCK_REUSEADDR'];
    const l = await tcpListener({ options: all });
    expect(l.rec.warnings).toEqual([]);
    const keys = ['SO_KEEPALIVE', 'TCP_NODELAY', 'O_NONBLOCK', 'SO_REUSEADDR'] as const;
    for (const k of keys) {
      expect(l.rec.socket?.requested[k], `requested ${k}`).toBe(true);
      expect(l.rec.socket?.applied[k], `applied ${k}`).toBe(true);
    }
    const bare = await tcpListener();
    for (const k of keys) expect(bare.rec.socket?.applied[k], `applied ${k} without flags`).toBe(false);

    const c = await tcpClient();
    const conn = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}`, options: ['BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NODELAY', 'BIO_SOCK_NONBLOCK'] });
    expect(conn.ret === 1 || conn.errno?.name === 'EINPROGRESS').toBe(true);
    for (const k of ['SO_KEEPALIVE', 'TCP_NODELAY', 'O_NONBLOCK'] as const) {
      expect(conn.socket?.requested[k], `requested ${k}`).toBe(true);
      expect(conn.socket?.applied[k], `applied ${k}`).toBe(true);
    }
    expect(conn.socket?.applied.SO_REUSEADDR).toBe(false);

    expect((await call({ call: 'wait', sock: l.name, for: 'readable', timeoutMs: 10_000 })).ret).toBe(1);
    const acc = await call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a'), options: ['BIO_SOCK_NONBLOCK'] });
    expect(acc.ret).toBeGreaterThanOrEqual(0);
    expect(acc.socket?.requested.O_NONBLOCK).toBe(true);
    expect(acc.socket?.applied.O_NONBLOCK).toBe(true);

    const v6 = await tcpListener({ family: 'AF_INET6', addr: '[::1]:0', options: ['BIO_SOCK_V6_ONLY'] });
    expect(v6.rec.socket?.requested.IPV6_V6ONLY).toBe(true);
    expect(v6.rec.socket?.applied.IPV6_V6ONLY).toBe(true);

    const b = nm('s');
    await call({ call: 'BIO_socket', as: b, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const bound = await call({ call: 'BIO_bind', sock: b, addr: '127.0.0.1:0', options: ['BIO_SOCK_REUSEADDR'] });
    expect(bound.socket?.requested.SO_REUSEADDR).toBe(true);
    expect(bound.socket?.applied.SO_REUSEADDR).toBe(true);
  });

  it('a flag the call does not honour is passed through, not applied, with a warning naming the calls that do', async () => {
    const s = nm('s');
    await call({ call: 'BIO_socket', as: s, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const bound = await call({ call: 'BIO_bind', sock: s, addr: '127.0.0.1:0', options: ['BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NONBLOCK'] });
    expect(bound.ret).toBe(1);
    expect(bound.c).toContain('BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK');
    expect(bound.warnings.find((w) => w.includes('BIO_SOCK_KEEPALIVE'))).toMatch(/BIO_connect, BIO_listen/);
    expect(bound.warnings.find((w) => w.includes('BIO_SOCK_NONBLOCK'))).toMatch(/BIO_connect, BIO_listen, BIO_accept_ex/);
    expect(bound.socket?.applied.SO_KEEPALIVE).toBe(false);
    expect(bound.socket?.applied.O_NONBLOCK).toBe(false);

    const l = await tcpListener();
    const c = await tcpClient();
    const conn = await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}`, options: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_V6_ONLY'] });
    expect(conn.ret).toBe(1);
    expect(conn.warnings.find((w) => w.includes('BIO_SOCK_REUSEADDR'))).toMatch(/BIO_bind, BIO_listen/);
    expect(conn.warnings.find((w) => w.includes('BIO_SOCK_V6_ONLY'))).toMatch(/BIO_listen/);
    expect(conn.socket?.applied.SO_REUSEADDR).toBe(false);

    const acc = await call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a'), options: ['BIO_SOCK_NODELAY'], timeoutMs: 10_000 });
    expect(acc.ret).toBeGreaterThanOrEqual(0);
    expect(acc.warnings.find((w) => w.includes('BIO_SOCK_NODELAY'))).toMatch(/BIO_connect, BIO_listen/);
    expect(acc.socket?.applied.TCP_NODELAY).toBe(false);
  });
});

describe('other families and data', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bio-unix-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an AF_UNIX listener and client exchange data both ways', async () => {
    const path = join(dir, 's.sock');
    const l = nm('u');
    expect((await call({ call: 'BIO_socket', as: l, domain: 'AF_UNIX', socktype: 'SOCK_STREAM' })).ret).toBeGreaterThanOrEqual(0);
    const lis = await call({ call: 'BIO_listen', sock: l, addr: `unix:${path}` });
    expect(lis.ret).toBe(1);
    expect(lis.socket?.local).toBe(`unix:${path}`);
    expect(lis.socket?.family).toBe('AF_UNIX');
    expect(existsSync(path)).toBe(true);
    const c = nm('uc');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_UNIX', socktype: 'SOCK_STREAM' });
    const uconn = await call({ call: 'BIO_connect', sock: c, addr: `unix:${path}` });
    expect(uconn.ret, JSON.stringify(uconn)).toBe(1);
    const a = nm('ua');
    expect((await call({ call: 'BIO_accept_ex', sock: l, as: a, timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
    expect((await call({ call: 'BIO_write', sock: c, data: 'ping' })).ret).toBe(4);
    const r1 = await call({ call: 'BIO_read', sock: a, max: 64, timeoutMs: 10_000 });
    expect(r1.data?.text).toBe('ping');
    expect((await call({ call: 'BIO_write', sock: a, dataHex: '706f6e67' })).ret).toBe(4);
    const r2 = await call({ call: 'BIO_read', sock: c, max: 64, timeoutMs: 10_000 });
    expect(r2.ret).toBe(4);
    expect(r2.data?.text).toBe('pong');
  });

  it('UDP: bound datagram sockets connected to each other exchange datagrams', async () => {
    const a = nm('ua');
    const b = nm('ub');
    for (const n of [a, b]) expect((await call({ call: 'BIO_socket', as: n, domain: 'AF_INET', socktype: 'SOCK_DGRAM' })).ret).toBeGreaterThanOrEqual(0);
    const ba = await call({ call: 'BIO_bind', sock: a, addr: '127.0.0.1:0' });
    const bb = await call({ call: 'BIO_bind', sock: b, addr: '127.0.0.1:0' });
    expect(ba.socket?.role).toBe('datagram');
    expect((await call({ call: 'BIO_connect', sock: a, addr: `127.0.0.1:${portOf(bb)}` })).ret).toBe(1);
    expect((await call({ call: 'BIO_connect', sock: b, addr: `127.0.0.1:${portOf(ba)}` })).ret).toBe(1);
    expect((await call({ call: 'BIO_write', sock: a, data: 'datagram one' })).ret).toBe(12);
    const r = await call({ call: 'BIO_read', sock: b, max: 100, timeoutMs: 10_000 });
    expect(r.ret).toBe(12);
    expect(r.data?.text).toBe('datagram one');
    expect((await call({ call: 'BIO_write', sock: b, data: 'two' })).ret).toBe(3);
    expect((await call({ call: 'BIO_read', sock: a, max: 100, timeoutMs: 10_000 })).data?.text).toBe('two');
    expect(r.socket?.type).toBe('SOCK_DGRAM');
    expect(r.socket?.peer).toBe(ba.socket?.local);
  });

  it('a nonblocking write to a peer that never reads ends in -1 EAGAIN, keeping the unsent bytes', async () => {
    const l = await tcpListener();
    const c = await tcpClient();
    await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}`, options: ['BIO_SOCK_NONBLOCK'] });
    expect((await call({ call: 'wait', sock: c, for: 'writable', timeoutMs: 10_000 })).ret).toBe(1);
    expect((await call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a'), timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
    const chunk = 'x'.repeat(1 << 20);
    let last: CallRecord | null = null;
    let partial: CallRecord | null = null;
    // Loopback buffers hold a few MiB at most; 64 MiB without EAGAIN means something is wrong.
    for (let i = 0; i < 64; i++) {
      last = await call({ call: 'BIO_write', sock: c, data: chunk });
      if (last.ret !== null && last.ret >= 0 && last.ret < chunk.length) partial = last;
      if (last.ret === -1) break;
    }
    expect(last?.ret).toBe(-1);
    expect(last?.errno?.name).toBe('EAGAIN');
    expect(last?.blocked).toBe(false);
    const unsent = last?.result?.unsent as { hex: string; text: string } | undefined;
    expect(unsent?.text.length).toBe(chunk.length);
    if (partial) {
      const u = partial.result?.unsent as { text: string };
      expect(u.text.length).toBe(chunk.length - partial.ret!);
      expect(partial.result?.sent).toBe(partial.ret);
    }
  }, 120_000);
});

describe('ownership and requests', () => {
  it('refuses an fd the engine did not create without calling anything on it', async () => {
    const pid = e.pid!;
    const ours = new Set((await e.request('sockets', {})).map((s) => s.fd));
    // The engine's own IPC channel is a socket it did not create with BIO_socket: closing it would cut us off.
    const foreign = readdirSync(`/proc/${pid}/fd`)
      .map(Number)
      .filter((fd) => !ours.has(fd) && /^socket:/.test(readlinkSync(`/proc/${pid}/fd/${fd}`)));
    expect(foreign.length).toBeGreaterThan(0);
    const fd = foreign[0];
    const rec = await call({ call: 'BIO_closesocket', sock: fd });
    expect(rec.ret).toBeNull();
    expect(rec.refused).toMatch(/not a socket this engine created/);
    expect(rec.errno).toBeNull();
    expect(rec.errorQueue).toEqual([]);
    expect(readlinkSync(`/proc/${pid}/fd/${fd}`)).toMatch(/^socket:/);
    expect((await e.request('info', {})).pid).toBe(pid);
    const w = await call({ call: 'BIO_write', sock: 2, data: 'must not reach stderr' });
    expect(w.ret).toBeNull();
    expect(w.refused).toBeTruthy();
  });

  it('refuses a closed socket, by name and by number', async () => {
    const s = nm('s');
    const made = await call({ call: 'BIO_socket', as: s, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const fd = made.ret!;
    expect((await call({ call: 'BIO_closesocket', sock: s })).ret).toBe(1);
    const byName = await call({ call: 'BIO_sock_error', sock: s });
    expect(byName.ret).toBeNull();
    expect(byName.refused).toMatch(new RegExp(`"${s}"`));
    const byNumber = await call({ call: 'BIO_closesocket', sock: fd });
    expect(byNumber.ret).toBeNull();
    expect(byNumber.refused).toMatch(new RegExp(`fd ${fd}`));
    expect(byNumber.errorQueue).toEqual([]);
  });

  it('refuses a name whose BIO_socket failed, saying so', async () => {
    const s = nm('s');
    const failed = await call({ call: 'BIO_socket', as: s, domain: 'AF_UNIX', socktype: 'SOCK_STREAM', protocol: 'IPPROTO_TCP' });
    expect(failed.ret).toBe(-1);
    expect(failed.errno).not.toBeNull();
    const rec = await call({ call: 'BIO_listen', sock: s, addr: '127.0.0.1:0' });
    expect(rec.ret).toBeNull();
    expect(rec.refused).toMatch(/failed/);
  });

  it('a bad request is answered with an error naming the field and never reaches a call', async () => {
    const before = await call({ call: 'BIO_socket', as: nm('s'), domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const bad = (await e.request('call', { step: { call: 'BIO_socket', domain: 'AF_BOGUS', socktype: 'SOCK_STREAM' } } as never).catch((x) => x)) as EngineError;
    expect(bad).toBeInstanceOf(EngineError);
    expect(bad.error.code).toBe('invalid-request');
    expect(bad.error.field).toBe('step.domain');
    const badOpt = (await e.request('call', { step: { call: 'BIO_listen', sock: 'x', addr: '127.0.0.1:0', options: ['BIO_SOCK_FAST'] } } as never).catch((x) => x)) as EngineError;
    expect(badOpt.error.field).toMatch(/^step\.options/);
    const after = await call({ call: 'BIO_socket', as: nm('s'), domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    // No record was drafted for the bad requests: indexes run on without a gap.
    expect(after.index).toBe(before.index + 1);
  });
});

describe('lifetime', () => {
  it('closeAll and stop give every socket back: the socket fd count returns to where it started and the ports are free', async () => {
    const fresh = await startEngine();
    const pid = fresh.pid!;
    const fc = (step: Step) => fresh.request('call', { step });
    try {
      // Start the poller first, so its own fds are in the baseline.
      await fc({ call: 'BIO_socket', as: 'w', domain: 'AF_INET', socktype: 'SOCK_DGRAM' });
      await fc({ call: 'wait', sock: 'w', for: 'readable', timeoutMs: 20 });
      await fc({ call: 'BIO_closesocket', sock: 'w' });
      const start = socketFdCount(pid);
      await fc({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      const port = portOf(await fc({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }));
      for (let i = 0; i < 5; i++) {
        await fc({ call: 'BIO_socket', as: `c${i}`, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
        await fc({ call: 'BIO_connect', sock: `c${i}`, addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] });
        expect((await fc({ call: 'BIO_accept_ex', sock: 'l', as: `a${i}`, timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
        await fc({ call: 'BIO_write', sock: `a${i}`, data: 'hello' });
      }
      // Our 11 sockets by inode: a loader thread of the source-run engine may open a socket of its own meanwhile.
      const ours = new Set((await fresh.request('sockets', {})).map((s) => socketInode(pid, s.fd)));
      expect(ours.size).toBe(11);
      expect(socketFdCount(pid)).toBeGreaterThanOrEqual(start + 11);
      expect((await fresh.request('closeAll', {})).closed).toBe(11);
      const left = readdirSync(`/proc/${pid}/fd`).map((fd) => socketInode(pid, Number(fd)));
      expect(left.filter((inode) => ours.has(inode))).toEqual([]);
      expect(socketFdCount(pid)).toBeLessThanOrEqual(start + 1);
      expect(await fresh.request('sockets', {})).toEqual([]);

      await fc({ call: 'BIO_socket', as: 'l2', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
      const port2 = portOf(await fc({ call: 'BIO_listen', sock: 'l2', addr: '127.0.0.1:0' }));
      await fresh.stop();
      expect(existsSync(`/proc/${pid}`)).toBe(false);
      // The listener died with the engine: its port can be listened on again at once.
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: port2, host: '127.0.0.1', exclusive: true }, () => resolve());
      });
      await new Promise((r) => server.close(r));
    } finally {
      await fresh.stop(2000);
    }
  });
});
