// Writing one step's C function: the lines every kind of call shares (finding its socket,
// making the call between a cleared error queue and errno and their reading, filling the addr).
import type { Step } from '../../../shared/steps';
import { ADDR_PLACEHOLDER } from '../../../shared/address';
import { cString } from '../../../shared/escape/c';
import { socketFields, type Plan } from './plan';

/** A socket as the program holds it: its variable and its wb_info. */
export interface SocketVars {
  v: string;
  info: string;
}

export class StepWriter {
  private readonly lines: string[] = [];
  constructor(
    readonly index: number,
    readonly step: Step,
    readonly p: Plan,
  ) {}

  line(text: string): this {
    this.lines.push('    ' + text);
    return this;
  }

  text(): string {
    return this.lines.join('\n');
  }

  /** The socket the step acts on, by its scenario name. */
  sock(): SocketVars {
    const { sock } = socketFields(this.step);
    if (typeof sock !== 'string') throw new Error(`step ${this.index}: sock: expected a socket name`);
    return socketVars(this.p.vars.get(sock)!);
  }

  /** Where the socket a step creates goes: its `as` variable, or an anonymous one. */
  target(): SocketVars {
    const { as } = socketFields(this.step);
    return socketVars(as !== undefined ? this.p.vars.get(as)! : `wb_fd_${this.index}`);
  }
}

function socketVars(v: string): SocketVars {
  return { v, info: `wb_info_${v}` };
}

/** The step's socket, or the step refused (the variable is -1 until it is made, after it is closed). */
export function resolveSock(w: StepWriter): SocketVars {
  const s = w.sock();
  w.line(`if (${s.v} < 0)`);
  w.line(`    return wb_refuse(r, ${s.info}.gone);`);
  return s;
}

/** The kernel's view of the step's socket into the record, right after the call. */
export function snapshotLine(w: StepWriter, s: SocketVars, note?: string): void {
  w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info});${note ? ` /* ${note} */` : ''}`);
}

/** The call, between a cleared queue and errno and their reading; `failed` says when errno counts. */
export function callLines(w: StepWriter, call: string, failed: string): void {
  w.line('ERR_clear_error();');
  w.line('errno = 0;');
  w.line('wb_clock_start();');
  w.line(`${call};`);
  w.line(`wb_record_call(r, wb_ret, ${failed});`);
}

/** A call that makes a socket: its return value goes to the step's target variable too. */
export function creatingCallLines(w: StepWriter, code: string, target: SocketVars): void {
  callLines(w, `wb_ret = ${target.v} = ${code.replace(/^[A-Za-z0-9_]+ = /, '')}`, 'wb_ret < 0');
}

/** Fills `{name.port}` and `{tmp}` into wb_addr_text at run time. */
export function addressLines(w: StepWriter, addr: string): void {
  const names: string[] = [];
  const args: string[] = [];
  const format = addr.replace(/%/g, '%%').replace(ADDR_PLACEHOLDER, (_, name: string | undefined) => {
    if (name === undefined) {
      args.push('wb_tmp_dir()');
      return '%s';
    }
    names.push(name);
    args.push(`wb_info_${w.p.vars.get(name)!}.port`);
    return '%d';
  });
  w.line('char wb_addr_text[512];');
  for (const name of new Set(names)) {
    w.line(`if (wb_info_${w.p.vars.get(name)!}.port <= 0)`);
    w.line(`    return wb_refuse(r, ${cString(`addr: {${name}.port}: socket "${name}" has no bound port yet`)});`);
  }
  w.line(`snprintf(wb_addr_text, sizeof wb_addr_text, ${cString(format)}${args.map((a) => `, ${a}`).join('')});`);
}

/** A blocking socket waits for readiness first, as the engine does: see wb_readiness. */
export function readinessLines(w: StepWriter, s: SocketVars, events: 'POLLIN' | 'POLLOUT', timeoutMs: number | undefined, what: string): void {
  w.line(`int wb_go = wb_readiness(r, wb_mode, ${s.v}, &${s.info}, ${events}, ${timeoutMs ?? -1}, ${cString(what)});`);
  w.line('if (wb_go != WB_GO)');
  w.line('    return wb_go == WB_ENDED;');
}

/** The socket BIO reads and writes go through, made on first use (BIO_NOCLOSE: the fd stays ours). */
export function bioLines(w: StepWriter, s: SocketVars): void {
  w.line(`if (bio_${s.v} == NULL)`);
  w.line(`    bio_${s.v} = BIO_new_socket(${s.v}, BIO_NOCLOSE);`);
}
