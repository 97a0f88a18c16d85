// The engine in an Electron utilityProcess: a native crash there costs a restart, not the window.
import { utilityProcess, type UtilityProcess } from 'electron';
import { engineArgs, engineEntry, exitReason, type EngineProcess, type EngineStartOptions, type ExitStatus } from '../engine-host';
import { BatchedPort, type ProcessLink } from '../../shared/rpc/batch';

/** The host's end of a utilityProcess's parentPort; utilityProcess reports only a code, a crash as a non-zero one. */
function utilityProcessLink(child: UtilityProcess): ProcessLink {
  let open = true;
  return {
    connected: () => open,
    post: (m) => child.postMessage(m),
    listen: (hear, ended) => {
      child.on('message', (m: unknown) => hear(m));
      child.on('exit', (code: number) => {
        open = false;
        ended(exitReason({ code, signal: null }));
      });
    },
    end: () => {
      open = false;
      return 'closed by the host';
    },
  };
}

export function utilityEngineProcess(opts: EngineStartOptions): EngineProcess {
  const { file, execArgv } = engineEntry();
  const child = utilityProcess.fork(file, engineArgs(opts), { serviceName: 'BIO socket engine', stdio: 'inherit', execArgv, env: opts.env ?? process.env });
  const exit = new Promise<ExitStatus>((resolve) => child.on('exit', (code: number) => resolve({ code, signal: null })));
  return {
    port: new BatchedPort(utilityProcessLink(child), setImmediate),
    get pid() {
      return child.pid;
    },
    exit,
    kill: () => void child.kill(),
  };
}
