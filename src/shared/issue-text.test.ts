import { afterEach, describe, expect, it } from 'vitest';
import { contract } from './contract';
import { validate } from './rpc/validate';
import { closestName } from './closest-name';
import { listedCalls, scenarioJsonSchema } from './steps';

function requestError(step: unknown): { field: string | null; message: string } {
  const r = validate(contract.call.input, { step });
  if (r.ok) throw new Error(`expected ${JSON.stringify(step)} to be refused`);
  return { field: r.field, message: r.message };
}

const savedCrash = process.env.BIO_WORKBENCH_TEST_CRASH;
afterEach(() => {
  if (savedCrash === undefined) delete process.env.BIO_WORKBENCH_TEST_CRASH;
  else process.env.BIO_WORKBENCH_TEST_CRASH = savedCrash;
});

describe('issue text: a missing field', () => {
  it('says which field is missing and what the call needs there', () => {
    expect(requestError({ call: 'BIO_connect', sock: 'c' })).toEqual({
      field: 'step.addr',
      message: 'step.addr: missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path',
    });
  });

  it('describes enums, numbers and socket references from the schema', () => {
    expect(requestError({ call: 'BIO_socket', socktype: 'SOCK_STREAM' }).message).toBe('step.domain: missing; BIO_socket needs domain: AF_INET, AF_INET6 or AF_UNIX');
    expect(requestError({ call: 'BIO_read', sock: 'c' }).message).toBe('step.max: missing; BIO_read needs max: an integer from 1 to 16777216 for one BIO_read (or bytes, or until: "eof", for a loop)');
    expect(requestError({ call: 'BIO_connect', addr: '127.0.0.1:1' }).message).toMatch(/^step\.sock: missing; BIO_connect needs sock: a socket name given by an earlier "as", or an fd number$/);
    expect(requestError({ call: 'await' }).message).toBe('step.step: missing; await needs step: an integer of at least 0');
  });

  it('a missing call says so and lists the calls', () => {
    const e = requestError({ sock: 'c' });
    expect(e.field).toBe('step.call');
    expect(e.message).toMatch(/^step\.call: missing; expected one of BIO_socket, BIO_bind, BIO_connect/);
  });

  it('a field of the wrong type says what it takes and what it got', () => {
    expect(requestError({ call: 'BIO_read', sock: 'c', max: '10' }).message).toBe('step.max: expected an integer from 1 to 16777216 for one BIO_read (or bytes, or until: "eof", for a loop), got a string');
    expect(requestError({ call: 'BIO_connect', sock: 'c', addr: 80 }).message).toBe('step.addr: expected host:service, [v6addr]:service or unix:/path, got 80');
    expect(requestError({ call: 'BIO_read', sock: 'c', max: 1.5 }).message).toBe('step.max: expected an integer from 1 to 16777216 for one BIO_read (or bytes, or until: "eof", for a loop), got 1.5');
    expect(requestError({ call: 'BIO_read', sock: 'c', max: ['x'.repeat(1000)] }).message).toBe('step.max: expected an integer from 1 to 16777216 for one BIO_read (or bytes, or until: "eof", for a loop), got a list');
  });

  it('a request field outside a step keeps a plain "missing"', () => {
    const r = validate(contract.log.input, { offset: 0 });
    expect(r).toMatchObject({ ok: false, field: 'limit', message: 'limit: missing; expected an integer from 1 to 10000' });
  });
});

describe('issue text: misspellings', () => {
  it('a misspelled call gets a "did you mean"', () => {
    const e = requestError({ call: 'BIO_conect', sock: 'c' });
    expect(e.field).toBe('step.call');
    expect(e.message).toMatch(/^step\.call: unknown call "BIO_conect"; did you mean BIO_connect\?/);
    expect(requestError({ call: 'bio_socket' }).message).toMatch(/did you mean BIO_socket\?/);
    // Nothing close: no guess, just the list.
    expect(requestError({ call: 'frobnicate' }).message).not.toMatch(/did you mean/);
  });

  it('a misspelled field of a step gets a "did you mean" and still names the key', () => {
    const e = requestError({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', adr: 'x' });
    expect(e.field).toBe('step.adr');
    expect(e.message).toMatch(/^step\.adr: unknown field "adr" for BIO_connect; did you mean addr\?/);
  });

  it('closestName finds one edit or a case slip, and nothing far away', () => {
    const names = ['BIO_connect', 'BIO_socket', 'BIO_sock_error', 'listen', 'BIO_listen'];
    expect(closestName('BIO_conect', names)).toBe('BIO_connect');
    expect(closestName('BIO_connnect', names)).toBe('BIO_connect');
    expect(closestName('BIO_cnonect', names)).toBe('BIO_connect');
    expect(closestName('bio_listen', names)).toBe('BIO_listen');
    expect(closestName('lsiten', names)).toBe('listen');
    expect(closestName('accept', names)).toBeNull();
    expect(closestName('x'.repeat(10_000), names)).toBeNull();
  });
});

describe('the test-only __crash call', () => {
  it('is not listed in messages, suggestions or the JSON Schema without its variable', () => {
    delete process.env.BIO_WORKBENCH_TEST_CRASH;
    expect(listedCalls()).not.toContain('__crash');
    expect(listedCalls()).toContain('BIO_connect');
    expect(requestError({ call: 'nope' }).message).not.toContain('__crash');
    expect(requestError({ call: '_crash' }).message).not.toMatch(/did you mean/);
    expect(JSON.stringify(scenarioJsonSchema())).not.toContain('__crash');
    expect(JSON.stringify(scenarioJsonSchema())).toContain('"BIO_connect"');
  });

  it('is listed when BIO_WORKBENCH_TEST_CRASH=1', () => {
    process.env.BIO_WORKBENCH_TEST_CRASH = '1';
    expect(listedCalls()).toContain('__crash');
    expect(requestError({ call: 'nope' }).message).toContain('__crash');
    expect(JSON.stringify(scenarioJsonSchema())).toContain('__crash');
  });

  it('is still accepted by the schema (the engine refuses it without the variable)', () => {
    delete process.env.BIO_WORKBENCH_TEST_CRASH;
    expect(validate(contract.call.input, { step: { call: '__crash' } }).ok).toBe(true);
  });

  it('the JSON Schema is still a valid description of a scenario', () => {
    const schema = scenarioJsonSchema() as { properties: { steps: { items: { oneOf?: unknown[]; anyOf?: unknown[] } } } };
    const items = schema.properties.steps.items;
    expect((items.oneOf ?? items.anyOf ?? []).length).toBe(listedCalls().length);
  });
});
