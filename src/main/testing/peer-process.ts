// Real peer programs for tests (socat, ncat, openssl, strace, tcpdump): whether one is installed
// (a test skips, saying why, where it is not), and a running one whose output a test waits on.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Why `tool` cannot be used here (printed once), or null when it is installed. */
export function missingTool(tool: string, pkg = tool): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const why = `${tool} is not installed (CI installs it: apt-get install ${pkg})`;
  console.warn(`skipping ${tool} tests: ${why}`);
  return why;
}

export interface Peer {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** Resolves with the first match of `re` in stdout+stderr, or rejects after `ms`. */
  waitFor: (re: RegExp, ms?: number) => Promise<RegExpMatchArray>;
  /** Resolves with the exit code once it exits, or null if it is still running after `ms`. */
  exited: (ms?: number) => Promise<number | null>;
}

const running = new Set<ChildProcess>();

export function spawnPeer(cmd: string, args: string[], opts: SpawnOptions = {}): Peer {
  const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  child.stdin!.on('error', () => undefined);
  const waitFor = (re: RegExp, ms = 15_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        const m = (out + '\n' + err).match(re);
        if (m) return resolve(m);
        if (Date.now() - started > ms) return reject(new Error(`${cmd} never printed ${re}; stdout: ${out} stderr: ${err}`));
        setTimeout(tick, 25);
      };
      tick();
    });
  const exited = (ms = 15_000) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => resolve(null), ms);
      child.once('exit', (code) => (clearTimeout(timer), resolve(code)));
    });
  return { child, out: () => out, err: () => err, waitFor, exited };
}

/** A command line exactly as a person would paste it into bash. */
export function spawnShell(command: string, opts: SpawnOptions = {}): Peer {
  return spawnPeer('bash', ['-c', `exec ${command}`], opts);
}

/** Kills every peer still running (after each test). */
export function killPeers(): void {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  running.clear();
}
