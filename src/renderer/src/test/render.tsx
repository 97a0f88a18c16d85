// Renders a panel with its own store over a fake client, and gives jsdom the element sizes the
// virtualised lists need (jsdom lays nothing out).
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createWorkbenchStore, type StoreOptions, type WorkbenchStore } from '../store/store';
import { StoreProvider } from '../store/context';
import { createFakeClient, type FakeClient } from './fake-client';

let sized = false;
function giveElementsSize(width = 800, height = 600): void {
  if (sized) return;
  sized = true;
  for (const [prop, value] of [['clientHeight', height], ['clientWidth', width], ['offsetHeight', height], ['offsetWidth', width]] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
  }
}

export interface Rendered extends RenderResult {
  store: WorkbenchStore;
  client: FakeClient;
}

export function renderWithStore(ui: ReactElement, client: FakeClient = createFakeClient(), options: StoreOptions = {}): Rendered {
  giveElementsSize();
  const store = createWorkbenchStore(client, { flushMs: 0, refreshMs: 0, ...options });
  const stop = store.getState().start();
  const result = render(<StoreProvider store={store}>{ui}</StoreProvider>);
  const unmount = result.unmount;
  result.unmount = () => {
    unmount();
    stop();
  };
  return { ...result, store, client };
}
