// The Compare slice: the libraries the host allows (the first one chosen for the person), a demo
// or the person's own JSON run on two fresh engines, refusals made in the page naming the field,
// and the host's refusals naming the method.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore } from './store';
import { OWN_SCENARIO } from './compare';
import { createFakeClient, session } from '../test/fake-client';
import type { SideBySide } from '../../../shared/compare';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

function started() {
  const client = createFakeClient(session());
  client.answer('scenarios', () => []);
  client.answer('lessons', () => []);
  client.answer('compareTargets', () => ({ own: null, allowed: [{ libcrypto: '/opt/openssl-3.5/libcrypto.so.3', engineNode: null }, { libcrypto: '/b.so', engineNode: null }] }));
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0 });
  stops.push(store.getState().start());
  const asked = () => client.requests.filter((r) => r.method === 'compare').map((r) => r.input);
  return { client, store, asked };
}
const result = { title: 'x', runs: [], comparison: { same: true } } as unknown as SideBySide;

describe('compare slice', () => {
  it('on show, lists the scenarios once and takes the host\'s targets, choosing the first allowed library unless one is typed', async () => {
    const { client, store } = started();
    await settle();
    expect(store.getState().compare).toMatchObject({ shown: false, targets: null, libcrypto: '', engineNode: '', json: '', running: false, result: null, error: null });
    store.getState().showCompare();
    await settle();
    expect(store.getState().compare).toMatchObject({ shown: true, libcrypto: '/opt/openssl-3.5/libcrypto.so.3', scenarioId: 'tfo-listen' });
    expect(store.getState().compare.targets?.allowed).toHaveLength(2);
    store.getState().setCompare({ libcrypto: '/mine.so' });
    store.getState().hideCompare();
    store.getState().showCompare();
    await settle();
    expect(store.getState().compare).toMatchObject({ shown: true, libcrypto: '/mine.so' });
    expect(client.requests.filter((r) => r.method === 'scenarios')).toHaveLength(1);
    store.getState().hideCompare();
    expect(store.getState().compare.shown).toBe(false);
  });

  it('chooses no library when the host allows none (no list of allowed libraries)', async () => {
    const { client, store } = started();
    client.answer('compareTargets', () => ({ own: null, allowed: null }));
    await settle();
    store.getState().showCompare();
    await settle();
    expect(store.getState().compare).toMatchObject({ shown: true, libcrypto: '', error: null, targets: { allowed: null } });
  });

  it('runs a demo or the typed JSON against the named library, with the engine node only when given', async () => {
    const { client, store, asked } = started();
    client.answer('compare', () => result);
    await settle();
    store.getState().setCompare({ libcrypto: '  /b.so ', scenarioId: 'refused-connect' });
    await store.getState().runCompare();
    expect(store.getState().compare).toMatchObject({ result, resultLibcrypto: '/b.so', running: false, error: null });
    store.getState().setCompare({ scenarioId: OWN_SCENARIO, json: '{"steps":[]}', engineNode: ' /usr/bin/node22 ' });
    await store.getState().runCompare();
    expect(asked()).toEqual([{ libcrypto: '/b.so', shipped: 'refused-connect' }, { libcrypto: '/b.so', engineNode: '/usr/bin/node22', scenario: { steps: [] } }]);
  });

  it('refuses in the page, naming the field, a missing library or JSON that does not parse; the host\'s refusal names compare', async () => {
    const { client, store, asked } = started();
    await settle();
    store.getState().setCompare({ libcrypto: '   ' });
    await store.getState().runCompare();
    expect(store.getState().compare.error).toEqual({ what: 'compare', error: { code: 'invalid-request', field: 'libcrypto', message: 'expected the path of a libcrypto to compare with' } });
    store.getState().setCompare({ libcrypto: '/b.so', scenarioId: OWN_SCENARIO, json: '{' });
    await store.getState().runCompare();
    expect(store.getState().compare.error).toMatchObject({ what: 'compare', error: { field: 'scenario', message: expect.stringMatching(/^the scenario is not valid JSON: /) } });
    expect(asked()).toEqual([]);
    client.answer('compare', () => {
      throw { code: 'invalid-request', field: 'libcrypto', message: 'libcrypto: not one the host allows' };
    });
    store.getState().setCompare({ scenarioId: 'tfo-listen' });
    await store.getState().runCompare();
    expect(store.getState().compare).toMatchObject({ running: false, result: null, error: { what: 'compare', error: { field: 'libcrypto' } } });
  });

  it('runs one comparison at a time, and shows a refused target list', async () => {
    const { client, store, asked } = started();
    let answer: (r: SideBySide) => void = () => undefined;
    client.answer('compare', () => new Promise<SideBySide>((resolve) => (answer = resolve)));
    client.answer('compareTargets', () => {
      throw { code: 'engine-unavailable', field: null, message: 'no engine' };
    });
    await settle();
    store.getState().showCompare();
    await settle();
    expect(store.getState().compare.error).toMatchObject({ what: 'compareTargets' });
    store.getState().setCompare({ libcrypto: '/b.so' });
    const running = store.getState().runCompare();
    expect(store.getState().compare.running).toBe(true);
    await store.getState().runCompare();
    expect(asked()).toHaveLength(1);
    answer(result);
    await running;
    expect(store.getState().compare.running).toBe(false);
  });
});
