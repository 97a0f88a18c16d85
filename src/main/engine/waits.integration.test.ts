// Calls queued for a pool thread, in an engine made in this process with one pool thread: a
// blocking connect holds it, so the next blocking calls wait in the queue, and cancelling one
// there drops it before its call is made.
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessEngineForFile } from '../testing/in-process-engine';
import type { CallRecord } from '../../shared/record';

const { call, cancel, started, startedAs } = inProcessEngineForFile({ maxPoolThreads: 1 });
let reader: Socket | undefined;

function portOf(rec: CallRecord): number {
  return Number(rec.socket!.local!.split(':').pop());
}

afterAll(async () => {
  reader?.destroy();
});

describe('a pool call cancelled while queued', () => {
  it('is dropped before its call is made: a connect leaves its socket new, a write counts what went before', async () => {
    // The one pool thread: a blocking connect to a listener whose backlog of 0 is already full.
    await call({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = portOf(await call({ call: 'BIO_bind', sock: 'l', addr: '127.0.0.1:0' }));
    expect((await call({ call: 'listen', sock: 'l', backlog: 0 })).ret).toBe(0);
    await call({ call: 'BIO_socket', as: 'first', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    await call({ call: 'BIO_connect', sock: 'first', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] });
    expect((await call({ call: 'wait', sock: 'first', for: 'writable', timeoutMs: 10_000 })).ret).toBe(1);
    await call({ call: 'BIO_socket', as: 'held', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const holding = call({ call: 'BIO_connect', sock: 'held', addr: `127.0.0.1:${port}` }, 'holding');
    await startedAs('holding', 'connect');

    // A second blocking connect can only queue.
    await call({ call: 'BIO_socket', as: 'queued', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const queued = call({ call: 'BIO_connect', sock: 'queued', addr: `127.0.0.1:${port}` }, 'queued-connect');
    await startedAs('queued-connect', 'pool');
    expect(await cancel('queued-connect')).toEqual({ cancelled: true, how: 'cancelled by request' });
    const dropped = await queued;
    expect(dropped.cancelled).toMatch(/cancelled while queued for a pool thread, before BIO_connect was made/);
    expect(dropped.ret).toBeNull();
    expect(dropped.errno).toBeNull();
    expect(dropped.socket?.state).toBe('CLOSE');
    expect(dropped.socket?.peer).toBeNull();
    // Unchanged means still a new socket: no role, no requested options from a call never made.
    expect(dropped.socket?.role).toBe('new');
    expect(dropped.socket?.requested).toEqual({});
    expect((await call({ call: 'BIO_sock_error', sock: 'queued' })).socket?.role).toBe('new');

    // A large blocking write to a peer that never reads: what fits goes at once, the rest queues
    // for the busy thread. An accepted socket is blocking, and needs no pool thread to connect.
    await call({ call: 'BIO_socket', as: 'wl', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const wlPort = portOf(await call({ call: 'BIO_listen', sock: 'wl', addr: '127.0.0.1:0' }));
    reader = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ port: wlPort, host: '127.0.0.1' }, () => resolve(s));
      s.once('error', reject);
    });
    reader.pause();
    expect((await call({ call: 'BIO_accept_ex', sock: 'wl', as: 'w', timeoutMs: 10_000 })).socket?.applied.O_NONBLOCK).toBe(false);
    const big = 8 * 1024 * 1024;
    const writing = call({ call: 'BIO_write', sock: 'w', data: 'z'.repeat(big) }, 'queued-write');
    await startedAs('queued-write', 'pool');
    expect((await cancel('queued-write')).cancelled).toBe(true);
    const write = await writing;
    expect(write.cancelled).toMatch(/cancelled while the rest of BIO_write was queued for a pool thread, after \d+ byte\(s\); the socket stays usable/);
    expect(write.ret).toBeGreaterThan(0);
    expect(write.ret).toBeLessThan(big);
    expect(write.result).toMatchObject({ sent: write.ret });
    expect(write.socket?.state).toBe('ESTABLISHED');
    expect(started.filter((s) => s.callId === 'queued-write').map((s) => s.waiting)).toEqual(['pool']);

    expect((await cancel('holding')).cancelled).toBe(true);
    const woken = await holding;
    expect(woken.cancelled).toMatch(/shutdown\(\d+, SHUT_RDWR\) woke the blocked BIO_connect/);
    // This BIO_connect was made: its socket is a client's, spent.
    expect(woken.socket?.role).toBe('client');

    // The thread is free again. The dropped connect left the queue, so it never runs there: the
    // next blocking connect gets the thread at once, and the dropped one's socket never left CLOSE.
    await call({ call: 'BIO_socket', as: 'probe', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const probe = call({ call: 'BIO_connect', sock: 'probe', addr: `127.0.0.1:${wlPort}` }, 'probe');
    await startedAs('probe', 'connect');
    expect((await probe).ret).toBe(1);
    const queuedNow = await call({ call: 'BIO_sock_error', sock: 'queued' });
    expect(queuedNow.socket?.state).toBe('CLOSE');
  }, 60_000);
});
