// A lesson's BIOs, SSL objects and TLS contexts live in its namespace as its sockets do: their
// names become session names, and a step may name only one the lesson made and still holds.
import { describe, expect, it } from 'vitest';
import { LessonSockets } from './lesson-sockets';
import { blankRecord } from './blank-record';
import type { CallRecord } from './record';
import type { Step } from './steps';

function made(step: Step, patch: Partial<CallRecord> = {}): CallRecord {
  return { ...blankRecord(step, 0), ret: 1, ...patch };
}

describe('a lesson\'s BIOs and TLS objects', () => {
  it('maps bio, ssl, ctx and a BIO named in sock to the session\'s names once made', () => {
    const own = new LessonSockets('lesson-p1-');
    const newConnect: Step = { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' };
    expect(own.toSession(newConnect as unknown as Record<string, unknown>)).toEqual({ args: { ...newConnect, as: 'lesson-p1-cb' } });
    own.note(newConnect, made(newConnect));
    expect(own.toSession({ call: 'BIO_do_connect', bio: 'cb' })).toEqual({ args: { call: 'BIO_do_connect', bio: 'lesson-p1-cb' } });
    expect(own.toSession({ call: 'BIO_write', sock: 'cb', data: 'x' })).toEqual({ args: { call: 'BIO_write', sock: 'lesson-p1-cb', data: 'x' } });
    const ctx: Step = { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' };
    own.note(ctx, made(ctx));
    expect(own.toSession({ call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb' })).toEqual({ args: { call: 'SSL_new', as: 'lesson-p1-tls', ctx: 'lesson-p1-ctx', bio: 'lesson-p1-cb' } });
  });

  it('refuses a name the lesson did not make, one whose making failed, and one it freed', () => {
    const own = new LessonSockets('lesson-p2-');
    expect(own.toSession({ call: 'BIO_do_connect', bio: 'cb' })).toEqual({ refused: expect.stringMatching(/^bio "cb" is not an object this lesson made/) });
    const failed: Step = { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' };
    own.note(failed, made(failed, { ret: 0 }));
    expect(own.toSession({ call: 'BIO_do_accept', bio: 'ab' })).toHaveProperty('refused');
    const cb: Step = { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' };
    own.note(cb, made(cb));
    own.note({ call: 'BIO_free', bio: 'cb' }, made({ call: 'BIO_free', bio: 'cb' }));
    expect(own.toSession({ call: 'BIO_get_fd', bio: 'cb' })).toHaveProperty('refused');
  });

  it('forgets the BIO an SSL object owned when SSL_free frees both', () => {
    const own = new LessonSockets('lesson-p3-');
    const cb: Step = { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' };
    own.note(cb, made(cb));
    const tls: Step = { call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb' };
    own.note(tls, made(tls));
    const free: Step = { call: 'SSL_free', ssl: 'tls' };
    own.note(free, made(free, { ret: null, bio: { name: 'lesson-p3-cb', type: 'BIO_s_connect', fd: 5, chain: ['BIO_s_connect'], ownedBy: 'lesson-p3-tls', freed: true } }));
    expect(own.toSession({ call: 'BIO_do_connect', bio: 'cb' })).toHaveProperty('refused');
    expect(own.toSession({ call: 'SSL_connect', ssl: 'tls' })).toHaveProperty('refused');
  });
});
