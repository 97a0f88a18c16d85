// The workbench's processes as the Playwright fixture starts them: the built web host (with its
// engine) as a child process, or the Electron binary that runs the built app. Both come from the
// package this module is part of, so a project that installed it needs no build step.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

/** The package's root: two levels up from src/playwright in a checkout and from out/main once built. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface StartedWebHost {
  /** The URL to open, its session token in the fragment. */
  url: string;
  /** Stops the host (SIGTERM, then SIGKILL) and waits until it and every process it started are gone. */
  close(): Promise<void>;
}

export interface WebHostStart {
  libcrypto?: string;
  engineNode?: string;
  /** The host's session logs (BIO_WORKBENCH_DATA_DIR). */
  dataDir: string;
}

/** The processes `pid` started, and theirs, as /proc lists them (Linux, where the workbench runs). */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (p: number) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter(Boolean).map(Number)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    // A zombie still has a /proc entry; its state letter says it is gone.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Resolves once none of `pids` is alive, SIGKILLing what is left after `graceMs`. */
async function waitGone(pids: number[], graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) {
      for (const pid of pids.filter(alive)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Ended between the look and the kill.
        }
      }
      if (Date.now() > deadline + 2_000) throw new Error(`processes ${pids.filter(alive).join(', ')} outlived SIGKILL`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts the built web host on a free port and reads the one line it prints: the URL with its token. */
export async function startWebHostProcess(opts: WebHostStart): Promise<StartedWebHost> {
  const entry = join(PACKAGE_ROOT, 'out', 'main', 'web.js');
  if (!existsSync(entry)) throw new Error(`the web host is not built (${entry} is missing): run npm run build in the workbench's checkout`);
  const args = [entry, '--port', '0'];
  if (opts.libcrypto) args.push('--libcrypto', opts.libcrypto);
  if (opts.engineNode) args.push('--engine-node', opts.engineNode);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, BIO_WORKBENCH_DATA_DIR: opts.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within 20 s: ${stderr}`)), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      if (line.startsWith('http://127.0.0.1:')) resolveUrl(line.trim());
      else reject(new Error(`the web host printed ${JSON.stringify(line)}, not its URL: ${stderr}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited (code ${code}) before printing its URL: ${stderr}`));
    });
  }).catch(async (e: Error) => {
    child.kill('SIGKILL');
    await exited;
    throw e;
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Its engine, found before the host goes: an engine whose host was killed must not outlive it.
      const started = descendants(child.pid!);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await waitGone(started, 5_000);
    },
  };
}

export type ElectronBinary = { found: true; path: string; app: string } | { found: false; reason: string };

/** The Electron binary the project installed (require('electron') would try to download it and throw), and the built app. */
export function findElectron(): ElectronBinary {
  const app = join(PACKAGE_ROOT, 'out', 'main', 'index.js');
  if (!existsSync(app)) return { found: false, reason: `the app is not built (${app} is missing): run npm run build in the workbench's checkout` };
  let pkg: string;
  try {
    pkg = dirname(createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return { found: false, reason: `the Electron binary is not installed (${join('electron', 'path.txt')} is missing)` };
  const relative = readFileSync(pathTxt, 'utf8').trim();
  const binary = join(pkg, 'dist', relative);
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { found: false, reason: `electron/path.txt names dist/${relative}, which is missing or not executable` };
  }
  return { found: true, path: binary, app };
}
