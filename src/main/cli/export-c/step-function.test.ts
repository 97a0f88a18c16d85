// One step's C function: the comment above it (number from 1, note, a lesson's caption), and the
// loops export-c refuses on a BIO with the engine's own words while it makes them on a socket.
import { describe, expect, it } from 'vitest';
import { exportC } from '../export-c';
import { checkScenarioText } from '../../../shared/scenario-check';
import type { Step } from '../../../shared/steps';
import { stepComment } from './step-function';

/** The program's function for step `index` (0-based), from its comment to its closing brace. */
function stepFunctionOf(steps: unknown[], index: number): string {
  const checked = checkScenarioText(JSON.stringify({ title: 'step functions', steps }));
  if (!checked.ok) throw new Error(checked.error.message);
  const text = exportC(checked.scenario);
  const start = text.indexOf(`/* step ${index + 1}: `);
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n}\n', start) + 2);
}

describe('stepComment', () => {
  const step = (fields: object): Step => ({ call: 'BIO_closesocket', sock: 'c', ...fields }) as Step;

  it('numbers the step from 1 and closes the comment on the same line', () => {
    expect(stepComment(4, step({}), 'BIO_closesocket(c)')).toBe('/* step 5: BIO_closesocket(c) */');
  });

  it('adds the note in brackets, and nothing for an empty note', () => {
    expect(stepComment(0, step({ note: 'ends it */ here' }), 'x')).toBe('/* step 1: x (ends it * / here) */');
    expect(stepComment(0, step({ note: '' }), 'x')).toBe('/* step 1: x */');
  });

  it('puts a lesson\'s caption on a line of its own, indented as the comment is', () => {
    expect(stepComment(1, step({ caption: 'Now the peer is gone' }), 'x', '    ')).toBe('    /* step 2: x\n     * caption: Now the peer is gone\n     */');
  });
});

describe('a BIO_write or BIO_read loop', () => {
  const onBio = [
    { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' },
    { call: 'BIO_write', sock: 'cb', data: 'x', bytes: 100 },
    { call: 'BIO_read', sock: 'cb', until: 'eof' },
    { call: 'BIO_write', sock: 'cb', data: 'x' },
    { call: 'BIO_read', sock: 'cb', max: 16 },
  ];

  it('on a BIO is refused with the engine\'s own words', () => {
    expect(stepFunctionOf(onBio, 1)).toBe(
      [
        '/* step 2: BIO_write(bio_cb, chunk, 65483) / * in a loop: 100 bytes of the pattern repeated * / is not made: a BIO_write loop (bytes or file) runs on sockets only, not yet on a BIO; give data or dataHex for one BIO_write */',
        'static int wb_step_1(int wb_mode)',
        '{',
        '    (void)wb_mode;',
        '    return wb_refuse(wb_begin(1, "BIO_write", "BIO_write(bio_cb, chunk, 65483) /* in a loop: 100 bytes of the pattern repeated */"), "a BIO_write loop (bytes or file) runs on sockets only, not yet on a BIO; give data or dataHex for one BIO_write");',
        '}',
      ].join('\n'),
    );
    expect(stepFunctionOf(onBio, 2)).toContain('"a BIO_read loop (bytes or until) runs on sockets only, not yet on a BIO; give max for one BIO_read");');
  });

  it('one BIO_write or BIO_read on a BIO is made', () => {
    expect(stepFunctionOf(onBio, 3)).not.toContain('is not made');
    expect(stepFunctionOf(onBio, 3)).toContain('BIO_write(');
    expect(stepFunctionOf(onBio, 4)).not.toContain('is not made');
    expect(stepFunctionOf(onBio, 4)).toContain('BIO_read(');
  });

  it('on a socket is made with wb_bulk', () => {
    const onSocket = [{ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_write', sock: 'c', data: 'x', bytes: 100 }, { call: 'BIO_read', sock: 'c', until: 'eof' }];
    for (const i of [1, 2]) {
      expect(stepFunctionOf(onSocket, i)).not.toContain('is not made');
      expect(stepFunctionOf(onSocket, i)).toContain('wb_bulk');
    }
  });
});

describe('a TLS call', () => {
  it('records the socket under its SSL object as the kernel sees it after the call: the socket SSL_new was given, or the BIO\'s fd', () => {
    const tls = [
      { call: 'SSL_CTX_new', as: 'cx', method: 'TLS_client_method' },
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'SSL_new', as: 'ts', ctx: 'cx', sock: 'c' },
      { call: 'SSL_connect', ssl: 'ts' },
      { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' },
      { call: 'SSL_new', as: 'tb', ctx: 'cx', bio: 'cb' },
      { call: 'SSL_connect', ssl: 'tb' },
    ];
    expect(stepFunctionOf(tls, 3)).toMatch(/ {4}wb_ret = SSL_connect\(ssl_ts\);\n[^]*\n {4}wb_snapshot\(&r->socket, c, &wb_info_c\);\n {4}return 1;\n}$/);
    expect(stepFunctionOf(tls, 6)).toContain(['    cb = (int)BIO_get_fd(bio_cb, NULL);', '    if (cb >= 0)', '        wb_snapshot(&r->socket, cb, &wb_info_cb);'].join('\n'));
  });

  it('records no socket after a TLS call whose SSL object was made over an fd number (that SSL_new is refused)', () => {
    const tls = [
      { call: 'SSL_CTX_new', as: 'cx', method: 'TLS_client_method' },
      { call: 'SSL_new', as: 'tn', ctx: 'cx', sock: 3 },
      { call: 'SSL_connect', ssl: 'tn' },
    ];
    expect(stepFunctionOf(tls, 1)).toContain('is not made: fd 3 is not a socket this program created');
    expect(stepFunctionOf(tls, 2)).toMatch(/ {4}wb_verify\[2\] = SSL_get_verify_result\(ssl_tn\);\n {4}return 1;\n}$/);
  });
});
