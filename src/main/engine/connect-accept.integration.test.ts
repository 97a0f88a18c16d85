// Connect and accept through the engine process, on real loopback sockets: what each returns as
// C does, and how the ones that wait (blocking, on a pool thread or for readiness) end when they
// are cancelled or time out, while the engine keeps answering.
import { describe, expect, it } from 'vitest';
import { startEngine } from '../engine-host';
import { engineForFile, engineSteps, portOf, settledWithin, waitForEvent } from '../testing/engine-steps';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { dataText } from '../../shared/data-bytes';

const engine = engineForFile();
const { call, nm, tcpListener, tcpClient, refusingPort } = engineSteps(engine);

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
      state = (await engine().request('sockets', {})).find((s) => s.name === c)?.state ?? null;
      if (state !== 'SYN_SENT') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('SYN_SENT');
    // The engine answers another call while the connect stays blocked.
    const other = await call({ call: 'BIO_socket', as: nm('x'), domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect(other.ret).toBeGreaterThanOrEqual(0);
    expect(settled, 'the connect to a full backlog returned before it was cancelled').toBe(false);
    const cancel = await engine().request('cancel', { callId: 'blocked-connect' });
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
    const started = waitForEvent(engine(), (s) => s.callId === 'acc-cancel' && s.waiting === 'readiness');
    const pending = call({ call: 'BIO_accept_ex', sock: l.name, as: nm('a') }, 'acc-cancel');
    expect(await started).toBe(true);
    const cancel = await engine().request('cancel', { callId: 'acc-cancel' });
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
    expect(dataText(rd2.data)).toBe('late');
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
