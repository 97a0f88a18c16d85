import { describe, expect, it } from 'vitest';
import { listedCalls, Scenario, scenarioJsonSchema, Step } from './steps';
import { contract } from './contract';
import { validate } from './rpc/validate';

function fieldOf(step: unknown): string | null {
  const r = validate(contract.call.input, { step });
  return r.ok ? null : r.field;
}

describe('Step', () => {
  it('accepts the calls as the issue writes them', () => {
    const ok: unknown[] = [
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET6', socktype: 'SOCK_STREAM', protocol: 'IPPROTO_TCP', options: 0 },
      { call: 'BIO_listen', sock: 'l', addr: '[::]:0', options: ['BIO_SOCK_V6_ONLY', 'BIO_SOCK_REUSEADDR'] },
      { call: 'BIO_connect', sock: 3, addr: '127.0.0.1:{l.port}', options: 2 ** 31 - 1 },
      { call: 'BIO_bind', sock: 'u', addr: 'unix:/tmp/x.sock' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 1000 },
      { call: 'BIO_write', sock: 'a', dataHex: '0a 0b' },
      { call: 'BIO_read', sock: 'a', max: 10 },
      { call: 'wait', sock: 'a', for: 'writable', timeoutMs: 0 },
    ];
    for (const s of ok) expect(Step.safeParse(s).success, JSON.stringify(s)).toBe(true);
  });

  it('names the field of a bad step', () => {
    expect(fieldOf({ call: 'BIO_socket', domain: 'AF_BOGUS', socktype: 'SOCK_STREAM' })).toBe('step.domain');
    expect(fieldOf({ call: 'BIO_socket', domain: 'AF_INET' })).toBe('step.socktype');
    expect(fieldOf({ call: 'BIO_connect', sock: 'c', addr: 'no-port' })).toBe('step.addr');
    expect(fieldOf({ call: 'BIO_read', sock: 'c', max: 0 })).toBe('step.max');
    expect(fieldOf({ call: 'BIO_write', sock: 'c', data: 'x', dataHex: '00' })).toBe('step.data');
    expect(fieldOf({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', bogus: 1 })).toMatch(/^step/);
    expect(fieldOf({ call: 'BIO_frobnicate' })).toMatch(/^step/);
  });

  it('rejects an unknown flag name, naming options', () => {
    const f = fieldOf({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_FAST'] });
    expect(f).toMatch(/^step\.options/);
    const r = Step.safeParse({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['SO_REUSEADDR'] });
    expect(r.success).toBe(false);
  });

  it('rejects options out of 0..2^31-1 or not integers', () => {
    for (const options of [-1, 2 ** 31, 1.5, '4']) {
      expect(fieldOf({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', options }), String(options)).toBe('step.options');
    }
  });

  it('refuses a numeric port above 65535 in addr, naming the field and the range (glibc would cut 99999 to 34463)', () => {
    for (const [call, addr] of [['BIO_connect', '127.0.0.1:99999'], ['BIO_bind', '[::1]:65536'], ['BIO_listen', '*:70000'], ['BIO_connect', 'localhost:0099999']]) {
      const r = validate(contract.call.input, { step: { call, sock: 'c', addr } });
      expect(r.ok, addr).toBe(false);
      if (r.ok) continue;
      expect(r.field, addr).toBe('step.addr');
      expect(r.message, addr).toMatch(/^step\.addr: .*port from 0 to 65535/);
    }
    expect(fieldOf({ call: 'BIO_lookup_ex', addr: '127.0.0.1:65536' })).toBe('step.addr');
  });

  it('keeps ports 0 to 65535, service names, {name.port} placeholders and unix paths', () => {
    for (const addr of ['127.0.0.1:0', '127.0.0.1:65535', '[::1]:00443', 'localhost:http', '127.0.0.1:{l.port}', '[::1]:{l.port}', 'unix:/srv/99999.sock', 'unix:{tmp}/70000.sock']) {
      expect(fieldOf({ call: 'BIO_connect', sock: 'c', addr }), addr).toBeNull();
    }
  });

  it('takes loops: bytes and chunk with one pattern source, a file, a read of bytes or until eof', () => {
    const ok: unknown[] = [
      { call: 'BIO_write', sock: 'a', data: 'x', bytes: 1 },
      { call: 'BIO_write', sock: 'a', dataHex: 'ff', bytes: Number.MAX_SAFE_INTEGER, chunk: 1_048_576 },
      { call: 'BIO_write', sock: 'a', file: '/srv/big.bin' },
      { call: 'BIO_write', sock: 'a', file: 'relative.bin', bytes: 10, chunk: 1 },
      { call: 'BIO_read', sock: 'a', bytes: 100, chunk: 7, timeoutMs: 5 },
      { call: 'BIO_read', sock: 'a', until: 'eof' },
    ];
    for (const s of ok) expect(fieldOf(s), JSON.stringify(s)).toBeNull();
  });

  it('refuses a bad loop, naming the field and what it takes', () => {
    const bad: [unknown, string, RegExp][] = [
      [{ call: 'BIO_write', sock: 'a', data: 'x', bytes: 0 }, 'step.bytes', /^step\.bytes: expected a positive whole number of bytes$/],
      [{ call: 'BIO_write', sock: 'a', data: 'x', bytes: 2 ** 53 }, 'step.bytes', /expected a whole number of bytes, at most 9007199254740991/],
      [{ call: 'BIO_write', sock: 'a', data: 'x', bytes: 1.5 }, 'step.bytes', /whole number of bytes/],
      [{ call: 'BIO_write', sock: 'a', data: 'x', bytes: 9, chunk: 0 }, 'step.chunk', /expected a chunk of 1 to 1048576 bytes/],
      [{ call: 'BIO_write', sock: 'a', data: 'x', bytes: 9, chunk: 1_048_577 }, 'step.chunk', /expected a chunk of 1 to 1048576 bytes/],
      [{ call: 'BIO_write', sock: 'a', data: 'x', chunk: 10 }, 'step.chunk', /give bytes \(or file\)/],
      [{ call: 'BIO_write', sock: 'a', data: 'x', file: '/f', bytes: 9 }, 'step.data', /exactly one of data \(text\), dataHex or file/],
      [{ call: 'BIO_write', sock: 'a', bytes: 9 }, 'step.data', /missing; BIO_write needs data: text \(or dataHex: hex digits, or file: a path to send\)/],
      [{ call: 'BIO_write', sock: 'a', data: '', bytes: 9 }, 'step.data', /at least one byte to repeat/],
      [{ call: 'BIO_write', sock: 'a', dataHex: ' ', bytes: 9 }, 'step.dataHex', /at least one byte to repeat/],
      [{ call: 'BIO_write', sock: 'a', file: 'two\nlines' }, 'step.file', /one line/],
      [{ call: 'BIO_read', sock: 'a' }, 'step.max', /missing; BIO_read needs max: an integer from 1 to 16777216 for one BIO_read \(or bytes, or until: "eof", for a loop\)/],
      [{ call: 'BIO_read', sock: 'a', max: 4, until: 'eof' }, 'step.max', /exactly one of max/],
      [{ call: 'BIO_read', sock: 'a', until: 'close' }, 'step.until', /expected "eof"/],
      [{ call: 'BIO_read', sock: 'a', max: 4, chunk: 2 }, 'step.chunk', /not max/],
    ];
    for (const [step, field, message] of bad) {
      const r = validate(contract.call.input, { step });
      expect(r.ok, JSON.stringify(step)).toBe(false);
      if (r.ok) continue;
      expect(r.field, JSON.stringify(step)).toBe(field);
      expect(r.message, JSON.stringify(step)).toMatch(message);
    }
  });

  it('a scenario needs at least one step', () => {
    expect(Scenario.safeParse({ steps: [] }).success).toBe(false);
  });
});

describe('what a bad step is told', () => {
  const told = (step: unknown): string => {
    const r = validate(contract.call.input, { step });
    if (r.ok) throw new Error(`expected ${JSON.stringify(step)} to be refused`);
    return r.message;
  };
  const listen = (options: unknown) => ({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options });

  it('options: the first unknown flag name, the likeliest one meant, and the names it takes', () => {
    expect(told(listen(['BIO_SOCK_REUSEADDR', 'BIO_SOCK_REUSEADR']))).toMatch(/^step\.options: unknown flag name "BIO_SOCK_REUSEADR"; did you mean BIO_SOCK_REUSEADDR\? expected BIO_SOCK_\* names \(BIO_SOCK_REUSEADDR, /);
    expect(told(listen(['QQQQQQQQQQQQ']))).toMatch(/^step\.options: unknown flag name "QQQQQQQQQQQQ"; expected BIO_SOCK_\* names \(/);
    expect(told(listen([`BIO_SOCK_${'X'.repeat(100)}`]))).toContain(`unknown flag name "BIO_SOCK_${'X'.repeat(55)}";`);
    expect(told(listen([3]))).toMatch(/unknown flag name a number; expected/);
    expect(told(listen([['BIO_SOCK_NODELAY']]))).toMatch(/unknown flag name a list; expected/);
    expect(told(listen(Array.from({ length: 33 }, () => 'BIO_SOCK_NODELAY')))).toBe('step.options: expected at most 32 flag names');
    expect(told(listen('BIO_SOCK_NODELAY'))).toBe('step.options: expected an integer from 0 to 2147483647 or a list of BIO_SOCK_* names');
  });

  it('dataHex: pairs of hex digits, spaces anywhere', () => {
    for (const dataHex of ['zz', '0a0', '0a 0', '0x0a']) expect(told({ call: 'BIO_write', sock: 'a', dataHex }), dataHex).toMatch(/^step\.dataHex: expected pairs of hex digits/);
    expect(fieldOf({ call: 'BIO_write', sock: 'a', dataHex: ' 0a\t0B\n' })).toBeNull();
  });

  it('a port is a number up to 65535 only where it is all digits, and a unix path holds none', () => {
    expect(told({ call: 'BIO_connect', sock: 'c', addr: '[::1]:123456789012345678901234' })).toBe('step.addr: expected a port from 0 to 65535 (or a service name), got 12345678901234567890');
    expect(fieldOf({ call: 'BIO_connect', sock: 'c', addr: 'unix:/tmp/s:99999' })).toBeNull();
    expect(fieldOf({ call: 'BIO_connect', sock: 'c', addr: 'localhost:99999x' })).toBeNull();
    // Not all digits: a service name for the resolver, though Number() would read a large port in it.
    expect(fieldOf({ call: 'BIO_connect', sock: 'c', addr: 'localhost:1e6' })).toBeNull();
    expect(fieldOf({ call: 'BIO_connect', sock: 'c', addr: 'localhost:0x1ffff' })).toBeNull();
  });

  it('call: the calls there are, and the likeliest one meant', () => {
    expect(told({ call: 'BIO_gethostname' })).toMatch(/^step.call: BIO_gethostname\(\) is named in the manual's HISTORY/);
    expect(told({ sock: 'c' })).toMatch(/^step\.call: missing; expected one of BIO_socket, BIO_bind, /);
    expect(told({ call: 5 })).toMatch(/^step\.call: expected one of BIO_socket, .*, got a number$/);
    expect(told({ call: null })).toMatch(/, got null$/);
    expect(told({ call: 'BIO_lisen' })).toMatch(/^step\.call: unknown call "BIO_lisen"; did you mean BIO_listen\? expected one of BIO_socket/);
    expect(told({ call: 'zzzzzzzzzzzz' })).toMatch(/^step\.call: unknown call "zzzzzzzzzzzz"; expected one of BIO_socket/);
    expect(told({ call: 'x'.repeat(200) })).toContain(`unknown call "${'x'.repeat(64)}";`);
    expect(told({ call: 'BIO_lisen' })).toContain(`expected one of ${listedCalls().join(', ')}`);
    expect(listedCalls().slice(0, 3)).toEqual(['BIO_socket', 'BIO_bind', 'BIO_connect']);
  });

  it('the test-only crash hook is listed only where its variable is set', () => {
    const before = process.env.BIO_WORKBENCH_TEST_CRASH;
    try {
      delete process.env.BIO_WORKBENCH_TEST_CRASH;
      expect(listedCalls()).not.toContain('__crash');
      expect(listedCalls()).toContain('BIO_socket');
      expect(told({ call: 'nope' })).not.toContain('__crash');
      expect(JSON.stringify(scenarioJsonSchema())).not.toContain('__crash');
      process.env.BIO_WORKBENCH_TEST_CRASH = '1';
      expect(listedCalls()).toContain('__crash');
      expect(told({ call: 'nope' })).toContain('__crash');
      expect(JSON.stringify(scenarioJsonSchema())).toContain('"__crash"');
    } finally {
      if (before === undefined) delete process.env.BIO_WORKBENCH_TEST_CRASH;
      else process.env.BIO_WORKBENCH_TEST_CRASH = before;
    }
  });

  it('lists the calls in a page, where there is no process', () => {
    const page = globalThis as { process?: unknown };
    const real = page.process;
    let listed: string[] = [];
    let withoutEnv: string[] = [];
    try {
      page.process = undefined;
      listed = listedCalls();
      page.process = {};
      withoutEnv = listedCalls();
    } finally {
      page.process = real;
    }
    expect(listed).toContain('BIO_socket');
    expect(listed).not.toContain('__crash');
    expect(withoutEnv).toEqual(listed);
  });

  it('the JSON Schema holds the scenario\'s own limits: title, description, needs, at least one and at most 100000 steps', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, Record<string, unknown>> };
    const { items, ...steps } = schema.properties.steps;
    expect(items).toBeDefined();
    expect({ ...schema, properties: { ...schema.properties, steps } }).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        title: { type: 'string', maxLength: 300 },
        description: { type: 'string', maxLength: 10000 },
        needs: { maxItems: 1, type: 'array', items: { type: 'string', enum: ['TFO'] } },
        steps: { minItems: 1, maxItems: 100000, type: 'array', description: 'the calls to make, in order' },
      },
      required: ['steps'],
      additionalProperties: false,
    });
  });

  it('the JSON Schema for editors lists each call and its fields', () => {
    const schema = JSON.stringify(scenarioJsonSchema());
    for (const name of ['"BIO_socket"', '"BIO_connect"', '"steps"', '"addr"', '"BIO_SOCK_REUSEADDR"']) expect(schema).toContain(name);
  });
});

describe('the compare request', () => {
  it('takes exactly one of a shipped scenario\'s id or a scenario, naming shipped otherwise', () => {
    const scenario = { steps: [{ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' }] };
    expect(validate(contract.compare.input, { libcrypto: '/lib/libcrypto.so.3', shipped: 'tcp-exchange' }).ok).toBe(true);
    expect(validate(contract.compare.input, { libcrypto: '/lib/libcrypto.so.3', scenario }).ok).toBe(true);
    expect(validate(contract.compare.input, { libcrypto: '/lib/libcrypto.so.3' })).toEqual({ ok: false, field: 'shipped', message: expect.stringMatching(/^shipped: missing; expected a scenario id from "scenarios", or a scenario in its place/) });
    expect(validate(contract.compare.input, { libcrypto: '/lib/libcrypto.so.3', shipped: 'tcp-exchange', scenario })).toEqual({
      ok: false,
      field: 'shipped',
      message: expect.stringMatching(/expected exactly one of shipped \(a shipped scenario's id\) or scenario$/),
    });
  });
});
