import { describe, expect, it } from 'vitest';
import { checkScenario, checkScenarioText, scenarioErrorText } from './scenario-check';

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
    expect(scenarioErrorText(e)).toMatch(/^step 1, sock: /);
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
    expect(e.message).toMatch(/step 0/);
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
    expect(scenarioErrorText(e)).toMatch(/^step 1, options/);
  });

  it('the message leaves the step and field to their own keys; the text puts them first', () => {
    const e = error({ steps: [sock('c'), { call: 'BIO_connect', sock: 'c' }] });
    expect(e).toEqual({ step: 1, field: 'addr', message: 'missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path' });
    expect(scenarioErrorText(e)).toBe('step 1, addr: missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path');
    const typo = error({ steps: [{ call: 'BIO_conect', sock: 'c' }] });
    expect(typo).toMatchObject({ step: 0, field: 'call' });
    expect(typo.message).toMatch(/^unknown call "BIO_conect"; did you mean BIO_connect\?/);
    const dup = error({ steps: [sock('x'), sock('x')] });
    expect(dup.message).not.toMatch(/^step/);
    expect(scenarioErrorText(dup)).toMatch(/^step 1, as: the name "x"/);
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

describe('checkScenarioText', () => {
  it('invalid JSON is an invalid file with no step or field', () => {
    const r = checkScenarioText('{"steps": [');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ step: null, field: null });
      expect(r.error.message).toMatch(/not valid JSON/);
    }
  });

  it('valid JSON text goes through the same checks', () => {
    expect(checkScenarioText(JSON.stringify({ steps: [sock('a')] })).ok).toBe(true);
    expect(checkScenarioText(JSON.stringify({ steps: [sock('a'), sock('a')] })).ok).toBe(false);
  });
});
