// Proof that an engine still works after a storm: a real listener, a nonblocking client (no pool
// thread, whose own fds would blur an fd count), accept, a write and a read, all on loopback.
import { expect } from 'vitest';
import type { CallRecord } from '../../shared/record';
import { dataText } from '../../shared/data-bytes';

export type StepCall = (step: Record<string, unknown>) => Promise<CallRecord>;

export async function realExchange(call: StepCall, tag: string): Promise<{ port: number; read: string }> {
  expect((await call({ call: 'BIO_socket', as: `l${tag}`, domain: 'AF_INET', socktype: 'SOCK_STREAM' })).ret).toBeGreaterThanOrEqual(0);
  const listened = await call({ call: 'BIO_listen', sock: `l${tag}`, addr: '127.0.0.1:0', options: ['BIO_SOCK_REUSEADDR'] });
  expect(listened.ret).toBe(1);
  const port = Number(/:(\d+)$/.exec(listened.socket!.local!)![1]);
  await call({ call: 'BIO_socket', as: `c${tag}`, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const conn = await call({ call: 'BIO_connect', sock: `c${tag}`, addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NONBLOCK'] });
  expect(conn.ret === 1 || conn.errno?.name === 'EINPROGRESS', JSON.stringify(conn.errno)).toBe(true);
  const acc = await call({ call: 'BIO_accept_ex', sock: `l${tag}`, as: `a${tag}`, timeoutMs: 5000 });
  expect(acc.ret).toBeGreaterThanOrEqual(0);
  expect(acc.socket?.state).toBe('ESTABLISHED');
  expect((await call({ call: 'wait', sock: `c${tag}`, for: 'writable', timeoutMs: 5000 })).ret).toBe(1);
  expect((await call({ call: 'BIO_write', sock: `c${tag}`, data: 'ping' })).ret).toBe(4);
  const read = await call({ call: 'BIO_read', sock: `a${tag}`, max: 16, timeoutMs: 5000 });
  return { port, read: dataText(read.data) ?? '' };
}
