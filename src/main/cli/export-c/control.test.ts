// main()'s schedule for a step group: its calls one after another, nothing between them (no
// background step is retried inside it), under a comment naming the group.
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../../shared/scenario-check';
import { plan } from './plan';
import { schedule } from './control';

const tcp = { domain: 'AF_INET', socktype: 'SOCK_STREAM' };

describe('schedule', () => {
  it('writes a group back to back under one comment, retrying pending background steps only after it', () => {
    const checked = checkScenario({
      steps: [
        { call: 'BIO_socket', as: 'l', ...tcp },
        { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
        { call: 'BIO_accept_ex', sock: 'l', as: 'a', background: true },
        { call: 'BIO_socket', as: 'c', ...tcp },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}' },
        { call: 'BIO_write', sock: 'c', data: 'head', group: 'round-1' },
        { call: 'BIO_write', sock: 'c', data: 'body', group: 'round-1' },
        { call: 'wait', sock: 'c', for: 'writable', timeoutMs: 100, group: 'round-1' },
        { call: 'await', step: 2 },
      ],
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const lines = schedule(checked.scenario, plan(checked.scenario)).map((l) => l.trim());
    const at = (text: string) => lines.indexOf(text);
    const comment = lines.findIndex((l) => l.startsWith('/* group round-1'));
    expect(lines[comment]).toBe('/* group round-1, steps 6 to 8: made back to back, nothing between them */');
    expect(lines.slice(comment + 1, at('wb_step_7(WB_WAIT);') + 1)).toEqual(['wb_step_5(WB_WAIT);', 'wb_step_6(WB_WAIT);', 'wb_step_7(WB_WAIT);']);
    // Outside the group a pending background step is retried after each step, and after the group's last.
    expect(lines[at('wb_step_4(WB_WAIT);') + 1]).toBe('wb_try_pending();');
    expect(lines[at('wb_step_7(WB_WAIT);') + 1]).toBe('wb_try_pending();');
  });
});
