// The engine in an Electron utilityProcess: a native crash there costs a restart, not the window.
import { utilityProcess } from 'electron';
import { engineEntry, type EngineChannel, type EngineStartOptions } from '../engine-host';
import type { EngineToHost } from '../../shared/engine-protocol';

export function utilityEngineChannel(opts: EngineStartOptions): EngineChannel {
  const { file, execArgv } = engineEntry();
  const args: string[] = [];
  if (opts.libcrypto) args.push('--libcrypto', opts.libcrypto);
  if (opts.maxSockets !== undefined) args.push('--max-sockets', String(opts.maxSockets));
  const child = utilityProcess.fork(file, args, { serviceName: 'BIO socket engine', stdio: 'inherit', execArgv, env: opts.env ?? process.env });
  let alive = true;
  child.on('exit', () => (alive = false));
  return {
    send: (m) => {
      if (alive) child.postMessage(m);
    },
    onMessage: (l) => child.on('message', (m: unknown) => l(m as EngineToHost)),
    // utilityProcess reports only a code; a crash shows as a non-zero one.
    onExit: (l) => child.on('exit', (code: number) => l(code, null)),
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
}
