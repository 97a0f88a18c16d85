import { describe, expect, it } from 'vitest';
import { groupProblems, groupSpan, questionBefore, stepGroups } from './step-groups';
import type { Step } from './steps';

const write = (group?: string, prediction = false): Step => ({
  call: 'BIO_write',
  sock: 'c',
  data: 'x',
  ...(group ? { group } : {}),
  ...(prediction ? { prediction: { choices: [{ ret: 1 }, { ret: -1 }], explanation: 'e' } } : {}),
});

describe('step groups', () => {
  const steps = [write(), write('a'), write('a', true), write('a'), write('b'), write(), write('a')];

  it('a group is the run of consecutive steps sharing a name; the same name later is another run', () => {
    expect(groupSpan(steps, 2)).toEqual({ name: 'a', first: 1, last: 3 });
    expect(groupSpan(steps, 0)).toEqual({ name: null, first: 0, last: 0 });
    expect(groupSpan(steps, 6)).toEqual({ name: 'a', first: 6, last: 6 });
    expect(stepGroups(steps).map((g) => [g.name, g.first, g.last])).toEqual([
      ['a', 1, 3],
      ['b', 4, 4],
      ['a', 6, 6],
    ]);
  });

  it('the question asked before a group is its prediction, wherever in the group it sits', () => {
    expect(steps.map((_, i) => questionBefore(steps, i))).toEqual([null, 2, null, null, null, null, null]);
    expect(questionBefore([write(undefined, true)], 0)).toBe(0);
  });
});

describe('groupProblems', () => {
  const g = (step: object, group = 'g'): Step => ({ ...step, group }) as Step;
  const sock = (as: string): Step => ({ call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM' });

  it('finds nothing wrong with groups of plain steps on sockets made before them', () => {
    expect(groupProblems([sock('c'), write('a'), write('a', true), write(), write('b')])).toEqual([]);
  });

  it('a name used again after other steps, counted from 1', () => {
    expect(groupProblems([write('a'), write('a'), write(), write('a')])).toEqual([
      { step: 3, field: 'group', message: 'group "a" already ended at step 2; a group\'s steps must be consecutive (give this one another name)' },
    ]);
  });

  it('at most 100 steps in a group', () => {
    expect(groupProblems(Array.from({ length: 100 }, () => write('a')))).toEqual([]);
    expect(groupProblems(Array.from({ length: 101 }, () => write('a')))).toEqual([{ step: 0, field: 'group', message: 'group "a" has 101 steps; a group holds at most 100' }]);
    expect(groupProblems([write(), ...Array.from({ length: 101 }, () => write('a'))])).toEqual([{ step: 1, field: 'group', message: 'group "a" has 101 steps; a group holds at most 100' }]);
    expect(groupProblems([...Array.from({ length: 60 }, () => write()), ...Array.from({ length: 40 }, () => write('a'))])).toEqual([]);
  });

  it('at most one prediction, named at the second', () => {
    expect(groupProblems([write(), write('a', true), write('a'), write('a', true), write('a', true)])).toEqual([
      { step: 3, field: 'prediction', message: 'group "a" already asks a prediction at step 2; a group asks at most one (the class answers before the whole group runs)' },
    ]);
  });

  it('no scenario control and no background step inside a group', () => {
    expect(groupProblems([write('a'), g({ call: 'await', step: 0 }, 'a'), g({ call: 'cancel', step: 0 }, 'a'), g({ call: 'BIO_read', sock: 'c', max: 1, background: true }, 'a'), g({ call: 'BIO_read', sock: 'c', max: 1, background: false }, 'a')])).toEqual([
      { step: 1, field: 'group', message: 'await cannot be in a group: it waits for a background step, which the engine does not run inside a group' },
      { step: 2, field: 'group', message: 'cancel cannot be in a group: it waits for a background step, which the engine does not run inside a group' },
      { step: 3, field: 'background', message: 'a step of group "a" cannot run in the background: a group\'s steps run one after another, each to its end' },
    ]);
  });

  it('no step using a socket an earlier step of its group opens; a later group may', () => {
    expect(groupProblems([write(), g(sock('d')), g({ call: 'BIO_connect', sock: 'd', addr: '127.0.0.1:1' }), g({ call: 'BIO_connect', sock: 'd', addr: '127.0.0.1:1' }, 'h')])).toEqual([
      { step: 2, field: 'sock', message: 'socket "d" is opened by step 2 of the same group "g"; a group\'s steps are sent together, so use it from a step after the group' },
    ]);
    expect(groupProblems([g({ call: 'BIO_connect', sock: 'd', addr: '127.0.0.1:1' }), g(sock('d'))])).toEqual([]);
    expect(groupProblems([g({ call: 'BIO_closesocket', sock: 3 }), g({ call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' })])).toEqual([]);
  });

  it('no port placeholder for a socket an earlier step of its group binds or makes', () => {
    const listen = g({ call: 'BIO_listen', sock: 'm', addr: '127.0.0.1:0' });
    expect(groupProblems([sock('m'), sock('c'), listen, g({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{m.port}' })])).toEqual([
      { step: 3, field: 'addr', message: '{m.port} may change in step 3 of the same group "g"; a group\'s addresses are filled in before it runs, so use it from a step after the group' },
    ]);
    expect(groupProblems([sock('c'), g(sock('n')), g({ call: 'BIO_connect', sock: 'c', addr: '[::1]:{n.port}' })])).toEqual([
      expect.objectContaining({ step: 2, field: 'addr', message: expect.stringMatching(/^\{n\.port\} may change in step 2 of/) }),
    ]);
    expect(groupProblems([sock('m'), sock('c'), listen, g({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{x.port}' })])).toEqual([]);
    expect(groupProblems([sock('m'), sock('c'), g({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{m.port}' }), listen])).toEqual([]);
  });
});

describe('groupSpan and questionBefore at the edges', () => {
  it('a group at the very start or end of the scenario', () => {
    const steps = [write('a'), write('a'), write(), write('b'), write('b', true)];
    expect(groupSpan(steps, 0)).toEqual({ name: 'a', first: 0, last: 1 });
    expect(groupSpan(steps, 4)).toEqual({ name: 'b', first: 3, last: 4 });
    expect(questionBefore(steps, 3)).toBe(4);
    expect(questionBefore(steps, 4)).toBeNull();
    expect(questionBefore(steps, 2)).toBeNull();
  });
});

describe('groupProblems, counting steps from 1 inside a later group', () => {
  const g = (step: object): Step => ({ ...step, group: 'g' }) as Step;
  const sock = (as: string): Step => ({ call: 'BIO_socket', as, domain: 'AF_INET', socktype: 'SOCK_STREAM' });

  it('names the step of the group that opens or binds, counted from 1', () => {
    const steps = [sock('c'), write(), g({ call: 'BIO_write', sock: 'c', data: 'x' }), g(sock('d')), g({ call: 'BIO_listen', sock: 'd', addr: '127.0.0.1:0' }), g({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{d.port}' })];
    expect(groupProblems(steps).map((p) => [p.step, p.message.split(' of the same')[0]])).toEqual([
      [4, 'socket "d" is opened by step 4'],
      [5, '{d.port} may change in step 4'],
    ]);
  });

  it('a step with no address has no port problem, whatever its group opens', () => {
    expect(groupProblems([sock('c'), g(sock('t')), g({ call: 'BIO_write', sock: 'c', data: 'x' })])).toEqual([]);
  });

  it('past the last step there is no group and no question', () => {
    const steps = [write('a', true)];
    expect(groupSpan(steps, 1)).toEqual({ name: null, first: 1, last: 1 });
    expect(questionBefore(steps, 1)).toBeNull();
  });
});
