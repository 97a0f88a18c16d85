// The built renderer as static files: only what lies under its directory, never beyond it.
import { realpathSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticLookup = { ok: true; file: string; contentType: string; size: number } | { ok: false; status: 400 | 403 | 404; reason: string };

const inside = (root: string, p: string) => p === root || p.startsWith(root + sep);

/** Maps a URL path to a file under `root`; `..`, encoded or not, and symlinks out are refused. */
export function lookupStatic(root: string, urlPath: string): StaticLookup {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400, reason: 'the path is not valid percent-encoding' };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400, reason: 'the path holds a character no file name here has' };
  if (path.endsWith('/')) path += 'index.html';
  const realRoot = realpathSync(root);
  const wanted = resolve(realRoot, '.' + path);
  if (!inside(realRoot, wanted)) return { ok: false, status: 403, reason: 'the path leads outside the renderer' };
  let real: string;
  try {
    real = realpathSync(wanted);
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  if (!inside(realRoot, real)) return { ok: false, status: 403, reason: 'the path leads outside the renderer' };
  const st = statSync(real);
  if (!st.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  return { ok: true, file: real, contentType: CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', size: st.size };
}
