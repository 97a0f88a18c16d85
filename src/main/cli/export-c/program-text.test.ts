// The program export-c writes for each shipped scenario, line for line, against a
// reviewed copy in golden/ (the runtime, inlined whole, left out). fidelity.test compiles and runs
// the same programs; this one pins their text, so a change to any step's C shows as a diff.
// After an intended change: `npx vitest run src/main/cli/export-c --update`, then read the diff.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportC } from '../export-c';
import { C_RUNTIME } from './runtime';
import { pemPath } from '../../demo-tls';
import { checkScenarioText } from '../../../shared/scenario-check';
import type { Scenario } from '../../../shared/steps';

const root = resolve(process.cwd(), 'resources/scenarios');
const files = readdirSync(root).filter((f) => f.endsWith('.json')).map((f) => join(root, f));

describe('export-c program text', () => {
  it('has a golden program for every shipped scenario', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  // What no shipped scenario does: unnamed sockets, a blocking connect with timeoutMs, loops (made
  // by wb_bulk), the test-only crash (refused in C), a closesocket that ends a deferred accept, a note.
  it('for the cases no shipped scenario has', async () => {
    const checked = checkScenarioText(JSON.stringify({
      title: 'export-c cases',
      steps: [
        { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_accept_ex', sock: 'l', background: true },
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', timeoutMs: 500, expect: { ret: 1, errno: null, errorQueueEmpty: true } },
        { call: 'BIO_socket', as: 'n', domain: 'AF_INET', socktype: 'SOCK_STREAM', options: ['BIO_SOCK_NONBLOCK'] },
        { call: 'BIO_connect', sock: 'n', addr: '127.0.0.1:{l.port}', options: ['BIO_SOCK_NONBLOCK'], timeoutMs: 500, note: 'a nonblocking connect /* returns at once */' },
        { call: 'BIO_write', sock: 'c', data: 'x', bytes: 100 },
        { call: 'BIO_read', sock: 'c', until: 'eof' },
        { call: 'BIO_write', sock: 'c', file: '{tmp}/f' },
        { call: 'BIO_write', sock: 'c', dataHex: '41 42\n43', expect: { ret: 3 } },
        { call: 'shutdown', sock: 'c', how: 'SHUT_WR' },
        { call: 'BIO_closesocket', sock: 'l' },
        { call: 'BIO_closesocket', sock: 3 },
        { call: 'BIO_socket', as: 't', domain: 'AF_INET', socktype: 'SOCK_STREAM', background: true, expect: { applied: { SO_KEEPALIVE: false, TCP_FASTOPEN: 5 } } },
        { call: 'BIO_connect', sock: 't', addr: '127.0.0.1:1', background: true },
        { call: 'BIO_read', sock: 'c', max: 16, background: true },
        { call: 'await', step: 16, expect: { ret: 0, errno: 'ECONNREFUSED' } },
        { call: 'await', step: 17 },
      ],
    }));
    if (!checked.ok) throw new Error(checked.error.message);
    const text = exportC(checked.scenario).replace(C_RUNTIME, '/* the runtime (export-c/runtime/), inlined whole */');
    await expect(text).toMatchFileSnapshot('golden/cases.c');
  });

  // Every connect BIO, accept BIO and TLS call with each of its options, as no shipped scenario has
  // them: tls-fidelity and bio-fidelity compile and run such programs, this pins their text.
  it('for the BIO and TLS calls', async () => {
    const checked = checkScenarioText(JSON.stringify({
      title: 'export-c BIO and TLS cases',
      steps: [
        { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0', expect: { ret: 1 } },
        { call: 'BIO_set_accept_name', bio: 'ab', name: '127.0.0.1:0' },
        { call: 'BIO_set_accept_port', bio: 'ab', port: '0' },
        { call: 'BIO_set_accept_ip_family', bio: 'ab', family: 'BIO_FAMILY_IPV4' },
        { call: 'BIO_set_bind_mode', bio: 'ab', mode: 'BIO_BIND_REUSEADDR' },
        { call: 'BIO_set_nbio_accept', bio: 'ab', on: true },
        { call: 'BIO_do_accept', bio: 'ab', expect: { ret: 1, state: 'LISTEN', applied: { SO_REUSEADDR: true } } },
        { call: 'BIO_new_connect', as: 'cb', addr: 'localhost:{ab.port}' },
        { call: 'BIO_set_conn_hostname', bio: 'cb', name: 'a "quoted" host' },
        { call: 'BIO_set_conn_port', bio: 'cb', port: '{ab.port}' },
        { call: 'BIO_set_conn_address', bio: 'cb', addr: '127.0.0.1:{ab.port}', addrIndex: 0 },
        { call: 'BIO_set_conn_ip_family', bio: 'cb', family: 'BIO_FAMILY_IPANY' },
        { call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_NODELAY', 'BIO_SOCK_KEEPALIVE'] },
        { call: 'BIO_set_nbio', bio: 'cb', on: false },
        { call: 'BIO_do_connect', bio: 'cb', timeoutMs: 5000, expect: { ret: 1, state: 'ESTABLISHED' } },
        { call: 'BIO_do_connect_retry', bio: 'cb', timeout: 5, napMs: 10 },
        { call: 'BIO_do_connect_retry', bio: 'cb', timeout: 0 },
        { call: 'BIO_get_fd', bio: 'cb', expect: { ret: 'fd' } },
        { call: 'BIO_do_accept', bio: 'ab', timeoutMs: 5000, expect: { ret: 1 } },
        { call: 'BIO_pop', bio: 'ab', as: 'conn', expect: { ret: 1 } },
        { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo', minVersion: 'TLS1_2_VERSION', maxVersion: 'TLS1_3_VERSION', alpn: ['h2', 'http/1.1'] },
        { call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo', minVersion: 'TLS1_3_VERSION', expect: { ret: 1 } },
        { call: 'SSL_CTX_new', as: 'open', method: 'TLS_client_method', verify: 'SSL_VERIFY_NONE' },
        { call: 'SSL_new', as: 'cs', ctx: 'cctx', bio: 'cb', host: 'workbench.test' },
        { call: 'SSL_new', as: 'ss', ctx: 'sctx', bio: 'conn', expect: { ret: 1 } },
        { call: 'BIO_socket', as: 's', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'SSL_new', as: 'plain', ctx: 'open', sock: 's' },
        { call: 'SSL_connect', ssl: 'cs', timeoutMs: 5000, expect: { ret: 1, sslError: 'SSL_ERROR_NONE', verifyResult: 0 } },
        { call: 'SSL_accept', ssl: 'ss', timeoutMs: 5000, expect: { ret: 1 } },
        { call: 'SSL_write', ssl: 'cs', data: 'over */ TLS\n', expect: { ret: 12 } },
        { call: 'SSL_read', ssl: 'ss', max: 64, timeoutMs: 5000, expect: { data: 'over */ TLS\n' } },
        { call: 'SSL_shutdown', ssl: 'cs', expect: { ret: 0 } },
        { call: 'SSL_free', ssl: 'cs' },
        { call: 'SSL_free', ssl: 'ss' },
        { call: 'SSL_free', ssl: 'plain' },
        { call: 'SSL_CTX_free', ctx: 'open' },
        { call: 'SSL_CTX_free', ctx: 'cctx' },
        { call: 'SSL_CTX_free', ctx: 'sctx' },
        { call: 'BIO_free', bio: 'conn', expect: { ret: 1 } },
        { call: 'BIO_free', bio: 'ab' },
      ],
    }));
    if (!checked.ok) throw new Error(checked.error.message);
    // The demonstration pair is named by its absolute path, which is this checkout's.
    const text = exportC(checked.scenario)
      .replace(C_RUNTIME, '/* the runtime (export-c/runtime/), inlined whole */')
      .replaceAll(dirname(pemPath('demo', 'demo-cert.pem')), '<resources/tls>');
    await expect(text).toMatchFileSnapshot('golden/bio-tls-cases.c');
  });

  // What neither case above has: an await of a background step made in place, a background write
  // loop of hex (its own thread), loop expectations, `background: false`, a step on a name after
  // its close (not the close's to end), fds by number left pending, an address
  // with two placeholders and one with a '%', TLS over a socket and SSL_get_error names.
  it('for the scheduling, address and TLS cases the others lack', async () => {
    const checked = checkScenarioText(JSON.stringify({
      title: 'export-c more cases',
      steps: [
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM', background: true },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', background: false },
        { call: 'BIO_accept_ex', sock: 'l', as: 's' },
        { call: 'BIO_write', sock: 'c', dataHex: '41  42', bytes: 10, background: true, expect: { bytes: 10 } },
        { call: 'BIO_read', sock: 's', bytes: 10, expect: { bytes: 10, sha256: 'ab'.repeat(32) } },
        { call: 'await', step: 2 },
        { call: 'await', step: 5 },
        { call: 'BIO_write', sock: 'c', dataHex: '43  44' },
        { call: 'BIO_closesocket', sock: 'c' },
        { call: 'BIO_read', sock: 'c', max: 1, background: true },
        { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
        { call: 'BIO_bind', sock: 'u', addr: 'unix:{tmp}/s-{l.port}' },
        { call: 'BIO_read', sock: 3, max: 1, background: true },
        { call: 'BIO_closesocket', sock: 3 },
        { call: 'BIO_socket', as: 'six', domain: 'AF_INET6', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'six', addr: '[fe80::1%lo]:{l.port}' },
        { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_NONE' },
        { call: 'BIO_socket', as: 't', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: 't' },
        { call: 'SSL_connect', ssl: 'tls', expect: { sslError: 'SSL_ERROR_SYSCALL' } },
        { call: 'SSL_shutdown', ssl: 'tls', expect: { sslError: 'SSL_ERROR_NOT_A_NAME' } },
        { call: 'SSL_free', ssl: 'tls' },
        { call: 'SSL_CTX_free', ctx: 'ctx' },
      ],
    }));
    if (!checked.ok) throw new Error(checked.error.message);
    const text = exportC(checked.scenario).replace(C_RUNTIME, '/* the runtime (export-c/runtime/), inlined whole */');
    await expect(text).toMatchFileSnapshot('golden/more-cases.c');
  });

  it('writes the test-only __crash as a refused step, never as a call', () => {
    const text = exportC({ title: 'crash', steps: [{ call: '__crash' }] } as Scenario);
    expect(text).toMatch(/\/\* step 1: .* is not made: __crash is a test-only call of the engine/);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', async (name, file) => {
    const checked = checkScenarioText(readFileSync(file, 'utf8'));
    if (!checked.ok) throw new Error(`${name}: ${checked.error.message}`);
    const text = exportC(checked.scenario);
    expect(text).toContain(C_RUNTIME);
    await expect(text.replace(C_RUNTIME, '/* the runtime (export-c/runtime/), inlined whole */')).toMatchFileSnapshot(`golden/${name.replace(/\.json$/, '.c')}`);
  });
});
