// Headers on every web host response: what the page may load and connect to, and that nothing
// (least of all the token page) is cached.
import type { ServerResponse } from 'node:http';

/** The same policy the Electron window gets, with the WebSocket of the host the page came from. */
export function contentSecurityPolicy(host: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React's style props and the virtual list's positions are inline styles, never scripts.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${host ? ` ws://${host}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function setSecurityHeaders(res: ServerResponse, host: string | null): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}
