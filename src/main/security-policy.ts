// The Content-Security-Policy both hosts send: scripts and everything else from the app itself,
// no eval, no inline code or styles, no plugins, no framing; connections only to the page's origin.
// Keep src/renderer/index.html's meta policy the same (less frame-ancestors, which a meta cannot carry).
/** `connect` adds sources beyond 'self' (the dev server's HMR socket); 'self' already covers a same-origin ws:. */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React sets style props through the CSSOM, which style-src does not govern: no 'unsafe-inline'.
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
