// The connect/accept BIO and TLS steps in the scenario format: bad input names its field and
// runs nothing, names are checked by kind before anything runs, and `c` is the C a person writes.
import { describe, expect, it } from 'vitest';
import { checkScenario } from './scenario-check';
import { cExpression } from './c-expression';
import { scenarioJsonSchema, type Step } from './steps';

const ctxStep = { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' };
const bioStep = { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:4433' };

function errorOf(steps: unknown[]) {
  const r = checkScenario({ steps });
  if (r.ok) throw new Error('expected the scenario to be invalid');
  return r.error;
}

describe('connect, accept and TLS steps: validation', () => {
  it('a server context without a certificate names certFile', () => {
    expect(errorOf([{ ...ctxStep, method: 'TLS_server_method' }])).toMatchObject({ step: 0, field: 'certFile', message: expect.stringMatching(/SSL_CTX_new needs certFile: "demo" \(the demonstration pair/) });
  });

  it('a certificate without its key names keyFile', () => {
    expect(errorOf([{ ...ctxStep, certFile: 'demo' }])).toMatchObject({ step: 0, field: 'keyFile' });
  });

  it('an unknown protocol version names the field and lists the versions', () => {
    expect(errorOf([{ ...ctxStep, minVersion: 'TLS1_4_VERSION' }])).toMatchObject({ field: 'minVersion', message: expect.stringContaining('TLS1_3_VERSION') });
  });

  it('SSL_new needs exactly one of sock and bio', () => {
    expect(errorOf([ctxStep, { call: 'SSL_new', as: 's', ctx: 'ctx' }])).toMatchObject({ step: 1, field: 'sock', message: expect.stringMatching(/SSL_new needs sock: a socket name or fd \(SSL_set_fd\), or instead bio/) });
  });

  it('an ip family that is not a BIO_FAMILY_* names family', () => {
    expect(errorOf([bioStep, { call: 'BIO_set_conn_ip_family', bio: 'cb', family: 'AF_INET' }])).toMatchObject({ step: 1, field: 'family', message: expect.stringContaining('BIO_FAMILY_IPV4') });
  });

  it('a BIO name no earlier step gave is refused before anything runs', () => {
    expect(errorOf([{ call: 'BIO_do_connect', bio: 'cb' }])).toMatchObject({ step: 0, field: 'bio', message: expect.stringMatching(/no earlier step names a BIO "cb"/) });
  });

  it('a name of the wrong kind is refused: a context where a BIO belongs, a BIO where an SSL object belongs', () => {
    expect(errorOf([ctxStep, { call: 'BIO_do_connect', bio: 'ctx' }])).toMatchObject({ step: 1, field: 'bio', message: '"ctx" is a TLS context (SSL_CTX_new) (step 1), not a BIO' });
    expect(errorOf([bioStep, { call: 'SSL_connect', ssl: 'cb' }])).toMatchObject({ step: 1, field: 'ssl', message: expect.stringMatching(/is a BIO/) });
  });

  it('BIO_read, BIO_write and wait take a BIO name where a socket goes; SSL_new\'s sock does not', () => {
    expect(checkScenario({ steps: [bioStep, { call: 'BIO_write', sock: 'cb', data: 'x' }, { call: 'wait', sock: 'cb', for: 'readable', timeoutMs: 10 }, { call: 'BIO_read', sock: 'cb', max: 1 }] }).ok).toBe(true);
    expect(errorOf([bioStep, ctxStep, { call: 'SSL_new', as: 's', ctx: 'ctx', sock: 'cb' }])).toMatchObject({ step: 2, field: 'sock', message: expect.stringMatching(/is a BIO, not a socket/) });
  });

  it('a BIO name shares the namespace with sockets: a duplicate "as" is invalid', () => {
    expect(errorOf([{ call: 'BIO_socket', as: 'cb', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, bioStep])).toMatchObject({ step: 1, field: 'as' });
  });

  it('the JSON Schema lists the new calls for editors', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    for (const call of ['BIO_new_connect', 'BIO_do_connect', 'BIO_set_conn_mode', 'BIO_new_accept', 'BIO_do_accept', 'BIO_set_bind_mode', 'SSL_CTX_new', 'SSL_connect', 'SSL_accept']) expect(text).toContain(`"${call}"`);
  });
});

describe('connect, accept and TLS steps: their C', () => {
  const c = (step: unknown) => cExpression(step as Step);

  it('BIO macros are written as macros', () => {
    expect(c(bioStep)).toBe('cb = BIO_new_connect("127.0.0.1:4433")');
    expect(c({ call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_NONBLOCK', 'BIO_SOCK_NODELAY'] })).toBe('BIO_set_conn_mode(cb, BIO_SOCK_NONBLOCK | BIO_SOCK_NODELAY)');
    expect(c({ call: 'BIO_set_nbio_accept', bio: 'ab', on: true })).toBe('BIO_set_nbio_accept(ab, 1)');
    expect(c({ call: 'BIO_pop', bio: 'ab', as: 'conn' })).toBe('conn = BIO_pop(ab)');
    expect(c({ call: 'BIO_get_fd', bio: 'cb' })).toBe('BIO_get_fd(cb, &fd)');
  });

  it('a context step is the calls that make and configure it', () => {
    expect(c({ ...ctxStep, verify: 'SSL_VERIFY_PEER', caFile: 'ca.pem', maxVersion: 'TLS1_2_VERSION', alpn: ['h2', 'http/1.1'] })).toBe(
      'ctx = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL); SSL_CTX_load_verify_locations(ctx, "ca.pem", NULL); SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION); SSL_CTX_set_alpn_protos(ctx, alpn, 12)',
    );
  });
});

describe('connect, accept and TLS steps: the checks across fields', () => {
  it('a key without its certificate names certFile', () => {
    expect(errorOf([{ ...ctxStep, keyFile: 'demo' }])).toMatchObject({ step: 0, field: 'certFile', message: expect.stringMatching(/^missing; SSL_CTX_new needs certFile: "demo"/) });
  });

  it('a server context with its pair, and a client one with none, are valid', () => {
    expect(checkScenario({ steps: [{ ...ctxStep, method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' }, ctxStep].map((s, i) => ({ ...s, as: `c${i}` })) }).ok).toBe(true);
  });

  it('SSL_new with both sock and bio names sock', () => {
    expect(errorOf([bioStep, ctxStep, { call: 'SSL_new', as: 's', ctx: 'ctx', bio: 'cb', sock: 3 }])).toMatchObject({ step: 2, field: 'sock', message: expect.stringContaining('expected exactly one of sock (a socket: SSL_set_fd) or bio (a BIO: SSL_set_bio)') });
    expect(checkScenario({ steps: [bioStep, ctxStep, { call: 'SSL_new', as: 's', ctx: 'ctx', bio: 'cb' }] }).ok).toBe(true);
  });

  it('SSL_write counts its limit in UTF-8 bytes, not characters', () => {
    const tls = [bioStep, ctxStep, { call: 'SSL_new', as: 's', ctx: 'ctx', bio: 'cb' }];
    const half = 8 * 1024 * 1024;
    expect(errorOf([...tls, { call: 'SSL_write', ssl: 's', data: 'é'.repeat(half + 1) }])).toMatchObject({ step: 3, field: 'data', message: expect.stringContaining('expected at most 16777216 bytes of UTF-8 text') });
    expect(checkScenario({ steps: [...tls, { call: 'SSL_write', ssl: 's', data: 'é'.repeat(half) }] }).ok).toBe(true);
  });
});
