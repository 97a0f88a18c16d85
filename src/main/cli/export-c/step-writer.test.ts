// An address with `{name.port}` or `{tmp}` filled in at run time: the snprintf export-c writes,
// with a `%` of the address itself doubled so printf does not read it as a conversion.
import { describe, expect, it } from 'vitest';
import { exportC } from '../export-c';
import { checkScenarioText } from '../../../shared/scenario-check';

function programOf(steps: unknown[]): string {
  const checked = checkScenarioText(JSON.stringify({ title: 'addresses', steps }));
  if (!checked.ok) throw new Error(checked.error.message);
  return exportC(checked.scenario);
}

const listener = [
  { call: 'BIO_socket', as: 'l', domain: 'AF_INET6', socktype: 'SOCK_STREAM' },
  { call: 'BIO_listen', sock: 'l', addr: '[::1]:0' },
];

describe('addressLines', () => {
  it('doubles a % of the address (an IPv6 scope) and fills the port from the listener', () => {
    const c = programOf([...listener, { call: 'BIO_socket', as: 'c', domain: 'AF_INET6', socktype: 'SOCK_STREAM' }, { call: 'BIO_connect', sock: 'c', addr: '[fe80::1%lo]:{l.port}' }]);
    expect(c).toContain('    snprintf(wb_addr_text, sizeof wb_addr_text, "[fe80::1%%lo]:%d", wb_info_l.port);\n');
    expect(c).toContain('    if (wb_info_l.port <= 0)\n        return wb_refuse(r, "addr: {l.port}: socket \\"l\\" has no bound port yet");\n');
  });

  it('passes each placeholder\'s value in order', () => {
    const c = programOf([...listener, { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' }, { call: 'BIO_bind', sock: 'u', addr: 'unix:{tmp}/s-{l.port}.sock' }]);
    expect(c).toContain('    snprintf(wb_addr_text, sizeof wb_addr_text, "unix:%s/s-%d.sock", wb_tmp_dir(), wb_info_l.port);\n');
  });
});
