// What the page last copied for the person (a command line, a capture filter): put on the
// clipboard where the page may write it, and always shown, so it can be read or copied by hand
// where the clipboard refuses (an Electron window grants the page no permission).
import type { StateCreator } from 'zustand/vanilla';

export interface Copied {
  /** What the text is: "socat, ncat and openssl commands for l". */
  what: string;
  text: string;
  /** Null once on the clipboard, else why it is not. */
  refused: string | null;
}

export interface ClipboardSlice {
  copied: Copied | null;
  copyText(what: string, text: string): Promise<void>;
  clearCopied(): void;
}

/** Writes the system clipboard; absent where the page has none. */
export type WriteClipboard = (text: string) => Promise<void>;

export function createClipboardSlice(write: WriteClipboard | null): StateCreator<ClipboardSlice, [], [], ClipboardSlice> {
  return (set) => ({
    copied: null,
    async copyText(what, text) {
      if (!write) return set({ copied: { what, text, refused: 'this page has no clipboard' } });
      try {
        await write(text);
        set({ copied: { what, text, refused: null } });
      } catch (e) {
        set({ copied: { what, text, refused: `the clipboard refused: ${(e as Error).message || String(e)}` } });
      }
    },
    clearCopied() {
      set({ copied: null });
    },
  });
}
