// What the engine's integration tests share: steps against one engine client (with a fresh
// socket name per use, so tests never collide on the engine's name table), and bounded waits.
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startEngine, type EngineClient } from '../engine-host';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';

/** One engine for a test file: started before its tests, its sockets closed after each, stopped at the end. */
export function engineForFile(): () => EngineClient {
  let e: EngineClient | undefined;
  beforeAll(async () => {
    e = await startEngine();
  });
  afterEach(async () => {
    if (e?.alive) await e.request('closeAll', {});
  });
  afterAll(async () => {
    await e?.stop();
  });
  return () => e!;
}

export function portOf(rec: CallRecord): number {
  const m = rec.socket?.local?.match(/:(\d+)$/);
  if (!m) throw new Error(`no bound port in ${JSON.stringify(rec.socket?.local)}`);
  return Number(m[1]);
}

/** Resolves with what `p` gave, or with 'pending' if it has not settled within `ms`. */
export function settledWithin<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);
}

/** True once `client` announces a callStarted that `match` accepts; false after `ms`. */
export function waitForEvent(client: EngineClient, match: (s: { callId: string; waiting: string | null }) => boolean, ms = 20_000): Promise<boolean> {
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

/** The engine's socket fds (files the module loader opens come and go, so they are not counted). */
export function socketInode(pid: number, fd: number): string | null {
  try {
    const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
    return link.startsWith('socket:') ? link : null;
  } catch {
    return null;
  }
}

export function socketFdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => socketInode(pid, Number(fd)) !== null).length;
}

/** Steps made through whichever client `client()` gives when they run. */
export function engineSteps(client: () => EngineClient) {
  let seq = 0;
  const call = (step: Step, callId?: string): Promise<CallRecord> => client().request('call', { step, callId });
  const nm = (base: string) => `${base}${++seq}`;

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

  return { call, nm, tcpListener, tcpClient, refusingPort };
}
