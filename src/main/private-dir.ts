// Directories for session logs: readable by their owner only, made one level at a time so a
// failure carries the real errno and path (a recursive mkdirSync says ENOENT on a read-only disk).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `path` and any missing parents with mode 0700; directories that exist are left as they are. */
export function makePrivateDirectory(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); !existsSync(p); p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      // Another process may have made it meanwhile; anything else is the real failure.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
