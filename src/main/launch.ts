// `npm start`: the Electron app where its binary exists, else (saying so in one line) the web host.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary';
import { runWebHostCli } from './web/web-host';

async function main(argv: string[]): Promise<number> {
  // Built as out/main/launch.js: the app (package.json "main") is two levels up.
  const appRoot = fileURLToPath(new URL('../..', import.meta.url));
  const electron = findElectronBinary(appRoot);
  if (!electron.found) {
    process.stderr.write(`The Electron binary is missing: ${electron.reason}; starting the web host instead.\n`);
    return runWebHostCli(argv);
  }
  // Chromium refuses to run as root with its sandbox; the page's own sandbox flags stay on.
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  if (rootArgs.length) process.stderr.write('running as root: Chromium\'s process sandbox is off (--no-sandbox)\n');
  const child = spawn(electron.path, [...rootArgs, appRoot, ...argv], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`could not start Electron (${electron.path}): ${e.message}\n`);
      resolve(3);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
