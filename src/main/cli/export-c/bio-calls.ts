// The connect and accept BIO calls in C. A BIO name has the variables a socket name has: `bio_x`
// holds the BIO itself and `x` its fd (BIO_get_fd, read again after each call, -1 until it has
// one), so BIO_read, BIO_write and wait on a BIO name go through the socket calls' own code.
// The TLS calls and BIO_set_conn_address are not exported yet.
import { cString } from '../../../shared/escape/c';
import { addressLines, callLines, type StepWriter } from './step-writer';
import { optionsC } from '../../../shared/c-expression';
import type { BioTlsStep } from '../../../shared/tls-step-kind';

type BioStep = Exclude<BioTlsStep, { call: `SSL_${string}` } | { call: 'BIO_set_conn_address' }>;

/** Whether export-c writes this step (the rest are written as not exported). */
export function exportsBioStep(step: BioTlsStep): step is BioStep {
  return !step.call.startsWith('SSL_') && step.call !== 'BIO_set_conn_address';
}

interface BioVars {
  v: string;
  bio: string;
  info: string;
}

function varsOf(w: StepWriter, name: string): BioVars {
  const v = w.p.vars.get(name)!;
  return { v, bio: `bio_${v}`, info: `wb_info_${v}` };
}

/** The BIO the step names, or the step refused (NULL before it is made, after it is freed). */
function resolveBio(w: StepWriter, name: string): BioVars {
  const b = varsOf(w, name);
  w.line(`if (${b.bio} == NULL)`);
  w.line(`    return wb_refuse(r, ${b.info}.gone);`);
  return b;
}

/** After a call: the BIO's fd read again, and its socket as the kernel sees it once it has one. */
function afterLines(w: StepWriter, b: BioVars): void {
  w.line(`${b.v} = (int)BIO_get_fd(${b.bio}, NULL);`);
  w.line(`if (${b.v} >= 0)`);
  w.line(`    wb_snapshot(&r->socket, ${b.v}, &${b.info});`);
}

/** The macro's C with the program's variable for the BIO. */
function macro(step: BioStep, bio: string): string {
  switch (step.call) {
    case 'BIO_set_conn_hostname':
    case 'BIO_set_accept_name':
      return `${step.call}(${bio}, ${cString(step.name)})`;
    case 'BIO_set_conn_port':
    case 'BIO_set_accept_port':
      return `${step.call}(${bio}, ${cString(step.port)})`;
    case 'BIO_set_conn_ip_family':
    case 'BIO_set_accept_ip_family':
      return `${step.call}(${bio}, ${step.family})`;
    case 'BIO_set_conn_mode':
      return `BIO_set_conn_mode(${bio}, ${optionsC(step.options)})`;
    case 'BIO_set_bind_mode':
      return `BIO_set_bind_mode(${bio}, ${step.mode})`;
    case 'BIO_set_nbio':
    case 'BIO_set_nbio_accept':
      return `${step.call}(${bio}, ${step.on ? 1 : 0})`;
    case 'BIO_do_connect_retry':
      return `BIO_do_connect_retry(${bio}, ${step.timeout}, ${step.napMs ?? 0})`;
    default:
      return `${step.call}(${bio})`;
  }
}

function newBioLines(w: StepWriter, step: Extract<BioStep, { call: 'BIO_new_connect' | 'BIO_new_accept' }>): void {
  const b = varsOf(w, step.as);
  addressLines(w, step.addr);
  callLines(w, `wb_ret = (${b.bio} = ${step.call}(wb_addr_text)) != NULL`, 'wb_ret == 0');
  w.line(`${b.info}.connected = ${step.call === 'BIO_new_connect' ? 1 : 0};`);
  w.line(`${b.info}.accepted = 0;`);
  w.line(`if (${b.bio} == NULL) {`);
  w.line(`    ${b.info}.gone = ${cString(`${step.call} for "${step.as}" returned NULL, so there is no BIO named "${step.as}"`)};`);
  w.line('    return 1;');
  w.line('}');
  afterLines(w, b);
}

/** BIO_do_accept after the first call accepts: a blocking accept BIO waits for a connection first, as the engine does. */
function doAcceptLines(w: StepWriter, step: Extract<BioStep, { call: 'BIO_do_accept' }>, b: BioVars): void {
  w.line(`if (${b.v} >= 0) {`);
  w.line(`    int wb_go = wb_readiness(r, wb_mode, ${b.v}, &${b.info}, POLLIN, ${step.timeoutMs ?? -1}, "incoming connection");`);
  w.line('    if (wb_go != WB_GO)');
  w.line('        return wb_go == WB_ENDED;');
  w.line('}');
  callLines(w, `wb_ret = BIO_do_accept(${b.bio})`, 'wb_ret <= 0');
}

function popLines(w: StepWriter, step: Extract<BioStep, { call: 'BIO_pop' }>, b: BioVars): void {
  const t = varsOf(w, step.as);
  callLines(w, `wb_ret = (${t.bio} = BIO_pop(${b.bio})) != NULL`, '0');
  w.line(`if (${t.bio} == NULL) {`);
  w.line(`    ${t.info}.gone = ${cString(`BIO_pop for "${step.as}" returned NULL, so there is no BIO named "${step.as}"`)};`);
  w.line('    return 1;');
  w.line('}');
  w.line(`${t.info}.accepted = 1;`);
  afterLines(w, t);
}

function freeLines(w: StepWriter, b: BioVars, name: string): void {
  w.line(`${b.v} = (int)BIO_get_fd(${b.bio}, NULL);`);
  w.line(`if (${b.v} >= 0)`);
  w.line(`    wb_snapshot(&r->socket, ${b.v}, &${b.info}); /* the record shows the socket as it was, marked closed */`);
  callLines(w, `wb_ret = BIO_free(${b.bio})`, 'wb_ret == 0');
  w.line(`if (${b.v} >= 0) {`);
  w.line('    r->socket.role = "closed";');
  w.line('    r->socket.state = NULL;');
  w.line('}');
  w.line(`${b.bio} = NULL;`);
  w.line(`${b.v} = -1;`);
  w.line(`${b.info}.gone = ${cString(`BIO "${name}" was freed (BIO_free)`)};`);
}

/** The step's body. */
export function bioStepLines(w: StepWriter, step: BioStep): void {
  if (step.call === 'BIO_new_connect' || step.call === 'BIO_new_accept') return newBioLines(w, step);
  const b = resolveBio(w, step.bio);
  switch (step.call) {
    case 'BIO_do_accept':
      doAcceptLines(w, step, b);
      break;
    case 'BIO_pop':
      return popLines(w, step, b);
    case 'BIO_free':
      return freeLines(w, b, step.bio);
    case 'BIO_get_fd':
      w.line('int wb_fd_out = -1;');
      callLines(w, `wb_ret = BIO_get_fd(${b.bio}, &wb_fd_out)`, 'wb_ret < 0');
      w.line('if (wb_ret >= 0)');
      w.line('    wb_result_number(r, "fd", wb_fd_out);');
      break;
    default:
      callLines(w, `wb_ret = ${macro(step, b.bio)}`, 'wb_ret <= 0');
  }
  afterLines(w, b);
}
