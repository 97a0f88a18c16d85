import { describe, expect, it } from 'vitest';
import { checkScenario, checkScenarioText, isLesson, scenarioErrorText } from './scenario-check';

const sock = (as: string) => ({ call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM' });

function error(json: unknown) {
  const r = checkScenario(json);
  if (r.ok) throw new Error('expected the scenario to be invalid');
  return r.error;
}

describe('checkScenario', () => {
  it('accepts a valid scenario with background, await and cancel', () => {
    const r = checkScenario({
      steps: [
        sock('l'),
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true },
        sock('c'),
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' },
        { call: 'await', step: 2, expect: { ret: 'fd' } },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('an unknown sock name is invalid, naming the step and field', () => {
    const e = error({ steps: [sock('l'), { call: 'BIO_listen', sock: 'nope', addr: '127.0.0.1:0' }] });
    expect(e).toMatchObject({ step: 1, field: 'sock' });
    // The record keeps the 0-based index; a person reads steps from 1.
    expect(scenarioErrorText(e)).toMatch(/^step 2, sock: /);
    expect(e.message).toMatch(/"nope"/);
  });

  it('a sock given as an fd number is no name: it passes the check (the engine refuses an fd it did not create)', () => {
    expect(checkScenario({ steps: [sock('l'), { call: 'BIO_closesocket', sock: 7 }] }).ok).toBe(true);
  });

  it('a sock used before the step that names it is invalid', () => {
    expect(error({ steps: [{ call: 'BIO_closesocket', sock: 'l' }, sock('l')] })).toMatchObject({ step: 0, field: 'sock' });
  });

  it('a duplicate as is invalid, naming the earlier step', () => {
    const e = error({ steps: [sock('x'), sock('y'), sock('x')] });
    expect(e).toMatchObject({ step: 2, field: 'as' });
    expect(e.message).toMatch(/by step 1;/);
  });

  it('await or cancel of a step not started in the background is invalid', () => {
    expect(error({ steps: [sock('l'), { call: 'await', step: 0 }] })).toMatchObject({ step: 1, field: 'step' });
    expect(error({ steps: [sock('l'), { call: 'cancel', step: 5 }] })).toMatchObject({ step: 1, field: 'step' });
    expect(error({ steps: [{ call: 'await', step: 0 }] })).toMatchObject({ step: 0, field: 'step' });
  });

  it('a port placeholder naming no earlier socket is invalid', () => {
    expect(error({ steps: [sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' }] })).toMatchObject({ step: 1, field: 'addr' });
  });

  it('a schema error names the step and the field', () => {
    const e = error({ steps: [sock('l'), { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['BIO_SOCK_FAST'] }] });
    expect(e.step).toBe(1);
    expect(e.field).toMatch(/^options/);
    expect(scenarioErrorText(e)).toMatch(/^step 2, options/);
  });

  it('the message leaves the step and field to their own keys; the text puts them first', () => {
    const e = error({ steps: [sock('c'), { call: 'BIO_connect', sock: 'c' }] });
    expect(e).toEqual({ step: 1, field: 'addr', message: 'missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path' });
    expect(scenarioErrorText(e)).toBe('step 2, addr: missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path');
    const typo = error({ steps: [{ call: 'BIO_conect', sock: 'c' }] });
    expect(typo).toMatchObject({ step: 0, field: 'call' });
    expect(typo.message).toMatch(/^unknown call "BIO_conect"; did you mean BIO_connect\?/);
    const dup = error({ steps: [sock('x'), sock('x')] });
    expect(dup.message).not.toMatch(/^step/);
    expect(scenarioErrorText(dup)).toMatch(/^step 2, as: the name "x"/);
  });

  it('a port above 65535 is invalid, naming the step and addr', () => {
    const e = error({ steps: [sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:99999' }] });
    expect(e).toMatchObject({ step: 1, field: 'addr' });
    expect(e.message).toMatch(/port from 0 to 65535/);
  });

  it('a file-level error has no step', () => {
    const e = error({ title: 'x' });
    expect(e.step).toBeNull();
    expect(e.field).toBe('steps');
    expect(scenarioErrorText(e)).toBe(`steps: ${e.message}`);
  });
});

describe('every error at once', () => {
  it('reports each schema and name error, in step order, not only the first', () => {
    const r = checkScenario({
      steps: [
        { call: 'BIO_conect', sock: 'c' },
        sock('c'),
        { call: 'BIO_connect', sock: 'c' },
        { call: 'BIO_listen', sock: 'nope', addr: '127.0.0.1:0' },
        sock('c'),
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.step, e.field])).toEqual([
      [0, 'call'],
      [2, 'addr'],
      [3, 'sock'],
      [4, 'as'],
    ]);
    expect(r.error).toEqual(r.errors[0]);
  });

  it('a step whose schema failed still gives its name to later steps', () => {
    const r = checkScenario({ steps: [{ ...sock('c'), domain: 'AF_INETT' }, { call: 'BIO_closesocket', sock: 'c' }] });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['domain']);
  });

  it('stops listing after a bound and says how many more', () => {
    const steps = Array.from({ length: 80 }, () => ({ call: 'BIO_closesocket', sock: 'gone' }));
    const r = checkScenario({ steps });
    if (r.ok) throw new Error('expected errors');
    expect(r.errors).toHaveLength(51);
    expect(r.errors[50]).toEqual({ step: null, field: null, message: 'and 30 more errors' });
  });
});

describe('step groups', () => {
  const write = (sock: string, group?: string, more: object = {}) => ({ call: 'BIO_write', sock, data: 'x', ...(group ? { group } : {}), ...more });
  const base = [sock('l'), { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }, sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' }];
  const errors = (steps: object[]) => {
    const r = checkScenario({ steps: [...base, ...steps] });
    return r.ok ? [] : r.errors.map((e) => ({ ...e, text: scenarioErrorText(e) }));
  };

  it('accepts consecutive steps with one group name', () => {
    expect(errors([write('c', 'g'), write('c', 'g'), write('c', 'h')])).toEqual([]);
  });

  it('a group name used again after other steps is invalid', () => {
    const e = errors([write('c', 'g'), write('c'), write('c', 'g')]);
    expect(e).toEqual([expect.objectContaining({ step: 6, field: 'group', text: expect.stringMatching(/^step 7, group: group "g" already ended at step 5; a group's steps must be consecutive/) })]);
  });

  it('scenario control and background steps cannot be in a group', () => {
    const e = errors([{ call: 'BIO_read', sock: 'c', max: 1, background: true, group: 'g' }, { call: 'await', step: 4, group: 'g' }]);
    expect(e.map((x) => [x.step, x.field])).toEqual([
      [4, 'background'],
      [5, 'group'],
    ]);
  });

  it("a step cannot use a socket or a port its own group makes: they are sent together", () => {
    const e = errors([{ ...sock('d'), group: 'g' }, { call: 'BIO_connect', sock: 'd', addr: '127.0.0.1:{l.port}', group: 'g' }]);
    expect(e).toEqual([expect.objectContaining({ step: 5, field: 'sock', message: expect.stringMatching(/opened by step 5 of the same group "g"/) })]);
    const port = errors([{ call: 'BIO_closesocket', sock: 'c', group: 'g' }, sock('m'), { call: 'BIO_listen', sock: 'm', addr: '127.0.0.1:0', group: 'h' }, { ...sock('e'), group: 'h' }, { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{m.port}', group: 'h' }]);
    expect(port.map((x) => [x.step, x.field])).toEqual([[8, 'addr']]);
  });

  it('a group asks at most one prediction', () => {
    const prediction = { question: 'q', choices: [{ ret: 1 }, { ret: -1 }], explanation: 'e' };
    const e = errors([write('c', 'g', { prediction }), write('c', 'g', { prediction })]).filter((x) => x.field !== 'caption');
    expect(e.map((x) => [x.step, x.field, x.message])).toEqual([[5, 'prediction', expect.stringMatching(/already asks a prediction at step 5/)]]);
  });
});

describe('checkScenarioText', () => {
  it('invalid JSON is an invalid file with no step or field', () => {
    const r = checkScenarioText('{"steps": [');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ step: null, field: null });
      expect(r.error.message).toMatch(/not valid JSON/);
    }
  });

  it('invalid JSON says the line and column, not an offset', () => {
    const r = checkScenarioText('{\n  "steps": [\n    {"call": "BIO_socket",}\n  ]\n}');
    expect(r.ok ? null : r.error.message).toBe('the file is not valid JSON: line 3, column 27: unexpected \'}\'; expected a "name" in quotes');
  });

  it('valid JSON text goes through the same checks', () => {
    expect(checkScenarioText(JSON.stringify({ steps: [sock('a')] })).ok).toBe(true);
    expect(checkScenarioText(JSON.stringify({ steps: [sock('a'), sock('a')] })).ok).toBe(false);
  });
});

describe('lessons, objects and the file itself', () => {
  const errorsOf = (json: unknown) => {
    const r = checkScenario(json);
    return r.ok ? [] : r.errors.map((e) => [e.step, e.field, e.message]);
  };
  const caption = 'missing; in a lesson (a file whose steps carry captions or predictions) every step needs a caption: what to say while it runs';

  it('a file whose steps carry a caption, a prediction, or that says what it needs is a lesson: every step then needs a caption', () => {
    const prediction = { choices: [{ ret: 1 }, { ret: -1 }], explanation: 'e' };
    expect(errorsOf({ steps: [{ ...sock('a'), caption: 'one' }, sock('b')] })).toEqual([[1, 'caption', caption]]);
    expect(errorsOf({ steps: [{ ...sock('a'), prediction }, sock('b')] })).toEqual([
      [0, 'caption', caption],
      [1, 'caption', caption],
    ]);
    expect(errorsOf({ needs: ['TFO'], steps: [sock('a')] })).toEqual([[0, 'caption', caption]]);
    expect(errorsOf({ steps: [sock('a'), sock('b')] })).toEqual([]);
    expect(isLesson({ steps: [sock('a')] as never })).toBe(false);
  });

  it('a file that fails its schema is still read as a lesson when it looks like one', () => {
    const bad = { call: 'BIO_socket', as: 'b', domain: 'AF_X', socktype: 'SOCK_STREAM' };
    expect(errorsOf({ steps: [{ ...sock('a'), caption: 'c' }, bad, sock('c')] }).map((e) => e.slice(0, 2))).toEqual([
      [1, 'domain'],
      [2, 'caption'],
    ]);
    expect(errorsOf({ needs: ['TFO'], steps: [bad, sock('c')] }).map((e) => e.slice(0, 2))).toEqual([
      [0, 'domain'],
      [1, 'caption'],
    ]);
    expect(errorsOf({ steps: [{ ...bad, prediction: {} }, sock('c')] }).some((e) => e[0] === 1 && e[1] === 'caption')).toBe(true);
    expect(errorsOf({ steps: [bad, sock('c')] }).map((e) => e.slice(0, 2))).toEqual([[0, 'domain']]);
    expect(errorsOf({ steps: [bad, 7, null] }).map((e) => e.slice(0, 2))).toEqual([
      [0, 'domain'],
      [1, 'call'],
      [2, 'call'],
    ]);
  });

  it('a step whose schema failed keeps the first step\'s name for later steps; a name given twice that way is not an error of its own', () => {
    const bad = (as: string) => ({ call: 'BIO_socket', as, domain: 'AF_X', socktype: 'SOCK_STREAM' });
    const errors = errorsOf({ steps: [bad('a'), bad('a'), { call: 'BIO_closesocket', sock: 'a' }, { ...sock('b'), as: 5 }, { call: 'BIO_closesocket', sock: 'b' }] });
    expect(errors.map((e) => e.slice(0, 2))).toEqual([
      [0, 'domain'],
      [1, 'domain'],
      [3, 'as'],
      [4, 'sock'],
    ]);
  });

  it('a prediction whose choices overlap names prediction.choices', () => {
    const prediction = { choices: [{ ret: 'fd' }, { ret: 'fd' }], explanation: 'e' };
    const errors = errorsOf({ steps: [{ ...sock('a'), caption: 'c', prediction }] });
    expect(errors.map((e) => e.slice(0, 2))).toEqual([[0, 'prediction.choices']]);
  });

  it('a BIO, TLS connection or context is named by an earlier "as" of its kind', () => {
    const ctx = { call: 'SSL_CTX_new', as: 'x', method: 'TLS_client_method' };
    expect(errorsOf({ steps: [{ call: 'SSL_connect', ssl: 's' }] })).toEqual([[0, 'ssl', 'no earlier step names a TLS connection (SSL_new) "s" (names come from "as" on SSL_new)']]);
    expect(errorsOf({ steps: [{ call: 'SSL_CTX_free', ctx: 'x' }] })).toEqual([[0, 'ctx', 'no earlier step names a TLS context (SSL_CTX_new) "x" (names come from "as" on SSL_CTX_new)']]);
    expect(errorsOf({ steps: [sock('x'), { call: 'SSL_CTX_free', ctx: 'x' }] })).toEqual([[1, 'ctx', '"x" is a socket (step 1), not a TLS context (SSL_CTX_new)']]);
    expect(errorsOf({ steps: [ctx, { call: 'SSL_new', as: 's', ctx: 'x', sock: 'x' }] })).toEqual([[1, 'sock', '"x" is a TLS context (SSL_CTX_new), not a socket']]);
    expect(errorsOf({ steps: [ctx, { call: 'BIO_read', sock: 'x', max: 1 }] })).toEqual([[1, 'sock', '"x" is a TLS context (SSL_CTX_new), not a socket or a BIO']]);
    const bio = { call: 'BIO_new_connect', as: 'b', addr: '127.0.0.1:1' };
    for (const use of [{ call: 'BIO_read', sock: 'b', max: 1 }, { call: 'BIO_write', sock: 'b', data: 'x' }, { call: 'wait', sock: 'b', for: 'readable', timeoutMs: 1 }]) {
      expect(errorsOf({ steps: [bio, use] }), use.call).toEqual([]);
    }
    expect(errorsOf({ steps: [bio, { call: 'BIO_closesocket', sock: 'b' }] })).toEqual([[1, 'sock', '"b" is a BIO, not a socket']]);
    // A name whose own step failed its schema is of no checked kind: only that step's error is told.
    expect(errorsOf({ steps: [{ ...ctx, method: 'TLS_x' }, { call: 'SSL_CTX_free', ctx: 'x' }, { call: 'BIO_read', sock: 'x', max: 1 }] }).map((e) => e.slice(0, 2))).toEqual([[0, 'method']]);
  });

  it('a file that is not an object, or has no list of steps, says so at the file', () => {
    for (const json of [5, null, [], { steps: 'x' }]) {
      const r = checkScenario(json);
      expect(r.ok, JSON.stringify(json)).toBe(false);
      if (r.ok) continue;
      expect(r.error.step, JSON.stringify(json)).toBeNull();
    }
    const r = checkScenario(5);
    expect(r.ok ? null : r.error.field).toBe('(file)');
    expect(scenarioErrorText({ step: null, field: null, message: 'm' })).toBe('m');
    expect(scenarioErrorText({ step: 0, field: null, message: 'm' })).toBe('step 1: m');
  });

  it('lists file errors before step errors, and steps in order', () => {
    const r = checkScenario({ title: 5, steps: [sock('a'), { call: 'BIO_closesocket', sock: 'zz' }, { ...sock('b'), domain: 'AF_X' }] });
    expect(r.ok ? [] : r.errors.map((e) => [e.step, e.field])).toEqual([
      [null, 'title'],
      [1, 'sock'],
      [2, 'domain'],
    ]);
  });

  it('an error inside a file-level list (needs) stays at the file, not at a step', () => {
    const r = checkScenario({ needs: ['FAST'], steps: [{ ...sock('a'), caption: 'A socket' }] });
    expect(r.ok ? [] : r.errors.map((e) => [e.step, e.field])).toEqual([[null, 'needs[0]']]);
  });

  it('says which placeholder names no socket, and which step an await names, counted as a person reads it', () => {
    const r = checkScenario({ steps: [sock('c'), { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{zz.port}' }, { call: 'await', step: 5 }] });
    expect(r.ok ? [] : r.errors.map(scenarioErrorText)).toEqual([
      'step 2, addr: {zz.port} names no earlier socket',
      'step 3, step: 5 names step 6 (the file counts from 0, messages from 1), which is not an earlier step started with "background": true',
    ]);
  });

  it('a step that is null is an error of its own, and the check goes on', () => {
    const r = checkScenario({ steps: [null, sock('a'), { call: 'BIO_closesocket', sock: 'zz' }] });
    expect(r.ok ? [] : r.errors.map((e) => [e.step, e.field])).toEqual([
      [0, 'call'],
      [2, 'sock'],
    ]);
  });

  it('puts a file error before an error of the first step, when the schema fails and when only the names do', () => {
    const schemaFails = checkScenario({ title: 5, steps: [{ call: 'BIO_closesocket', sock: 'zz' }] });
    expect(schemaFails.ok ? [] : schemaFails.errors.map((e) => [e.step, e.field])).toEqual([
      [null, 'title'],
      [0, 'sock'],
    ]);
    // An unknown key is the schema's last issue, after the steps' own.
    const unknownKey = checkScenario({ steps: [{ ...sock('a'), domain: 'AF_X' }], bogus: true });
    expect(unknownKey.ok ? [] : unknownKey.errors.map((e) => e.step)).toEqual([null, 0]);
  });

  it('sorts a group problem before a later name error', () => {
    const write = (group?: string) => ({ call: 'BIO_write', sock: 'c', data: 'x', ...(group ? { group } : {}) });
    const r = checkScenario({ steps: [sock('c'), write('g'), write(), write('g'), { call: 'BIO_closesocket', sock: 'zz' }, { call: 'BIO_closesocket', sock: 'c' }, write('g')] });
    expect(r.ok ? [] : r.errors.map((e) => [e.step, e.field])).toEqual([
      [3, 'group'],
      [4, 'sock'],
      [6, 'group'],
    ]);
  });

  it('checks the names of only the first 100000 steps of a file holding more', () => {
    const r = checkScenario({ steps: Array.from({ length: 100_001 }, () => ({ call: 'BIO_closesocket', sock: 'gone' })) });
    if (r.ok) throw new Error('expected errors');
    expect(r.errors[0]).toMatchObject({ step: null, field: 'steps' });
    // The file's own error and one for each of the first 100000 steps: 50 listed, 99951 counted.
    expect(r.errors[50]).toEqual({ step: null, field: null, message: 'and 99951 more errors' });
  });

  it('reports up to 50 errors and no note when there are exactly that many', () => {
    const steps = Array.from({ length: 50 }, () => ({ call: 'BIO_closesocket', sock: 'gone' }));
    const r = checkScenario({ steps });
    expect(r.ok ? 0 : r.errors.length).toBe(50);
  });
});
