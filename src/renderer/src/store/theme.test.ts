// The theme: switched in the page, saved where the page keeps it, and still switched where nothing
// keeps it (a store made without a place to save).
import { describe, expect, it } from 'vitest';
import { createFakeClient } from '../test/fake-client';
import { createWorkbenchStore } from './store';
import type { Theme } from './theme';

describe('theme', () => {
  it('switches and saves the theme chosen', () => {
    const saved: Theme[] = [];
    const store = createWorkbenchStore(createFakeClient(), { theme: 'dark', saveTheme: (t) => saved.push(t) });
    expect(store.getState().theme).toBe('dark');
    store.getState().setTheme('light');
    expect(store.getState().theme).toBe('light');
    expect(saved).toEqual(['light']);
  });

  it('switches with nowhere to save it', () => {
    const store = createWorkbenchStore(createFakeClient());
    expect(store.getState().theme).toBe('light');
    store.getState().setTheme('dark');
    expect(store.getState().theme).toBe('dark');
  });
});
