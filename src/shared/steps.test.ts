import { describe, expect, it } from 'vitest';
import { Scenario, Step } from './steps';
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

  it('a scenario needs at least one step', () => {
    expect(Scenario.safeParse({ steps: [] }).success).toBe(false);
  });
});
