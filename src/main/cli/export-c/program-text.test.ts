// The program export-c writes for each shipped scenario, line for line, against a
// reviewed copy in golden/ (the runtime, inlined whole, left out). fidelity.test compiles and runs
// the same programs; this one pins their text, so a change to any step's C shows as a diff.
// After an intended change: `npx vitest run src/main/cli/export-c --update`, then read the diff.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportC } from '../export-c';
import { C_RUNTIME } from './runtime';
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
