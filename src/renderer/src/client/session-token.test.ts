import { describe, expect, it } from 'vitest';
import { takeSessionToken, type TokenPlace } from './session-token';

const T = '0123456789abcdef'.repeat(4);

function place(href: string, stored: Record<string, string> = {}): TokenPlace & { replaced: string[]; stored: Record<string, string> } {
  const u = new URL(href);
  const replaced: string[] = [];
  return {
    location: { hash: u.hash, search: u.search, pathname: u.pathname },
    history: { replaceState: (_d, _u, url) => void replaced.push(String(url)) },
    sessionStorage: { getItem: (k) => stored[k] ?? null, setItem: (k, v) => void (stored[k] = v) },
    replaced,
    stored,
  };
}

describe('takeSessionToken', () => {
  it('takes the token from the fragment into this tab\'s storage and out of the address bar', () => {
    const p = place(`http://127.0.0.1:4000/#token=${T}`);
    expect(takeSessionToken(p)).toBe(T);
    expect(Object.values(p.stored)).toEqual([T]);
    expect(p.replaced).toEqual(['/']);
  });

  it('keeps the tab\'s token across a reload with a bare URL', () => {
    const p = place('http://127.0.0.1:4000/', { 'bio-workbench-token': T });
    expect(takeSessionToken(p)).toBe(T);
    expect(p.replaced).toEqual([]);
  });

  it('accepts a token in the query too (older printed URLs), and drops it from the address bar', () => {
    const p = place(`http://127.0.0.1:4000/?token=${T}`);
    expect(takeSessionToken(p)).toBe(T);
    expect(p.replaced).toEqual(['/']);
  });

  it('has none for a tab never given one, and never keeps a value that is not a token', () => {
    expect(takeSessionToken(place('http://127.0.0.1:4000/'))).toBeNull();
    const p = place('http://127.0.0.1:4000/#token=<script>');
    expect(takeSessionToken(p)).toBeNull();
    expect(p.stored).toEqual({});
  });
});
