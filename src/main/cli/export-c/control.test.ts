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

/** main()'s schedule for `steps`, each line trimmed. */
function scheduleOf(steps: unknown[]): string[] {
  const checked = checkScenario({ steps });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return schedule(checked.scenario, plan(checked.scenario)).map((l) => l.trim());
}

describe('schedule: background steps', () => {
  it('a background loop runs on a thread of its own, said as a loop; a step with background false gets no comment', () => {
    const lines = scheduleOf([
      { call: 'BIO_socket', as: 'c', ...tcp, background: false },
      { call: 'BIO_write', sock: 'c', data: 'x', bytes: 100, background: true },
      { call: 'await', step: 1 },
    ]);
    expect(lines).toContain('wb_step_0(WB_WAIT);');
    expect(lines).toContain('wb_start_thread(1, wb_thread_1, c); /* background loop: its own thread, errno and queue stay there */');
    expect(lines).toContain('wb_join_thread(1);');
  });

  it('awaiting a background step made in place joins no thread and finishes nothing', () => {
    const lines = scheduleOf([{ call: 'BIO_socket', as: 'c', ...tcp, background: true }, { call: 'await', step: 0 }]);
    expect(lines).toEqual([
      'wb_step_0(WB_WAIT); /* background, but it never waits for readiness: made in place */',
      '/* step 2: await step 1 */',
      'wb_follow(1, "await", "/* await step 0 */", 0);',
    ]);
  });

  it('BIO_closesocket ends only the earlier steps still waiting on its socket, and nothing for an fd number', () => {
    const lines = scheduleOf([
      { call: 'BIO_socket', as: 'c', ...tcp },
      { call: 'BIO_read', sock: 'c', max: 1, background: true },
      { call: 'BIO_read', sock: 3, max: 1, background: true },
      { call: 'BIO_closesocket', sock: 'c' },
      { call: 'BIO_closesocket', sock: 3 },
      { call: 'BIO_read', sock: 'c', max: 1, background: true },
    ]);
    const ended = lines.filter((l) => l.includes('ends the waiting step'));
    expect(ended).toEqual(['wb_step_1(WB_CANCEL); /* BIO_closesocket(c) ends the waiting step 2 */']);
  });
});
