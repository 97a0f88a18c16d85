// Headers on every web host response: what the page may load and connect to, and that nothing
// (least of all the token page) is cached.
import type { ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../security-policy';

/** `_host` is no longer needed: 'self' covers the page's WebSocket back to its own host (CSP Level 3). */
export function setSecurityHeaders(res: ServerResponse, _host: string | null): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}
