import { describe, expect, it } from 'vitest';
import { presentedLesson } from './presentation';
import { lessonPosition } from './lesson-position';
import type { LessonsState } from './lessons';
import type { ShippedScenario } from '../../../shared/contract';

const demo: ShippedScenario = {
  id: 'refused',
  title: 'A refused connect',
  description: null,
  error: null,
  scenario: { steps: [{ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }] },
};
const state = (presenting: boolean, patch: Partial<LessonsState> = {}) => ({
  presenting,
  lessons: { shown: true, shipped: [demo], scenarios: [], opened: [], fileError: null, listing: false, selectedId: 'refused', records: [], choices: [], position: lessonPosition([{ first: 0, last: 0, asks: null }]), namespace: null, runningStep: null, running: false, resetting: false, lastReset: null, error: null, ...patch },
});

describe('presentedLesson', () => {
  it('is the selected lesson while presenting with the Lessons panel open, else none', () => {
    expect(presentedLesson(state(true))?.title).toBe('A refused connect');
    expect(presentedLesson(state(false))).toBeNull();
    expect(presentedLesson(state(true, { shown: false }))).toBeNull();
    expect(presentedLesson(state(true, { selectedId: null }))).toBeNull();
  });
});
