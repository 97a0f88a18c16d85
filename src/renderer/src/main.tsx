// Entry: pick the contract client (preload bridge or WebSocket), make the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './client';
import { createWorkbenchStore } from './store/store';
import type { Theme } from './store/theme';
import { StoreProvider } from './store/context';
import { App } from './App';
import './styles.css';

const THEME_KEY = 'bio-workbench-theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const store = createWorkbenchStore(createClient(), { theme: initialTheme(), saveTheme: (t) => localStorage.setItem(THEME_KEY, t) });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
