// `npm start`: the Electron app where its binary exists, else (saying so in one line) the web host.
// As root, Electron starts only with --allow-root (its sandbox cannot run as root); the web host ignores the flag.
// `npm run dev` (--dev): electron-vite's dev server and Electron, or one line saying what to run instead.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary';
import { ALLOW_ROOT_FLAG, rootLaunch } from './electron/run-as-root';
import { runWebHostCli } from './web/web-host-cli';

async function main(args: string[]): Promise<number> {
  const allowRoot = args.includes(ALLOW_ROOT_FLAG);
  const argv = args.filter((a) => a !== ALLOW_ROOT_FLAG);
  // Built as out/main/launch.js: the app (package.json "main") is two levels up.
  const appRoot = fileURLToPath(new URL('../..', import.meta.url));
  const electron = findElectronBinary(appRoot);
  if (argv[0] === '--dev') {
    if (!electron.found) {
      process.stderr.write(`npm run dev needs the Electron binary, which is missing: ${electron.reason}. For the same window in a browser: npm run web\n`);
      return 1;
    }
    const bin = createRequire(import.meta.url).resolve('electron-vite/bin/electron-vite.js');
    return run(process.execPath, [bin, 'dev', ...argv.slice(1)], 'electron-vite dev');
  }
  if (!electron.found) {
    process.stderr.write(`The Electron binary is missing: ${electron.reason}; starting the web host instead.\n`);
    return runWebHostCli(argv);
  }
  const root = rootLaunch(process.getuid?.(), allowRoot);
  if (!root.ok) {
    process.stderr.write(root.message);
    return 1;
  }
  if (root.switches.length) process.stderr.write(`running as root (${ALLOW_ROOT_FLAG}): Chromium's process sandbox is off (--no-sandbox)\n`);
  return run(electron.path, [...root.switches, appRoot, ...argv], `Electron (${electron.path})`);
}

/** Runs a child with our stdio, passing on Ctrl-C and SIGTERM; resolves with its exit code. */
function run(command: string, args: string[], what: string): Promise<number> {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`could not start ${what}: ${e.message}\n`);
      resolve(3);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
