// What the page copied is always shown; on the clipboard when the page may write it, else with
// why not (no clipboard here, or the clipboard refused and said why).
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createClipboardSlice, type ClipboardSlice, type WriteClipboard } from './clipboard';

const storeWith = (write: WriteClipboard | null) => createStore<ClipboardSlice>()(createClipboardSlice(write));

describe('clipboard slice', () => {
  it('puts the text on the clipboard and shows it as copied', async () => {
    const written: string[] = [];
    const store = storeWith(async (text) => void written.push(text));
    expect(store.getState().copied).toBeNull();
    await store.getState().copyText('socat command for l', 'socat STDIO TCP4:127.0.0.1:1');
    expect(written).toEqual(['socat STDIO TCP4:127.0.0.1:1']);
    expect(store.getState().copied).toEqual({ what: 'socat command for l', text: 'socat STDIO TCP4:127.0.0.1:1', refused: null });
    store.getState().clearCopied();
    expect(store.getState().copied).toBeNull();
  });

  it('still shows the text where there is no clipboard, or it refused, saying why', async () => {
    await expect((async () => {
      const none = storeWith(null);
      await none.getState().copyText('filter', 'tcp port 1');
      return none.getState().copied;
    })()).resolves.toEqual({ what: 'filter', text: 'tcp port 1', refused: 'this page has no clipboard' });
    const denied = storeWith(() => Promise.reject(new Error('Write permission denied.')));
    await denied.getState().copyText('filter', 'tcp port 1');
    expect(denied.getState().copied).toEqual({ what: 'filter', text: 'tcp port 1', refused: 'the clipboard refused: Write permission denied.' });
    const bare = storeWith(() => Promise.reject('NotAllowedError'));
    await bare.getState().copyText('filter', 'x');
    expect(bare.getState().copied?.refused).toBe('the clipboard refused: NotAllowedError');
  });
});
