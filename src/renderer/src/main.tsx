// Entry: pick the page's link (preload bridge or WebSocket), make the store, render; without a
// session token (a tab opened without the printed URL) say how to get one.
import './zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './client';
import { createWorkbenchStore } from './store/store';
import type { Theme } from './store/theme';
import { StoreProvider } from './store/context';
import { App } from './App';
import { MissingToken } from './components/MissingToken';
import { saveFile } from './save-file';
import './styles.css';
import './layout.css';
import './presentation.css';

const THEME_KEY = 'bio-workbench-theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const client = createClient();
const root = createRoot(document.getElementById('root')!);
if (!client) {
  root.render(<MissingToken />);
} else {
  const store = createWorkbenchStore(client, {
    theme: initialTheme(),
    saveTheme: (t) => localStorage.setItem(THEME_KEY, t),
    writeClipboard: (text) => navigator.clipboard.writeText(text),
    saveFile,
    saveBytes: saveFile,
  });
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
