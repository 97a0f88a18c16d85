import { describe, expect, it } from 'vitest';
import { progressOf } from './progress';

describe('progressOf', () => {
  it('reads a nonblocking connect that started, and a nonblocking call with nothing ready, as progress', () => {
    expect(progressOf({ call: 'BIO_connect', ret: 0, errno: 'EINPROGRESS', errorQueueLength: 0 })).toBe('connect-in-progress');
    // Asked again while the handshake is still under way (a listener whose backlog holds the SYN).
    expect(progressOf({ call: 'BIO_connect', ret: 0, errno: 'EALREADY', errorQueueLength: 0 })).toBe('connect-still-in-progress');
    expect(progressOf({ call: 'BIO_connect', ret: 0, errno: 'EALREADY', errorQueueLength: 1 })).toBeNull();
    expect(progressOf({ call: 'BIO_connect', ret: -1, errno: 'EALREADY', errorQueueLength: 0 })).toBeNull();
    expect(progressOf({ call: 'BIO_listen', ret: 0, errno: 'EALREADY', errorQueueLength: 0 })).toBeNull();
    expect(progressOf({ call: 'BIO_accept_ex', ret: -1, errno: 'EAGAIN', errorQueueLength: 0 })).toBe('would-block');
    expect(progressOf({ call: 'BIO_read', ret: -1, errno: 'EAGAIN', errorQueueLength: 0 })).toBe('would-block');
  });

  it('leaves real failures as failures: a refused connect, an error on the queue, EAGAIN where it means something else', () => {
    expect(progressOf({ call: 'BIO_connect', ret: 0, errno: 'ECONNREFUSED', errorQueueLength: 2 })).toBeNull();
    expect(progressOf({ call: 'BIO_connect', ret: 0, errno: 'EINPROGRESS', errorQueueLength: 1 })).toBeNull();
    expect(progressOf({ call: 'BIO_socket', ret: -1, errno: 'EAGAIN', errorQueueLength: 0 })).toBeNull();
  });

  it('reads each nonblocking call that can find nothing ready, with EAGAIN or EWOULDBLOCK, and nothing else', () => {
    for (const call of ['BIO_accept_ex', 'BIO_accept', 'BIO_read', 'BIO_write']) {
      expect(progressOf({ call, ret: -1, errno: 'EWOULDBLOCK', errorQueueLength: 0 })).toBe('would-block');
    }
    expect(progressOf({ call: 'BIO_write', ret: -1, errno: 'EAGAIN', errorQueueLength: 1 })).toBeNull();
    expect(progressOf({ call: 'BIO_write', ret: 0, errno: 'EAGAIN', errorQueueLength: 0 })).toBeNull();
    expect(progressOf({ call: 'BIO_write', ret: -1, errno: 'EPIPE', errorQueueLength: 0 })).toBeNull();
    expect(progressOf({ call: 'BIO_connect', ret: -1, errno: 'EINPROGRESS', errorQueueLength: 0 })).toBeNull();
    expect(progressOf({ call: 'BIO_connect', ret: -1, errno: 'EAGAIN', errorQueueLength: 0 })).toBeNull();
    expect(progressOf({ call: 'BIO_listen', ret: 0, errno: 'EINPROGRESS', errorQueueLength: 0 })).toBeNull();
  });
});
