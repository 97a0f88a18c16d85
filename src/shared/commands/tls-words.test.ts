// The TLS options an openssl line gets for one end, word for word: what each SSL_CTX_new and
// SSL_new field becomes on s_client and s_server, and what cannot be said on the line.
import { describe, expect, it } from 'vitest';
import { tlsProblem, tlsWords } from './tls-words';
import type { TlsSide } from './tls-side';

const side = (patch: Partial<TlsSide> = {}): TlsSide => ({
  role: 'client',
  ctx: 'cctx',
  steps: [2, 3],
  verify: null,
  caFile: null,
  certFile: null,
  keyFile: null,
  minVersion: null,
  maxVersion: null,
  host: null,
  alpn: null,
  ...patch,
});

describe('s_client words', () => {
  it('loads no default CA locations, sends no SNI without a host, and says a context without SSL_VERIFY_PEER goes on', () => {
    expect(tlsWords(side(), 'connect')).toEqual({
      words: ['-no-CAfile', '-no-CApath', '-no-CAstore', '-noservername'],
      notes: ['s_client checks the certificate and prints the result, then goes on whatever it was, as a context without SSL_VERIFY_PEER does'],
    });
  });

  it('gives each field its option: the demo CA through $TLS_DIR, verification, SNI with its check, versions, certificate and ALPN', () => {
    const t = side({ verify: 'SSL_VERIFY_PEER', caFile: 'demo', host: 'localhost', minVersion: 'TLS1_2_VERSION', maxVersion: 'TLS1_3_VERSION', certFile: '/c.pem', keyFile: '/k.pem', alpn: ['h2', 'http/1.1'] });
    expect(tlsWords(t, 'connect')).toEqual({
      words: ['-CAfile', '$TLS_DIR/demo-cert.pem', '-no-CApath', '-no-CAstore', '-verify_return_error', '-servername', 'localhost', '-verify_hostname', 'localhost', '-min_protocol', 'TLSv1.2', '-max_protocol', 'TLSv1.3', '-cert', '/c.pem', '-key', '/k.pem', '-alpn', 'h2,http/1.1'],
      notes: [],
    });
  });

  it('names TLS 1.0 and 1.1 as openssl does, and a CA file by its own path', () => {
    expect(tlsWords(side({ verify: 'SSL_VERIFY_PEER', caFile: '/ca.pem', minVersion: 'TLS1_VERSION', maxVersion: 'TLS1_1_VERSION' }), 'connect').words).toEqual(['-CAfile', '/ca.pem', '-no-CApath', '-no-CAstore', '-verify_return_error', '-noservername', '-min_protocol', 'TLSv1', '-max_protocol', 'TLSv1.1']);
  });

  it('gives a certificate only with its key, and leaves -alpn out when a name holds a comma', () => {
    const t = tlsWords(side({ verify: 'SSL_VERIFY_PEER', certFile: '/c.pem', alpn: ['a,b'] }), 'connect');
    expect(t.words).not.toContain('-cert');
    expect(t.words).not.toContain('-alpn');
    expect(t.notes).toEqual(['-alpn left out: a protocol name holds a comma, which -alpn reads as a separator']);
  });
});

describe('s_server words', () => {
  it('takes the demo pair through $TLS_DIR, asks for a client certificate without requiring one, and keeps the versions', () => {
    const t = side({ role: 'server', ctx: 'sctx', verify: 'SSL_VERIFY_PEER', caFile: 'demo', certFile: 'demo', keyFile: 'demo', maxVersion: 'TLS1_2_VERSION' });
    expect(tlsWords(t, 'listen')).toEqual({
      words: ['-cert', '$TLS_DIR/demo-cert.pem', '-key', '$TLS_DIR/demo-key.pem', '-CAfile', '$TLS_DIR/demo-cert.pem', '-verify', '1', '-verify_return_error', '-max_protocol', 'TLSv1.2'],
      notes: ['SSL_VERIFY_PEER on a server asks the client for a certificate without requiring one, as -verify does (-Verify would require one)'],
    });
  });

  it('asks nothing of the client without SSL_VERIFY_PEER, and says the workbench server selects no ALPN protocol', () => {
    expect(tlsWords(side({ role: 'server', alpn: ['h2'] }), 'listen')).toEqual({
      words: [],
      notes: ["the context's ALPN list (SSL_CTX_set_alpn_protos) is a client's: the workbench server selects no protocol, s_server -alpn would"],
    });
  });
});

describe('a context on the other side', () => {
  it("says a server's context on a connection, or a client's on a listener, takes the other part", () => {
    expect(tlsWords(side({ role: 'server', ctx: 's' }), 'connect').notes).toContain("context s is a server's (TLS_server_method) on a connection: the handshake takes the server's part, which s_client cannot");
    expect(tlsWords(side({ role: 'client', ctx: 'c' }), 'listen').notes).toContain("context c is a client's (TLS_client_method) on a listener: the handshake takes the client's part, which s_server cannot");
    expect(tlsWords(side(), 'connect').notes.some((n) => n.startsWith('context'))).toBe(false);
  });
});

describe('tlsProblem', () => {
  it('is null when every field can be one shell word, and names the first field that cannot', () => {
    expect(tlsProblem(side({ caFile: '/ca.pem', host: 'localhost', alpn: ['h2'] }))).toBeNull();
    expect(tlsProblem(side({ host: 'a\nb' }))).toMatch(/^left out: its host /);
    expect(tlsProblem(side({ caFile: 'x\u0007', keyFile: 'y\n' }))).toMatch(/^left out: its caFile /);
    expect(tlsProblem(side({ alpn: ['h2', 'bad\r'] }))).toMatch(/^left out: its alpn /);
    expect(tlsProblem(side({ certFile: '/c\u0000' }))).toMatch(/^left out: its certFile /);
  });
});

describe('what no command line can hold', () => {
  it('names the first TLS field holding a control character', () => {
    const why = (field: string, code: string) => `left out: its ${field} holds the control character U+${code}, which a command line would hide or split`;
    expect(tlsProblem(side({ caFile: '/ca\n.pem' }))).toBe(why('caFile', '000A'));
    expect(tlsProblem(side({ certFile: '/c.pem', keyFile: '/k\t.pem' }))).toBe(why('keyFile', '0009'));
    expect(tlsProblem(side({ host: 'a\rb' }))).toBe(why('host', '000D'));
    expect(tlsProblem(side({ alpn: ['h2', 'x\u0001'] }))).toBe(why('alpn', '0001'));
    expect(tlsProblem(side({ caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem', host: 'h', alpn: ['h2'] }))).toBeNull();
  });

  it('leaves -alpn out when any one name holds a comma', () => {
    const t = tlsWords(side({ alpn: ['h2', 'x,y'] }), 'connect');
    expect(t.words).not.toContain('-alpn');
    expect(t.notes).toContain('-alpn left out: a protocol name holds a comma, which -alpn reads as a separator');
  });
});
