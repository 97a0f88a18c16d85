// The packaged renderer comes from app://workbench/, never file:// (Electron security
// checklist item 18): a privileged standard scheme whose handler only serves the renderer dir.
import { readFile } from 'node:fs/promises';
import { lookupStatic } from '../static-files';
import { contentSecurityPolicy } from '../security-policy';

export const APP_SCHEME = 'app';
const APP_HOST = 'workbench';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Privileges for registerSchemesAsPrivileged: standard (real origin, relative URLs) and secure. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** Whether a URL is a page of ours: app://workbench/..., or the dev server in development. */
export function isAppUrl(url: string, devServer?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // A custom scheme's URL.origin is "null" in WHATWG terms, so compare scheme and host.
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
  if (!devServer) return false;
  try {
    return u.origin === new URL(devServer).origin;
  } catch {
    return false;
  }
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' } });

/** The protocol.handle handler for app://: files under `rendererDir`, nothing beyond. */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'bad URL');
    }
    if (url.host !== APP_HOST) return text(404, `unknown host ${url.host}`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, `${request.method} is not served`);
    const found = lookupStatic(rendererDir, url.pathname);
    if (!found.ok) return text(found.status, found.reason);
    return new Response(request.method === 'HEAD' ? null : await readFile(found.file), {
      status: 200,
      headers: { 'Content-Type': found.contentType, 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  };
}
