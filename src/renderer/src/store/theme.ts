// The light or dark theme, saved where the page keeps it (localStorage; nowhere in tests).
import type { StateCreator } from 'zustand/vanilla';

export type Theme = 'light' | 'dark';

export interface ThemeSlice {
  theme: Theme;
  setTheme(theme: Theme): void;
}

export function createThemeSlice(initial: Theme, save?: (theme: Theme) => void): StateCreator<ThemeSlice, [], [], ThemeSlice> {
  return (set) => ({
    theme: initial,
    setTheme(theme) {
      set({ theme });
      save?.(theme);
    },
  });
}
