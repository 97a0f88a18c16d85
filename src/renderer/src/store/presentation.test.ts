import { describe, expect, it } from 'vitest';
import { currentCaption } from './presentation';
import type { DemosState } from './demos';
import type { Demo } from '../../../shared/contract';

const demo: Demo = {
  id: 'refused',
  title: 'A refused connect',
  description: null,
  error: null,
  scenario: { steps: [{ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_closesocket', sock: 'l', note: 'the port is free again' }] },
};
const demos = (patch: Partial<DemosState>) => ({ demos: { shown: true, list: [demo], opened: [], fileError: null, listing: false, selectedId: 'refused', records: [], next: 0, runningStep: null, running: false, resetting: false, lastReset: null, error: null, ...patch } });

describe('currentCaption', () => {
  it('is the selected demo\'s next step with its note, numbered from 0 as the Demos panel numbers steps', () => {
    expect(currentCaption(demos({ next: 1 }))).toEqual({ title: 'A refused connect', index: 1, total: 2, text: 'the port is free again', c: 'BIO_closesocket(l)', done: false });
    expect(currentCaption(demos({ next: 0 }))?.text).toBeNull();
  });

  it('stays on the last step once all ran, and is null with no demo selected', () => {
    expect(currentCaption(demos({ next: 2 }))).toMatchObject({ index: 1, done: true });
    expect(currentCaption(demos({ selectedId: null }))).toBeNull();
  });
});
