// The composer's BIO and TLS calls as steps: what Run sends is what the C preview shows, a
// missing BIO, connection or context reads its field's name, and what a call made is the one
// the next call takes.
import { describe, expect, it } from 'vitest';
import { buildStep, compactStep, DEFAULT_FIELDS, fieldsOf, nextSocketName, type ComposerFields } from './composer-model';
import { afterRun, previewNotes, previewParts, switchCall } from './composer-defaults';
import { withMethod } from './composer-bio-tls';
import { cExpression } from '../../../shared/c-expression';
import { Step } from '../../../shared/steps';
import { record, snapshot } from '../test/fake-client';

const fields = (patch: Partial<ComposerFields>): ComposerFields => ({ ...DEFAULT_FIELDS, ...patch });
const step = (patch: Partial<ComposerFields>) => compactStep(buildStep(fields(patch)));

describe('the BIO and TLS calls as steps', () => {
  it('makes valid steps for a connect BIO stepped through by hand', () => {
    const steps = [
      step({ call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:4433' }),
      step({ call: 'BIO_set_conn_mode', bio: 'cb', flags: ['BIO_SOCK_NODELAY', 'BIO_SOCK_NONBLOCK'] }),
      step({ call: 'BIO_set_nbio', bio: 'cb', on: true }),
      step({ call: 'BIO_do_connect', bio: 'cb' }),
      step({ call: 'BIO_do_connect_retry', bio: 'cb', retryTimeout: '3', napMs: '' }),
      step({ call: 'BIO_set_conn_ip_family', bio: 'cb', ipFamily: 'BIO_FAMILY_IPV6' }),
      step({ call: 'BIO_set_conn_hostname', bio: 'cb', bioName: 'localhost' }),
      step({ call: 'BIO_set_conn_port', bio: 'cb', port: '4433' }),
      step({ call: 'BIO_set_conn_address', bio: 'cb', addr: 'localhost:4433', addrIndex: 1 }),
    ];
    expect(steps.map((s) => cExpression(s))).toEqual([
      'cb = BIO_new_connect("127.0.0.1:4433")',
      'BIO_set_conn_mode(cb, BIO_SOCK_NONBLOCK | BIO_SOCK_NODELAY)',
      'BIO_set_nbio(cb, 1)',
      'BIO_do_connect(cb)',
      'BIO_do_connect_retry(cb, 3, 0)',
      'BIO_set_conn_ip_family(cb, BIO_FAMILY_IPV6)',
      'BIO_set_conn_hostname(cb, "localhost")',
      'BIO_set_conn_port(cb, "4433")',
      'BIO_set_conn_address(cb, addr)',
    ]);
    expect(steps[8]).toEqual({ call: 'BIO_set_conn_address', bio: 'cb', addr: 'localhost:4433', addrIndex: 1 });
    for (const s of steps) expect(Step.safeParse(s).success, JSON.stringify(s)).toBe(true);
  });

  it('makes an accept BIO\'s steps, with its bind mode and nonblocking accept', () => {
    expect(step({ call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' })).toEqual({ call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' });
    expect(step({ call: 'BIO_set_bind_mode', bio: 'ab', bindMode: 'BIO_BIND_REUSEADDR_IF_UNUSED' })).toEqual({ call: 'BIO_set_bind_mode', bio: 'ab', mode: 'BIO_BIND_REUSEADDR_IF_UNUSED' });
    expect(step({ call: 'BIO_set_nbio_accept', bio: 'ab', on: false })).toEqual({ call: 'BIO_set_nbio_accept', bio: 'ab', on: false });
    expect(step({ call: 'BIO_do_accept', bio: 'ab', timeoutMs: '500' })).toEqual({ call: 'BIO_do_accept', bio: 'ab', timeoutMs: 500 });
    expect(step({ call: 'BIO_pop', bio: 'ab', as: 'conn' })).toEqual({ call: 'BIO_pop', bio: 'ab', as: 'conn' });
  });

  it('makes a context with only what was set, and SSL_new over a socket or a BIO', () => {
    expect(step({ call: 'SSL_CTX_new', as: 'ctx', verify: 'SSL_VERIFY_PEER', caFile: ' demo ', maxVersion: 'TLS1_2_VERSION', alpn: 'h2, http/1.1,' })).toEqual({
      call: 'SSL_CTX_new',
      as: 'ctx',
      method: 'TLS_client_method',
      verify: 'SSL_VERIFY_PEER',
      caFile: 'demo',
      maxVersion: 'TLS1_2_VERSION',
      alpn: ['h2', 'http/1.1'],
    });
    expect(step({ call: 'SSL_CTX_new', as: 'ctx', verify: '', caFile: '' })).toEqual({ call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' });
    expect(step({ call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: '7', host: 'localhost' })).toEqual({ call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: 7, host: 'localhost' });
    expect(step({ call: 'SSL_new', as: 'tls', ctx: 'ctx', over: 'bio', bio: 'cb', sock: 'c', host: ' ' })).toEqual({ call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb' });
    expect(fieldsOf('SSL_new', 'bio').has('sock')).toBe(false);
    expect(fieldsOf('SSL_new', 'sock')).toEqual(new Set(['as', 'ctx', 'over', 'sock', 'host']));
    expect(step({ call: 'SSL_write', ssl: 'tls', data: 'hi' })).toEqual({ call: 'SSL_write', ssl: 'tls', data: 'hi' });
    expect(step({ call: 'SSL_read', ssl: 'tls', max: '100' })).toEqual({ call: 'SSL_read', ssl: 'tls', max: 100 });
    expect(step({ call: 'SSL_CTX_free', ctx: 'ctx' })).toEqual({ call: 'SSL_CTX_free', ctx: 'ctx' });
  });

  it('takes the name of a BIO, connection or context without the spaces around it, and a file of blanks as none', () => {
    expect(step({ call: 'BIO_do_connect', bio: ' cb ' })).toEqual({ call: 'BIO_do_connect', bio: 'cb' });
    expect(step({ call: 'SSL_connect', ssl: ' tls ' })).toEqual({ call: 'SSL_connect', ssl: 'tls' });
    expect(step({ call: 'SSL_CTX_free', ctx: ' ctx ' })).toEqual({ call: 'SSL_CTX_free', ctx: 'ctx' });
    expect(step({ call: 'SSL_new', as: 'tls', ctx: ' ctx ', over: 'bio', bio: ' cb ' })).toEqual({ call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb', host: 'localhost' });
    // A nap or timeout left blank is not sent (the engine's default), not sent as 0.
    expect(step({ call: 'BIO_do_connect_retry', bio: 'cb', retryTimeout: '3', napMs: '' })).toEqual({ call: 'BIO_do_connect_retry', bio: 'cb', timeout: 3 });
    expect(step({ call: 'BIO_do_connect_retry', bio: 'cb', retryTimeout: '3', napMs: '  ' })).toEqual({ call: 'BIO_do_connect_retry', bio: 'cb', timeout: 3 });
    expect(step({ call: 'BIO_do_connect_retry', bio: 'cb', retryTimeout: '3', napMs: ' 50 ' })).toEqual({ call: 'BIO_do_connect_retry', bio: 'cb', timeout: 3, napMs: 50 });
    expect(step({ call: 'BIO_do_accept', bio: 'ab', timeoutMs: '' })).toEqual({ call: 'BIO_do_accept', bio: 'ab' });
    expect(step({ call: 'SSL_CTX_new', as: 'ctx', verify: '', caFile: '  ', certFile: '', keyFile: ' k.pem ' })).toEqual({ call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method', keyFile: 'k.pem' });
  });

  it('fills a server context\'s certificate and key with the demo pair when none is typed, and drops verify for it', () => {
    expect(withMethod({ certFile: '', keyFile: ' ' }, 'TLS_server_method')).toEqual({ method: 'TLS_server_method', verify: '', certFile: 'demo', keyFile: 'demo' });
    expect(withMethod({ certFile: '  ', keyFile: '' }, 'TLS_server_method')).toMatchObject({ certFile: 'demo', keyFile: 'demo' });
    expect(withMethod({ certFile: '/x.pem', keyFile: '/k.pem' }, 'TLS_server_method')).toMatchObject({ certFile: '/x.pem', keyFile: '/k.pem' });
    expect(withMethod({ certFile: '', keyFile: '' }, 'TLS_client_method')).toEqual({ method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER' });
  });
});

describe('what the composer fills in for them', () => {
  it('names a missing BIO, connection or context in the preview and its notes', () => {
    const parts = previewParts(fields({ call: 'SSL_new', as: 'tls', over: 'bio' }));
    expect(parts.map((p) => p.text).join('')).toBe('tls = SSL_new(ctx); SSL_set_bio(tls, bio, bio); SSL_set_tlsext_host_name(tls, "localhost"); SSL_set1_host(tls, "localhost")');
    expect(parts.filter((p) => p.placeholder).map((p) => p.text)).toEqual(['ctx', 'bio', 'bio']);
    expect(previewNotes(fields({ call: 'SSL_connect' }))).toEqual(['ssl: name a TLS connection (made by SSL_new) first.']);
  });

  it('starts BIO_new_connect at the newest listener and BIO_new_accept at a port the kernel picks', () => {
    const sockets = [snapshot({ name: 'l', fd: 5, role: 'listener', local: '0.0.0.0:4433' })];
    expect(switchCall(fields({}), 'BIO_new_connect', sockets).addr).toBe('127.0.0.1:4433');
    expect(switchCall(fields({}), 'BIO_new_accept', sockets).addr).toBe('127.0.0.1:0');
    // BIO_set_conn_mode keeps the flags BIO_connect honours.
    expect(switchCall(fields({ call: 'BIO_listen', flags: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NODELAY'] }), 'BIO_set_conn_mode', sockets).flags).toEqual(['BIO_SOCK_NODELAY']);
  });

  it('takes what a call made as the next call\'s BIO, connection or context, and names it freely', () => {
    expect(afterRun(record({ call: 'BIO_new_connect', args: { call: 'BIO_new_connect', as: 'cb1' }, ret: 1 }))).toEqual({ bio: 'cb1' });
    expect(afterRun(record({ call: 'SSL_CTX_new', args: { call: 'SSL_CTX_new', as: 'ctx1' }, ret: 1 }))).toEqual({ ctx: 'ctx1' });
    expect(afterRun(record({ call: 'SSL_new', args: { call: 'SSL_new', as: 'tls1' }, ret: 0 }))).toEqual({});
    expect(afterRun(record({ call: 'SSL_new', args: { call: 'SSL_new', as: 'tls1' }, ret: 1 }))).toEqual({ ssl: 'tls1' });
    expect(afterRun(record({ call: 'BIO_new_accept', args: { call: 'BIO_new_accept', as: 'ab1' }, ret: 1 }))).toEqual({ bio: 'ab1' });
    expect(afterRun(record({ call: 'BIO_pop', args: { call: 'BIO_pop', as: 'pb1' }, ret: 1 }))).toEqual({ bio: 'pb1' });
    expect(nextSocketName('BIO_new_connect', [snapshot({ name: 'cb1' })], ['cb2'])).toBe('cb3');
    expect(nextSocketName('SSL_CTX_new', [], [])).toBe('ctx1');
  });
});
