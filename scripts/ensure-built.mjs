// Builds the app when a built file the npm scripts run is missing (after a fresh clone without
// `npm ci`'s prepare, or a `git clean`). Build output goes to stderr so stdout stays the command's.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const needed = ['out/main/index.js', 'out/main/web.js', 'out/main/launch.js', 'out/main/engine.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const missing = needed.filter((f) => !existsSync(new URL(`../${f}`, import.meta.url)));
if (missing.length) {
  process.stderr.write(`building (missing: ${missing.join(', ')})\n`);
  const bin = createRequire(import.meta.url).resolve('electron-vite/bin/electron-vite.js');
  const r = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] });
  process.exit(r.status ?? 1);
}
