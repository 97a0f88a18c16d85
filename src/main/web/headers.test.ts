// Every web host response says what the page may load (the app's own CSP), that it is not to be
// sniffed, framed, referred, shared across origins or cached.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { setSecurityHeaders } from './headers';
import { contentSecurityPolicy } from '../security-policy';

describe('setSecurityHeaders', () => {
  it('sets each header once, with its value', () => {
    const set: [string, string][] = [];
    setSecurityHeaders({ setHeader: (name: string, value: string) => set.push([name, value]) } as unknown as ServerResponse);
    expect(set).toEqual([
      ['Content-Security-Policy', contentSecurityPolicy()],
      ['X-Content-Type-Options', 'nosniff'],
      ['X-Frame-Options', 'DENY'],
      ['Referrer-Policy', 'no-referrer'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Resource-Policy', 'same-origin'],
      ['Cache-Control', 'no-store'],
    ]);
    expect(contentSecurityPolicy()).toContain("default-src 'self'");
  });
});
