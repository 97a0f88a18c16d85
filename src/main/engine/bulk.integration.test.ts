// BIO_write and BIO_read loops ("bytes", "until": "eof", "file") against real peers on loopback:
// socat receiving or sending, and node peers that read nothing until told. What the record says
// went (count and SHA-256) must be what the peer got, cancelled or not.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineForFile, engineSteps, portOf } from '../testing/engine-steps';
import { within } from '../testing/process-waits';
import type { BulkProgress, CallRecord } from '../../shared/record';
import { dataText } from '../../shared/data-bytes';
import { runScenario } from '../../shared/scenario-runner';
import { STALL_AFTER_MS } from './calls/bulk';
import { Scenario } from '../../shared/steps';

const engine = engineForFile();
const { call, nm, tcpListener, tcpClient } = engineSteps(engine);
const hasSocat = spawnSync('socat', ['-V']).status === 0;
if (!hasSocat) console.warn('socat is not installed: the bulk loop tests against socat are skipped (apt-get install socat)');
const dir = mkdtempSync(join(tmpdir(), 'bulk-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** `pattern` repeated to `n` bytes: what a write loop with that pattern must send. */
function repeated(pattern: Buffer, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let at = 0; at < n; at += pattern.length) pattern.copy(out, at, 0, Math.min(pattern.length, n - at));
  return out;
}

/** socat run to completion: what it printed on stdout, counted and hashed as it came. */
function socat(args: string[]): { done: Promise<{ bytes: number; sha256: string; code: number | null }> } {
  const p = spawn('socat', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const hash = createHash('sha256');
  let bytes = 0;
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => {
    bytes += d.length;
    hash.update(d);
  });
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ bytes: number; sha256: string; code: number | null }>((resolve, reject) => {
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve({ bytes, sha256: hash.digest('hex'), code }) : reject(new Error(`socat exited ${code}: ${stderr}`))));
  });
  return { done };
}

/** A listener in the engine and its accepted socket, with `connect` making the peer. */
async function accepted(connect: (port: number) => void): Promise<string> {
  const l = nm('l');
  const a = nm('a');
  await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const port = portOf(await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' }));
  connect(port);
  expect((await call({ call: 'BIO_accept_ex', sock: l, as: a, timeoutMs: 10_000 })).ret).toBeGreaterThanOrEqual(0);
  await call({ call: 'BIO_closesocket', sock: l });
  return a;
}

/** A node peer that reads nothing until resumed, counting and hashing what it gets. */
async function pausedPeer() {
  const hash = createHash('sha256');
  let received = 0;
  let conn!: (s: Socket) => void;
  let ended!: () => void;
  const socket = new Promise<Socket>((r) => (conn = r));
  const closed = new Promise<void>((r) => (ended = r));
  const server = createServer((s) => {
    s.pause();
    s.on('data', (d) => {
      received += d.length;
      hash.update(d);
    });
    s.on('end', () => ended());
    s.on('error', () => ended());
    conn(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, socket, closed, received: () => received, sha256: () => hash.digest('hex'), close: () => server.close() };
}

/** The first progress event of `callId` that `until` accepts. */
function progressUntil(callId: string, until: (p: BulkProgress) => boolean): Promise<BulkProgress> {
  return new Promise((resolve) => {
    const off = engine().on('callProgress', (p) => {
      if (p.callId === callId && until(p)) (off(), resolve(p));
    });
  });
}

describe.skipIf(!hasSocat)('bulk loops against socat', () => {
  it('a write loop sends exactly bytes of its pattern, in chunks, and its count and SHA-256 are what socat received', async () => {
    const pattern = Buffer.from('0123456789abcdefghi'); // 19 bytes: chunks never start at the pattern's start
    const total = 8 * 2 ** 20 + 12_345;
    let got!: ReturnType<typeof socat>;
    const a = await accepted((port) => (got = socat(['-u', `TCP:127.0.0.1:${port}`, 'STDOUT'])));
    const rec = await call({ call: 'BIO_write', sock: a, data: pattern.toString(), bytes: total });
    await call({ call: 'BIO_closesocket', sock: a });
    const peer = await within(got.done, 20_000, 'socat to finish');
    const expected = repeated(pattern, total);
    expect(rec.bulk).toMatchObject({ direction: 'write', bytes: total, requested: total, chunk: 65_483, sha256: sha256(expected), eof: false });
    expect(peer).toMatchObject({ bytes: total, sha256: rec.bulk!.sha256 });
    expect(rec.bulk!.calls).toBeGreaterThanOrEqual(Math.ceil(total / 65_483));
    expect(rec.bulk!.first).toBe(expected.subarray(0, 64).toString('hex'));
    expect(rec.bulk!.last).toBe(expected.subarray(total - 64).toString('hex'));
    expect(rec.ret).toBeGreaterThan(0);
    expect(rec.errno).toBeNull();
    expect(rec.cancelled).toBeNull();
    expect(rec.data).toBeNull();
  });

  it('a write loop sends a file (repeated up to bytes) with its own chunk size', async () => {
    const content = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 7) & 0xff));
    const file = join(dir, 'source.bin');
    writeFileSync(file, content);
    let got!: ReturnType<typeof socat>;
    const a = await accepted((port) => (got = socat(['-u', `TCP:127.0.0.1:${port}`, 'STDOUT'])));
    const once = await call({ call: 'BIO_write', sock: a, file, chunk: 4096 });
    const twice = await call({ call: 'BIO_write', sock: a, file, bytes: 250_000, chunk: 1_048_576 });
    await call({ call: 'BIO_closesocket', sock: a });
    const peer = await within(got.done, 20_000, 'socat to finish');
    expect(once.bulk).toMatchObject({ bytes: content.length, requested: content.length, sha256: sha256(content), chunk: 4096 });
    expect(once.bulk!.calls).toBeGreaterThanOrEqual(Math.ceil(content.length / 4096));
    expect(twice.bulk).toMatchObject({ bytes: 250_000, sha256: sha256(repeated(content, 250_000)) });
    expect(peer).toMatchObject({ bytes: content.length + 250_000, sha256: sha256(Buffer.concat([content, repeated(content, 250_000)])) });
  });

  it('a read loop until eof gets what a socat sender sent from a file, and one with bytes stops there', async () => {
    const content = Buffer.from(Array.from({ length: 3 * 2 ** 20 + 17 }, (_, i) => (i * 31 + (i >> 9)) & 0xff));
    const file = join(dir, 'sent.bin');
    writeFileSync(file, content);
    let sent!: ReturnType<typeof socat>;
    const a = await accepted((port) => (sent = socat(['-u', `OPEN:${file}`, `TCP:127.0.0.1:${port}`])));
    const first = await call({ call: 'BIO_read', sock: a, bytes: 1000, timeoutMs: 10_000 });
    const rest = await call({ call: 'BIO_read', sock: a, until: 'eof', chunk: 10_000, timeoutMs: 10_000 });
    await within(sent.done, 20_000, 'socat to finish');
    expect(first.bulk).toMatchObject({ direction: 'read', bytes: 1000, requested: 1000, sha256: sha256(content.subarray(0, 1000)), eof: false });
    expect(rest.bulk).toMatchObject({ direction: 'read', bytes: content.length - 1000, requested: null, sha256: sha256(content.subarray(1000)), eof: true });
    expect(rest.bulk!.last).toBe(content.subarray(content.length - 64).toString('hex'));
    expect(rest.ret).toBe(0);
    expect(rest.warnings.join()).not.toMatch(/ended after/);
  });

  it('a cancelled write loop says exactly how many bytes went, and the peer got exactly those', async () => {
    let got!: ReturnType<typeof socat>;
    const a = await accepted((port) => (got = socat(['-u', `TCP:127.0.0.1:${port}`, 'STDOUT'])));
    const moving = progressUntil('bulk-cancel-1', (p) => p.bytes >= 4 * 2 ** 20);
    const write = call({ call: 'BIO_write', sock: a, dataHex: 'deadbeef', bytes: 2 ** 40 }, 'bulk-cancel-1');
    await within(moving, 20_000, 'progress past 4 MiB');
    expect(await engine().request('cancel', { callId: 'bulk-cancel-1' })).toMatchObject({ cancelled: true });
    const rec = await write;
    await call({ call: 'BIO_closesocket', sock: a });
    const peer = await within(got.done, 20_000, 'socat to finish');
    expect(rec.cancelled).toMatch(/stopped between calls after \d+ byte\(s\)/);
    expect(rec.bulk!.bytes).toBeGreaterThanOrEqual(4 * 2 ** 20);
    expect(rec.bulk!.bytes).toBeLessThan(2 ** 40);
    expect(peer).toEqual({ bytes: rec.bulk!.bytes, sha256: rec.bulk!.sha256, code: 0 });
  });
});

describe('bulk loops against a peer that does not read', () => {
  it('a cancel reaches a loop waiting for room; the bytes it reports are the ones the peer gets, and the socket stays usable', async () => {
    const peer = await pausedPeer();
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${peer.port}`, options: ['BIO_SOCK_NONBLOCK'] });
    await call({ call: 'wait', sock: c, for: 'writable', timeoutMs: 5000 });
    const moving = progressUntil('bulk-cancel-2', (p) => p.bytes > 0);
    const write = call({ call: 'BIO_write', sock: c, data: 'z', bytes: 2 ** 40, chunk: 1_048_576 }, 'bulk-cancel-2');
    await within(moving, 20_000, 'the first progress event');
    // Meanwhile the engine answers a ping-pong on another pair of sockets.
    await pingPong();
    expect(await engine().request('cancel', { callId: 'bulk-cancel-2' })).toMatchObject({ cancelled: true });
    const rec: CallRecord = await write;
    expect(rec.cancelled).toMatch(/stopped between calls/);
    expect(rec.socket?.state).toBe('ESTABLISHED');
    (await peer.socket).resume();
    await call({ call: 'BIO_closesocket', sock: c });
    await within(peer.closed, 20_000, 'the peer to see the close');
    expect(peer.received()).toBe(rec.bulk!.bytes);
    expect(peer.sha256()).toBe(rec.bulk!.sha256);
    expect(rec.bulk!.sha256).toBe(sha256(Buffer.alloc(rec.bulk!.bytes, 'z')));
    peer.close();
  });

  it('a write loop whose peer stops reading says it has stalled, with the bytes that went; moving again ends the stall', async () => {
    const peer = await pausedPeer();
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${peer.port}` })).ret).toBe(1);
    const stalled = progressUntil('bulk-stall-1', (p) => p.stalledMs !== undefined);
    const write = call({ call: 'BIO_write', sock: c, data: 's', bytes: 64 * 2 ** 20, chunk: 65_536 }, 'bulk-stall-1');
    const first = await within(stalled, 20_000, 'a stalled progress event');
    expect(first).toMatchObject({ direction: 'write', requested: 64 * 2 ** 20 });
    expect(first.stalledMs).toBeGreaterThanOrEqual(STALL_AFTER_MS);
    expect(first.bytes).toBeGreaterThan(0);
    expect(first.bytes).toBeLessThan(64 * 2 ** 20);
    // The peer reads again: the next event that moved bytes carries no stall.
    const moving = progressUntil('bulk-stall-1', (p) => p.bytes > first.bytes);
    (await peer.socket).resume();
    expect((await within(moving, 20_000, 'progress after the peer resumed')).stalledMs).toBeUndefined();
    const rec = await write;
    expect(rec.bulk!.bytes).toBe(64 * 2 ** 20);
    await call({ call: 'BIO_closesocket', sock: c });
    await within(peer.closed, 20_000, 'the peer to see the close');
    peer.close();
  });

  it('a cancel of a loop on a blocking socket whose peer does not read: the bytes it reports are the ones the peer gets', async () => {
    const peer = await pausedPeer();
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${peer.port}` })).ret).toBe(1);
    // 1 MiB writes on a blocking socket: the loop polls before each, so a cancel finds it in poll;
    // a write that still blocked in the kernel would be woken by shutdown after a grace period.
    const moving = progressUntil('bulk-cancel-3', (p) => p.bytes > 0);
    const write = call({ call: 'BIO_write', sock: c, data: 'q', bytes: 2 ** 40, chunk: 1_048_576 }, 'bulk-cancel-3');
    await within(moving, 20_000, 'the first progress event');
    expect(await engine().request('cancel', { callId: 'bulk-cancel-3' })).toMatchObject({ cancelled: true });
    const rec = await write;
    expect(rec.cancelled).toMatch(/shutdown\(\d+, SHUT_RDWR\) woke it; the loop stopped after \d+ byte\(s\)|stopped between calls/);
    (await peer.socket).resume();
    await call({ call: 'BIO_closesocket', sock: c });
    await within(peer.closed, 20_000, 'the peer to see the close');
    expect(peer.received()).toBe(rec.bulk!.bytes);
    expect(peer.sha256()).toBe(rec.bulk!.sha256);
    peer.close();
  });
});

describe('what a loop\'s calls met', () => {
  it('a read loop on a nonblocking socket counts the EAGAIN before data came and the read that got less than it asked', async () => {
    const peer = await pausedPeer();
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${peer.port}`, options: ['BIO_SOCK_NONBLOCK'] });
    expect((await call({ call: 'wait', sock: c, for: 'writable', timeoutMs: 5000 })).ret).toBe(1);
    const sender = await peer.socket;
    // A call made that moved nothing: the loop only goes on after one returned -1 with EAGAIN.
    const waiting = progressUntil('bulk-counts', (p) => p.calls >= 1 && p.bytes === 0);
    const read = call({ call: 'BIO_read', sock: c, bytes: 200, chunk: 1024 }, 'bulk-counts');
    await within(waiting, 20_000, 'a progress event after a call that read nothing');
    // Half of what the loop wants: its next read asks 200 and gets 100.
    const half = progressUntil('bulk-counts', (p) => p.bytes === 100);
    sender.write(Buffer.alloc(100, 'h'));
    await within(half, 20_000, 'the first 100 bytes read');
    sender.write(Buffer.alloc(100, 'i'));
    const rec = await read;
    expect(rec.bulk).toMatchObject({ bytes: 200, partial: 1 });
    expect(rec.bulk!.eagain).toBeGreaterThanOrEqual(1);
    // Every call either moved bytes or met EAGAIN: two that moved, the rest that waited.
    expect(rec.bulk!.calls).toBe(2 + rec.bulk!.eagain);
    await call({ call: 'BIO_closesocket', sock: c });
    peer.close();
  });
});

describe('bulk loops in a scenario', () => {
  it('a background read until eof, a file and a pattern sent, awaited with bytes and sha256 expectations; a cancel step stops a loop', async () => {
    const content = Buffer.from(Array.from({ length: 70_001 }, (_, i) => (i * 13) & 0xff));
    const file = join(dir, 'scenario.bin');
    writeFileSync(file, content);
    const pattern = repeated(Buffer.from('hello'), 1_000_000);
    const all = Buffer.concat([content, pattern]);
    const scenario = Scenario.parse({
      steps: [
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
        { call: 'BIO_read', sock: 'a', until: 'eof', background: true },
        { call: 'BIO_write', sock: 'c', file, expect: { bytes: content.length, sha256: sha256(content).toUpperCase() } },
        { call: 'BIO_write', sock: 'c', data: 'hello', bytes: 1_000_000, chunk: 4096, expect: { bytes: 1_000_000, sha256: sha256(pattern) } },
        { call: 'shutdown', sock: 'c', how: 'SHUT_WR' },
        { call: 'await', step: 5, expect: { bytes: all.length, sha256: sha256(all), ret: 0 } },
        // A loop the peer never reads to the end of: cancelled by a step.
        { call: 'BIO_write', sock: 'a', data: 'x', bytes: 2 ** 40, background: true },
        { call: 'cancel', step: 10, expect: { cancelled: true } },
      ],
    });
    const result = await runScenario(engine(), scenario, { tmpDir: dir });
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.steps[11].bulk?.bytes).toBeGreaterThanOrEqual(0);
    expect(result.steps[11].bulk?.bytes).toBeLessThan(2 ** 40);
  });
});

describe('a bulk loop with timeoutMs', () => {
  it('stops when the socket is not ready within it, says so, and reports what went', async () => {
    const peer = await pausedPeer();
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${peer.port}` })).ret).toBe(1);
    // The peer sends nothing: the loop's first poll waits timeoutMs, then the loop stops.
    const rec = await within(call({ call: 'BIO_read', sock: c, until: 'eof', timeoutMs: 200 }), 20_000, 'the loop to stop at its timeout');
    expect(rec.cancelled).toMatch(/^timeout: the socket was not ready within 200 ms; the loop stopped after 0 byte\(s\) in 0 BIO_read call\(s\)$/);
    expect(rec.bulk).toMatchObject({ bytes: 0, calls: 0 });
    await call({ call: 'BIO_closesocket', sock: c });
    peer.close();
  });
});

/** A write and a read each way on a fresh pair of engine sockets. */
async function pingPong(): Promise<void> {
  const l = await tcpListener();
  const c = await tcpClient();
  const a = nm('a');
  expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${l.port}` })).ret).toBe(1);
  expect((await call({ call: 'BIO_accept_ex', sock: l.name, as: a, timeoutMs: 5000 })).ret).toBeGreaterThanOrEqual(0);
  expect((await call({ call: 'BIO_write', sock: c, data: 'ping' })).ret).toBe(4);
  expect(dataText((await call({ call: 'BIO_read', sock: a, max: 16, timeoutMs: 5000 })).data)).toBe('ping');
  expect((await call({ call: 'BIO_write', sock: a, data: 'pong' })).ret).toBe(4);
  expect(dataText((await call({ call: 'BIO_read', sock: c, max: 16, timeoutMs: 5000 })).data)).toBe('pong');
  for (const s of [a, c, l.name]) await call({ call: 'BIO_closesocket', sock: s });
}
