// The live view between calls: what the kernel changes by itself reaches the host as a socket
// event, with no call on that socket, so the window shows a peer's close without being asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { SocketSnapshot } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { eventsToWatch } from './socket-monitor';
import { POLLIN, POLLOUT, POLLRDHUP } from './platform/linux';
import { dataText } from '../../shared/data-bytes';

let engine: EngineClient;
const call = (step: Step) => engine.request('call', { step });

/**
 * Resolves with the first socket event for `name` that `match` accepts, or fails after 5 s; with
 * `orCall`, a call's own socket (its record's) may be the one.
 */
function nextSnapshot(name: string, match: (s: SocketSnapshot) => boolean, orCall = false): Promise<SocketSnapshot> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const timer = setTimeout(() => (offs.forEach((off) => off()), reject(new Error(`no matching socket event for ${name} within 5 s`))), 5000);
    const seen = (s: SocketSnapshot) => {
      if (s.name !== name || !match(s)) return;
      clearTimeout(timer);
      offs.forEach((off) => off());
      resolve(s);
    };
    offs.push(engine.on('socket', seen));
    if (orCall) offs.push(engine.onCallSocket(seen));
  });
}

beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

describe('socket events between calls', () => {
  it('shows the peer closing as CLOSE_WAIT, data arriving, and a nonblocking connect completing', async () => {
    await call({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const listen = await call({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' });
    const port = Number(listen.socket!.local!.split(':')[1]);

    await call({ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    // On loopback the connect may complete within the call (its record says so) or after it.
    const established = nextSnapshot('c', (s) => s.state === 'ESTABLISHED', true);
    const connect = await call({ call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] });
    expect(connect.ret === 1 || connect.errno?.name === 'EINPROGRESS').toBe(true);
    // Without a wait or any other call on c, the connect's completion is reported.
    expect((await established).state).toBe('ESTABLISHED');

    const accepted = await call({ call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 5000 });
    expect(accepted.ret).toBeGreaterThanOrEqual(0);

    const arrived = nextSnapshot('a', (s) => (s.tcpInfo?.bytesReceived ?? 0) >= 5);
    await call({ call: 'BIO_write', sock: 'c', data: 'hello' });
    expect((await arrived).tcpInfo!.bytesReceived).toBe(5);

    const closeWait = nextSnapshot('a', (s) => s.state === 'CLOSE_WAIT');
    await call({ call: 'BIO_closesocket', sock: 'c' });
    expect((await closeWait).state).toBe('CLOSE_WAIT');

    // The data is still there to read after the peer left, then end of file.
    expect(dataText((await call({ call: 'BIO_read', sock: 'a', max: 16 })).data)).toBe('hello');
    expect((await call({ call: 'BIO_read', sock: 'a', max: 16 })).ret).toBe(0);
    await call({ call: 'BIO_closesocket', sock: 'a' });
    await call({ call: 'BIO_closesocket', sock: 'l' });
  });
});

describe('eventsToWatch', () => {
  const base: SocketSnapshot = { fd: 3, name: 'x', role: 'client', family: 'AF_INET', type: 'SOCK_STREAM', local: null, peer: null, state: 'ESTABLISHED', soError: 0, applied: {}, requested: {}, tcpInfo: null };
  it('watches connected and listening sockets for data and the peer closing, a connecting one also for completion', () => {
    expect(eventsToWatch(base)).toBe(POLLIN | POLLRDHUP);
    expect(eventsToWatch({ ...base, role: 'listener', state: 'LISTEN' })).toBe(POLLIN | POLLRDHUP);
    expect(eventsToWatch({ ...base, state: 'SYN_SENT' })).toBe(POLLIN | POLLRDHUP | POLLOUT);
  });
  it('leaves alone sockets nothing can reach by itself', () => {
    for (const role of ['new', 'bound', 'closed'] as const) expect(eventsToWatch({ ...base, role, state: 'CLOSE' })).toBe(0);
    expect(eventsToWatch({ ...base, state: 'TIME_WAIT' })).toBe(0);
  });
});
