// The composer's own choices: the newest socket after BIO_socket, the last listener's address for
// BIO_connect, no flag the new call ignores, and a preview with no empty argument.
import { describe, expect, it } from 'vitest';
import { afterRun, BIND_ADDRESS, lastListenerAddress, previewNotes, previewParts, reachable, switchCall } from './composer-defaults';
import { DEFAULT_FIELDS, type ComposerFields } from './composer-model';
import { record, snapshot } from '../test/fake-client';

const fields = (patch: Partial<ComposerFields>): ComposerFields => ({ ...DEFAULT_FIELDS, ...patch });

describe('switchCall', () => {
  const listener = snapshot({ fd: 20, name: 'srv', role: 'listener', local: '0.0.0.0:4433', state: 'LISTEN' });
  const fresh = snapshot({ fd: 21, name: 's1', role: 'new', local: null, state: 'CLOSE' });

  it('starts BIO_connect at the newest listener, reached on loopback, never at port 0', () => {
    expect(switchCall(fields({}), 'BIO_connect', [listener, fresh]).addr).toBe('127.0.0.1:4433');
    expect(switchCall(fields({ addr: '127.0.0.1:0' }), 'BIO_connect', [listener]).addr).toBe('127.0.0.1:4433');
    expect(switchCall(fields({ addr: '127.0.0.1:0' }), 'BIO_connect', [fresh]).addr).toBe('');
    // An address typed by hand stays.
    expect(switchCall(fields({ addr: 'example.org:443' }), 'BIO_connect', [listener]).addr).toBe('example.org:443');
  });

  it('starts bind and listen at 127.0.0.1:0 when no address is typed', () => {
    expect(switchCall(fields({}), 'BIO_listen', []).addr).toBe(BIND_ADDRESS);
    expect(switchCall(fields({ addr: '[::1]:0' }), 'BIO_bind', []).addr).toBe('[::1]:0');
  });

  it('picks the newest socket when the one named is gone, and keeps one that exists', () => {
    expect(switchCall(fields({ sock: 'old' }), 'BIO_connect', [listener, fresh]).sock).toBe('s1');
    expect(switchCall(fields({ sock: 'srv' }), 'BIO_accept_ex', [listener, fresh]).sock).toBe('srv');
    expect(switchCall(fields({ sock: '' }), 'BIO_connect', []).sock).toBe('');
    // The socket this page just made is meant even before the event listing it arrived.
    expect(switchCall(fields({ sock: 's2' }), 'BIO_connect', [listener, fresh], 's2').sock).toBe('s2');
  });

  it('drops the flags the new call ignores and keeps the ones it honours', () => {
    const listen = fields({ call: 'BIO_listen', flags: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NONBLOCK', 'BIO_SOCK_KEEPALIVE'] });
    expect(switchCall(listen, 'BIO_accept_ex', []).flags).toEqual(['BIO_SOCK_NONBLOCK']);
    expect(switchCall(listen, 'BIO_bind', []).flags).toEqual(['BIO_SOCK_REUSEADDR']);
    expect(switchCall(listen, 'BIO_read', []).flags).toEqual([]);
  });
});

describe('afterRun', () => {
  it('makes the socket BIO_socket created the one later calls use', () => {
    const made = record({ call: 'BIO_socket', ret: 7, socket: snapshot({ fd: 7, name: 's2', role: 'new' }) });
    expect(afterRun(made)).toEqual({ sock: 's2' });
  });

  it('changes nothing after a failed BIO_socket or a call that makes no socket', () => {
    expect(afterRun(record({ call: 'BIO_socket', ret: -1, socket: null }))).toEqual({});
    expect(afterRun(record({ call: 'BIO_accept_ex', ret: 9, socket: snapshot({ fd: 9, name: 'a1' }) }))).toEqual({});
  });
});

describe('the C preview', () => {
  it('names a socket not chosen yet `sock`, marked as a placeholder, never an empty argument', () => {
    const parts = previewParts(fields({ call: 'BIO_connect', sock: '' }));
    expect(parts.map((p) => p.text).join('')).toBe('BIO_connect(sock, addr, 0)');
    expect(parts.filter((p) => p.placeholder).map((p) => p.text)).toEqual(['sock']);
    expect(previewParts(fields({ call: 'BIO_write', sock: ' ', data: 'hi' })).map((p) => p.text).join('')).toBe('BIO_write(bio_sock, data, 2)');
    expect(previewParts(fields({ call: 'BIO_connect', sock: 'c' }))).toEqual([{ text: 'BIO_connect(c, addr, 0)', placeholder: false }]);
  });

  it('says what is missing: the socket, the address', () => {
    expect(previewNotes(fields({ call: 'BIO_connect', sock: '', addr: '' }))).toEqual([
      'sock: choose a socket (a name or an fd) first.',
      'addr: type the address to connect to (no listener yet).',
    ]);
    expect(previewNotes(fields({ call: 'BIO_socket' }))).toEqual([]);
  });

  it('reads a listener address as a client dials it', () => {
    expect(reachable('[::]:80')).toBe('[::1]:80');
    expect(reachable('unix:/run/demo.sock')).toBe('unix:/run/demo.sock');
    expect(lastListenerAddress([snapshot({ fd: 3, role: 'listener', local: '127.0.0.1:1' }), snapshot({ fd: 4, role: 'listener', local: '127.0.0.1:2' })])).toBe('127.0.0.1:2');
  });
});

describe('the composer fills in, edge cases', () => {
  const listener = snapshot({ fd: 20, name: 'srv', role: 'listener', local: '127.0.0.1:4433', state: 'LISTEN' });
  const client = snapshot({ fd: 22, name: 'c', role: 'client', local: '127.0.0.1:50000', peer: '127.0.0.1:4433' });

  it('connects to the newest listener, not to the newest socket, and to none with no address yet', () => {
    expect(lastListenerAddress([listener, client])).toBe('127.0.0.1:4433');
    expect(lastListenerAddress([snapshot({ fd: 5, role: 'listener', local: null })])).toBe('');
    expect(lastListenerAddress([])).toBe('');
  });

  it('treats an address of blanks or ending in port 0 as not typed, and keeps port 0 followed by more digits', () => {
    expect(switchCall(fields({ addr: '   ' }), 'BIO_connect', [listener]).addr).toBe('127.0.0.1:4433');
    expect(switchCall(fields({ addr: ' 127.0.0.1:0 ' }), 'BIO_connect', [listener]).addr).toBe('127.0.0.1:4433');
    expect(switchCall(fields({ addr: '127.0.0.1:0800' }), 'BIO_connect', [listener]).addr).toBe('127.0.0.1:0800');
    expect(switchCall(fields({ addr: '  ' }), 'BIO_bind', []).addr).toBe(BIND_ADDRESS);
    // Other calls leave the address as it was.
    expect(switchCall(fields({ addr: '' }), 'BIO_accept_ex', []).addr).toBe('');
  });

  it('forgets the picked candidate only when the address changed', () => {
    expect(switchCall(fields({ addr: '', addrIndex: 1 }), 'BIO_listen', []).addrIndex).toBeNull();
    expect(switchCall(fields({ addr: 'localhost:80', addrIndex: 1 }), 'BIO_connect', [listener]).addrIndex).toBe(1);
  });

  it('keeps a name that matches no socket only when it is the one just made', () => {
    expect(switchCall(fields({ sock: 'x' }), 'BIO_connect', [listener], 's9').sock).toBe('srv');
    expect(switchCall(fields({ sock: 'x' }), 'BIO_connect', [listener], null).sock).toBe('srv');
  });

  it('makes the accept socket BIO_get_accept_socket created the one later calls use, even at fd 0, but no socket of a refused call', () => {
    expect(afterRun(record({ call: 'BIO_get_accept_socket', ret: 0, socket: snapshot({ fd: 0, name: 'g' }) }))).toEqual({ sock: 'g' });
    expect(afterRun(record({ call: 'BIO_socket', ret: null, socket: snapshot({ fd: 7, name: 's' }) }))).toEqual({});
  });

  it('shows the call name alone when the fields cannot be written as C, and no empty part', () => {
    expect(previewParts(fields({ call: 'BIO_write', sock: 'c', data: undefined as unknown as string }))).toEqual([{ text: 'BIO_write(…)', placeholder: false }]);
    const parts = previewParts(fields({ call: 'BIO_closesocket', sock: '' }));
    expect(parts).toEqual([
      { text: 'BIO_closesocket(', placeholder: false },
      { text: 'sock', placeholder: true },
      { text: ')', placeholder: false },
    ]);
  });

  it('asks for an address for bind and listen, and nothing for a socket of blanks named', () => {
    expect(previewNotes(fields({ call: 'BIO_bind', sock: 'b', addr: '  ' }))).toEqual(['addr: type an address.']);
    expect(previewNotes(fields({ call: 'BIO_read', sock: '  ' }))).toEqual(['sock: choose a socket (a name or an fd) first.']);
    expect(previewNotes(fields({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }))).toEqual([]);
  });

  it('asks for the BIO, TLS connection or context a call acts on until one is named (blanks are none)', () => {
    const bioNote = 'bio: name a BIO (made by BIO_new_connect, BIO_new_accept or BIO_pop) first.';
    const sslNote = 'ssl: name a TLS connection (made by SSL_new) first.';
    const ctxNote = 'ctx: name a TLS context (made by SSL_CTX_new) first.';
    expect(previewNotes(fields({ call: 'BIO_do_connect', bio: '' }))).toEqual([bioNote]);
    expect(previewNotes(fields({ call: 'BIO_do_connect', bio: '  ' }))).toEqual([bioNote]);
    expect(previewNotes(fields({ call: 'BIO_do_connect', bio: 'cb' }))).toEqual([]);
    expect(previewNotes(fields({ call: 'SSL_connect', ssl: '' }))).toEqual([sslNote]);
    expect(previewNotes(fields({ call: 'SSL_connect', ssl: '  ' }))).toEqual([sslNote]);
    expect(previewNotes(fields({ call: 'SSL_connect', ssl: 'tls' }))).toEqual([]);
    expect(previewNotes(fields({ call: 'SSL_CTX_free', ctx: '' }))).toEqual([ctxNote]);
    expect(previewNotes(fields({ call: 'SSL_CTX_free', ctx: '  ' }))).toEqual([ctxNote]);
    expect(previewNotes(fields({ call: 'SSL_CTX_free', ctx: 'ctx' }))).toEqual([]);
    // A call over a socket asks for no BIO, and one on a BIO for no socket.
    expect(previewNotes(fields({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', bio: '', ssl: '', ctx: '' }))).toEqual([]);
    expect(previewNotes(fields({ call: 'SSL_new', over: 'bio', ctx: '', bio: 'cb', sock: '' }))).toEqual([ctxNote]);
  });
});
