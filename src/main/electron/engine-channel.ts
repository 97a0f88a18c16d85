// The engine in an Electron utilityProcess: a native crash there costs a restart, not the window.
import { utilityProcess, type UtilityProcess } from 'electron';
import { engineArgs, engineEntry, exitReason, type EngineProcess, type EngineStartOptions, type ExitStatus } from '../engine-host';
import type { Envelope } from '../../shared/rpc/envelope';
import { BasePort } from '../../shared/rpc/port';

/** The host's end of a utilityProcess's parentPort. */
class UtilityProcessPort extends BasePort {
  constructor(private readonly child: UtilityProcess) {
    super('open');
    child.on('message', (m: unknown) => this.receive(m));
    // utilityProcess reports only a code; a crash shows as a non-zero one.
    child.on('exit', (code: number) => this.setState('closed', exitReason({ code, signal: null })));
  }

  send(message: Envelope): void {
    if (this.state === 'open') this.child.postMessage(message);
  }

  close(): void {
    this.setState('closed', 'closed by the host');
  }
}

export function utilityEngineProcess(opts: EngineStartOptions): EngineProcess {
  const { file, execArgv } = engineEntry();
  const child = utilityProcess.fork(file, engineArgs(opts), { serviceName: 'BIO socket engine', stdio: 'inherit', execArgv, env: opts.env ?? process.env });
  const exit = new Promise<ExitStatus>((resolve) => child.on('exit', (code: number) => resolve({ code, signal: null })));
  return {
    port: new UtilityProcessPort(child),
    get pid() {
      return child.pid;
    },
    exit,
    kill: () => void child.kill(),
  };
}
