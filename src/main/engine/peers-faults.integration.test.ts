// Misbehaving peers on real loopback sockets: one that resets, one that never reads, one that
// half-closes. Peers are node `net` sockets; the workbench side is the real engine process.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { within } from '../testing/process-waits';
import { dataText } from '../../shared/data-bytes';

let e: EngineClient;
let seq = 0;
const servers: Server[] = [];
const peers: Socket[] = [];

const call = (step: Step): Promise<CallRecord> => e.request('call', { step });
const nm = (base: string) => `${base}${++seq}`;

/** A node peer listening on loopback; resolves its port and, per connection, the peer socket. */
async function nodePeer(allowHalfOpen = false): Promise<{ port: number; accepted: Promise<Socket> }> {
  let take!: (s: Socket) => void;
  const accepted = new Promise<Socket>((r) => (take = r));
  const server = createServer({ allowHalfOpen }, (s) => {
    peers.push(s);
    take(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, accepted };
}

/** The engine's client socket connected (blocking) to a loopback port. */
async function engineClient(port: number, options: string[] = []): Promise<string> {
  const name = nm('c');
  expect((await call({ call: 'BIO_socket', as: name, domain: 'AF_INET', socktype: 'SOCK_STREAM' })).ret).toBeGreaterThanOrEqual(0);
  const conn = await call({ call: 'BIO_connect', sock: name, addr: `127.0.0.1:${port}`, options, timeoutMs: 5000 });
  if (options.includes('BIO_SOCK_NONBLOCK')) {
    expect(conn.ret === 1 || conn.errno?.name === 'EINPROGRESS').toBe(true);
    expect((await call({ call: 'wait', sock: name, for: 'writable', timeoutMs: 5000 })).ret).toBe(1);
  } else {
    expect(conn.ret).toBe(1);
  }
  return name;
}

/** Collects everything a peer socket receives until it ends (or `ms` pass). */
function collect(s: Socket): { bytes: () => Buffer; ended: Promise<void> } {
  const chunks: Buffer[] = [];
  s.on('data', (d: Buffer) => chunks.push(d));
  const ended = new Promise<void>((r) => s.once('end', () => r()));
  return { bytes: () => Buffer.concat(chunks), ended };
}

beforeAll(async () => {
  e = await startEngine();
});

afterEach(async () => {
  for (const p of peers.splice(0)) p.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  if (e?.alive) await e.request('closeAll', {});
});

afterAll(async () => {
  await e?.stop();
});

describe('a peer that resets', () => {
  it('our client: BIO_read gives -1 with ECONNRESET, then 0; the snapshot shows the connection CLOSE', async () => {
    const peer = await nodePeer();
    const c = await engineClient(peer.port);
    const s = await within(peer.accepted, 5000, 'the peer to accept');
    // SO_LINGER 0 then close: the kernel sends RST instead of FIN.
    s.resetAndDestroy();
    const first = await call({ call: 'BIO_read', sock: c, max: 100, timeoutMs: 5000 });
    expect(first.cancelled).toBeNull();
    expect(first.ret).toBe(-1);
    expect(first.errno?.name).toBe('ECONNRESET');
    expect(first.socket?.state).toBe('CLOSE');
    expect(first.socket?.peer).toBeNull();
    // Like C: the reset is reported once; the next read sees end of file.
    const second = await call({ call: 'BIO_read', sock: c, max: 100, timeoutMs: 5000 });
    expect(second.ret).toBe(0);
    expect(second.errno).toBeNull();
    expect(second.warnings.join(' ')).toMatch(/end of file/);
    expect(second.socket?.state).toBe('CLOSE');
    process.stdout.write(`reset peer (client side): BIO_read ${first.ret} ${first.errno?.name}, then ${second.ret}; state ${second.socket?.state}\n`);
  });

  it('our accepted socket: a client that resets after sending is read to its data, then ECONNRESET', async () => {
    const l = nm('l');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const listen = await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' });
    const port = Number(listen.socket!.local!.split(':').pop());
    const client = createConnection({ host: '127.0.0.1', port });
    peers.push(client);
    await within(new Promise((r) => client.once('connect', r)), 5000, 'the peer to connect');
    const a = nm('a');
    const acc = await call({ call: 'BIO_accept_ex', sock: l, as: a, timeoutMs: 5000 });
    expect(acc.ret).toBeGreaterThanOrEqual(0);
    expect(acc.socket?.state).toBe('ESTABLISHED');
    await new Promise<void>((r) => client.write('hello', () => r()));
    const got = await call({ call: 'BIO_read', sock: a, max: 100, timeoutMs: 5000 });
    expect(got.ret).toBe(5);
    expect(dataText(got.data)).toBe('hello');
    client.resetAndDestroy();
    const reset = await call({ call: 'BIO_read', sock: a, max: 100, timeoutMs: 5000 });
    expect(reset.ret).toBe(-1);
    expect(reset.errno?.name).toBe('ECONNRESET');
    expect(reset.socket?.state).toBe('CLOSE');
    // A write after the reset fails as C's does: EPIPE (the reset was already consumed).
    const write = await call({ call: 'BIO_write', sock: a, data: 'late' });
    expect(write.ret).toBe(-1);
    expect(write.errno?.name).toBe('EPIPE');
    expect(write.result?.unsent).toEqual({ hex: Buffer.from('late').toString('hex') });
  });
});

describe('a peer that never reads', () => {
  it('nonblocking BIO_write fills the buffers to -1 EAGAIN, keeps the unsent bytes, and the peer finally reads exactly what the records say was sent', async () => {
    const peer = await nodePeer();
    const c = await engineClient(peer.port, ['BIO_SOCK_NONBLOCK']);
    const s = await within(peer.accepted, 5000, 'the peer to accept');
    s.pause();
    const received = collect(s);
    const CHUNK = 65_483;
    const MAX_WRITES = 2000;
    const sent: Buffer[] = [];
    let unsent: Buffer | null = null;
    let partial = 0;
    let writes = 0;
    // Bounded: loopback buffers hold a few MB; 2000 writes of 64 KB is well past that.
    for (; writes < MAX_WRITES && unsent === null; writes++) {
      const chunk = Buffer.alloc(CHUNK);
      // Every byte position gets its own value (a running counter), so a lost or repeated slice shows.
      for (let i = 0; i < CHUNK; i++) chunk[i] = (writes * CHUNK + i) % 251;
      const rec = await call({ call: 'BIO_write', sock: c, dataHex: chunk.toString('hex') });
      expect(rec.blocked).toBe(false);
      if (rec.ret === CHUNK) {
        sent.push(chunk);
      } else if (rec.ret !== null && rec.ret > 0) {
        partial++;
        const rest = rec.result!.unsent as { hex: string };
        expect(rec.result!.sent).toBe(rec.ret);
        expect(Buffer.from(rest.hex, 'hex')).toEqual(chunk.subarray(rec.ret));
        sent.push(chunk.subarray(0, rec.ret));
      } else {
        expect(rec.ret).toBe(-1);
        expect(rec.errno?.name).toBe('EAGAIN');
        expect(rec.warnings.join(' ')).toMatch(/should_retry/i);
        expect(rec.result!.sent).toBe(0);
        unsent = Buffer.from((rec.result!.unsent as { hex: string }).hex, 'hex');
        expect(unsent).toEqual(chunk);
        expect(rec.socket?.state).toBe('ESTABLISHED');
        expect(rec.socket?.tcpInfo?.notsentBytes ?? 1).toBeGreaterThan(0);
      }
    }
    expect(unsent).not.toBeNull();
    const sentBytes = sent.reduce((n, b) => n + b.length, 0);
    expect(received.bytes().length).toBe(0);

    // The peer starts reading; once it has all that was sent, the kept bytes are sent again.
    s.resume();
    await within(
      (async () => {
        while (received.bytes().length < sentBytes) await new Promise((r) => setTimeout(r, 10));
      })(),
      20_000,
      `the peer to read ${sentBytes} bytes`,
    );
    expect((await call({ call: 'wait', sock: c, for: 'writable', timeoutMs: 5000 })).ret).toBe(1);
    const resend = await call({ call: 'BIO_write', sock: c, dataHex: unsent!.toString('hex') });
    expect(resend.ret).toBe(unsent!.length);
    sent.push(unsent!);
    expect((await call({ call: 'shutdown', sock: c, how: 'SHUT_WR' })).ret).toBe(0);
    await within(received.ended, 20_000, 'the peer to see the end');
    const expected = Buffer.concat(sent);
    const got = received.bytes();
    expect(got.length).toBe(expected.length);
    expect(got.equals(expected)).toBe(true);
    process.stdout.write(`never-reading peer: ${writes} writes (${partial} partial) before EAGAIN, ${sentBytes} bytes buffered, ${got.length} read by the peer after resending ${unsent!.length}; lost 0\n`);
  }, 60_000);
});

describe('a peer that half-closes', () => {
  it('peer SHUT_WR: we read its data then 0, sit in CLOSE_WAIT, and can still write to it', async () => {
    const peer = await nodePeer(true);
    const c = await engineClient(peer.port);
    const s = await within(peer.accepted, 5000, 'the peer to accept');
    const received = collect(s);
    s.end('bye');
    const data = await call({ call: 'BIO_read', sock: c, max: 100, timeoutMs: 5000 });
    expect(data.ret).toBe(3);
    expect(dataText(data.data)).toBe('bye');
    let eof = await call({ call: 'BIO_read', sock: c, max: 100, timeoutMs: 5000 });
    // The FIN may trail the data by a moment; the blocking read waits for it either way.
    if (eof.ret !== 0) eof = await call({ call: 'BIO_read', sock: c, max: 100, timeoutMs: 5000 });
    expect(eof.ret).toBe(0);
    expect(eof.errno).toBeNull();
    expect(eof.socket?.state).toBe('CLOSE_WAIT');
    const w = await call({ call: 'BIO_write', sock: c, data: 'still here' });
    expect(w.ret).toBe(10);
    expect(w.socket?.state).toBe('CLOSE_WAIT');
    const shut = await call({ call: 'shutdown', sock: c, how: 'SHUT_WR' });
    expect(shut.ret).toBe(0);
    expect(['LAST_ACK', 'CLOSE']).toContain(shut.socket?.state);
    await within(received.ended, 5000, 'the peer to see our end');
    expect(received.bytes().toString()).toBe('still here');
  });

  it('our shutdown SHUT_WR: the node peer sees its data then "end", and can still answer us', async () => {
    const peer = await nodePeer(true);
    const c = await engineClient(peer.port);
    const s = await within(peer.accepted, 5000, 'the peer to accept');
    const received = collect(s);
    expect((await call({ call: 'BIO_write', sock: c, data: 'request' })).ret).toBe(7);
    const shut = await call({ call: 'shutdown', sock: c, how: 'SHUT_WR' });
    expect(shut.ret).toBe(0);
    expect(shut.errno).toBeNull();
    expect(['FIN_WAIT1', 'FIN_WAIT2']).toContain(shut.socket?.state);
    await within(received.ended, 5000, 'the peer to see "end"');
    expect(received.bytes().toString()).toBe('request');
    expect(s.readable).toBe(false);
    expect(s.writable).toBe(true);
    s.end('response');
    const answer = await call({ call: 'BIO_read', sock: c, max: 100, timeoutMs: 5000 });
    expect(answer.ret).toBe(8);
    expect(dataText(answer.data)).toBe('response');
    // Writing after our own SHUT_WR fails with EPIPE, as in C.
    const late = await call({ call: 'BIO_write', sock: c, data: 'x' });
    expect(late.ret).toBe(-1);
    expect(late.errno?.name).toBe('EPIPE');
  });
});
