// Directories for session logs: readable by their owner only, made one level at a time so a
// failure carries the real errno and path (a recursive mkdirSync says ENOENT on a read-only disk).
// One that exists is used only if it is a real directory of ours that no one else can write to:
// otherwise another local user could swap the log for a link to a file of the owner's.
import { existsSync, lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A directory the workbench will not write its logs into; the message names it and says how to fix it. */
export class UnsafeDirectoryError extends Error {
  override name = 'UnsafeDirectoryError';
}

/** Creates `path` and any missing parents with mode 0700, then checks `path` is safe to write logs into. */
export function makePrivateDirectory(path: string, what = 'the directory'): void {
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
  checkPrivateDirectory(path, what);
}

/** A path as a shell word a person can paste into a fix (`chmod 700 '/a b'`). */
const shellWord = (path: string): string => (/^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`);

/** Throws UnsafeDirectoryError unless `path` is a directory (not a link to one) owned by this user and writable by no one else. */
function checkPrivateDirectory(path: string, what = 'the directory'): void {
  const st = lstatSync(path);
  const word = shellWord(path);
  if (st.isSymbolicLink()) {
    let target = '?';
    try {
      target = readlinkSync(path);
    } catch {
      // gone since lstat: the message still names the link
    }
    throw new UnsafeDirectoryError(`${what} ${path} is a symbolic link (to ${target}), which could send the session log to another file: remove the link (rm ${word}) so the workbench makes a real directory there, or set BIO_WORKBENCH_DATA_DIR to a directory of your own`);
  }
  // Not a directory: nothing can be written there, but nothing is redirected either (the log stays in memory).
  if (!st.isDirectory()) throw new Error(`${what} ${path} is not a directory: move it away (mv ${word} ${word}.old) or set BIO_WORKBENCH_DATA_DIR to a directory of your own`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new UnsafeDirectoryError(`${what} ${path} belongs to uid ${st.uid}, not to you (uid ${uid}): set BIO_WORKBENCH_DATA_DIR to a directory of your own, or have its owner remove it`);
  }
  const others = st.mode & 0o022;
  if (others !== 0) {
    const who = others === 0o022 ? 'group and others' : others === 0o020 ? 'its group' : 'others';
    throw new UnsafeDirectoryError(`${what} ${path} is writable by ${who} (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}): make it yours alone with chmod 700 ${word}`);
  }
}
