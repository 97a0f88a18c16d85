import { describe, expect, it } from 'vitest';
import { currentCaption } from './presentation';
import type { LessonsState } from './lessons';
import type { ShippedScenario } from '../../../shared/contract';

const demo: ShippedScenario = {
  id: 'refused',
  title: 'A refused connect',
  description: null,
  error: null,
  scenario: { steps: [{ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_closesocket', sock: 'l', note: 'the port is free again' }] },
};
const demos = (patch: Partial<LessonsState>) => ({
  lessons: { shown: true, shipped: [demo], scenarios: [], opened: [], fileError: null, listing: false, selectedId: 'refused', records: [], choices: [], next: 0, runningStep: null, viewing: null, running: false, resetting: false, lastReset: null, error: null, current: null, ...patch },
});

describe('currentCaption', () => {
  it('is the selected lesson\'s next step with its caption or note, numbered from 0 as the Lessons panel numbers steps', () => {
    expect(currentCaption(demos({ next: 1 }))).toEqual({ title: 'A refused connect', index: 1, total: 2, text: 'the port is free again', c: 'BIO_closesocket(l)', done: false });
    expect(currentCaption(demos({ next: 0 }))?.text).toBeNull();
  });

  it('stays on the last step once all ran, follows a step viewed by going back, and is null with no lesson selected', () => {
    expect(currentCaption(demos({ next: 2, viewing: 0 }))).toMatchObject({ index: 0, c: 'l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)' });
    expect(currentCaption(demos({ next: 2 }))).toMatchObject({ index: 1, done: true });
    expect(currentCaption(demos({ selectedId: null }))).toBeNull();
  });
});
