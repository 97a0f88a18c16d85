// One C function per step, `static int wb_step_N(int wb_mode)`: returns 1 when the step is over
// (made, refused, timed out or cancelled), 0 when it waits for readiness and wb_mode is WB_NOW.
import { DEPRECATED_CALLS, type Step } from '../../../shared/steps';
import { cExpression } from '../../../shared/c-expression';
import { cString, cComment } from '../../../shared/escape/c';
import { BIO_TLS_NOT_IN_C } from '../../../shared/tls-facts';
import { bioStepLines, exportsBioStep } from './bio-calls';
import { isTlsStep, tlsStepLines } from './tls-calls';
import { isBioTlsStep } from '../../../shared/tls-step-kind';
import { isLoop, socketFields, withVars, type Plan } from './plan';
import { bulkLines } from './bulk-calls';
import { StepWriter } from './step-writer';
import { acceptExLines, addressCallLines, closeLines, libcCallLines, sockErrorLines, socketLines } from './setup-calls';
import { readLines, waitLines, writeLines } from './data-calls';
import { deprecatedAcceptLines, getHostIpLines, getPortLines, gethostbynameLines, lookupLines } from './resolver-calls';

/** The step's body; `code` is its C expression with the program's variable names. */
function emitStep(w: StepWriter, step: Step, code: string): void {
  if (isBioTlsStep(step)) {
    if (isTlsStep(step)) tlsStepLines(w, step);
    else if (exportsBioStep(step)) bioStepLines(w, step);
    return;
  }
  switch (step.call) {
    case 'BIO_socket':
    case 'BIO_get_accept_socket':
      return socketLines(w, code);
    case 'BIO_bind':
    case 'BIO_listen':
    case 'BIO_connect':
      return addressCallLines(w, step, code);
    case 'BIO_accept_ex':
      return acceptExLines(w, step, code);
    case 'BIO_closesocket':
      return closeLines(w, code);
    case 'BIO_sock_error':
      return sockErrorLines(w, code);
    case 'listen':
    case 'shutdown':
      return libcCallLines(w, code);
    case 'BIO_write':
      return isLoop(step) ? bulkLines(w, step) : writeLines(w, step, code);
    case 'BIO_read':
      return isLoop(step) ? bulkLines(w, step) : readLines(w, step, code);
    case 'wait':
      return waitLines(w, step, code);
    case 'BIO_lookup_ex':
      return lookupLines(w, step, code);
    case 'BIO_accept':
      return deprecatedAcceptLines(w, step, code);
    case 'BIO_get_port':
      return getPortLines(w, code);
    case 'BIO_get_host_ip':
      return getHostIpLines(w, code);
    case 'BIO_gethostbyname':
      return gethostbynameLines(w, code);
    case '__crash':
    case 'await':
    case 'cancel':
      throw new Error(`step ${w.index}: ${step.call} has no step function of its own`);
  }
}

/**
 * The comment above a step: its number counted from 1 as a person reads it (the JSON keeps the
 * 0-based index), what it does, its note, and a lesson step's caption on a line of its own.
 */
export function stepComment(index: number, step: Step, what: string, indent = ''): string {
  const note = 'note' in step && step.note ? ` (${cComment(step.note)})` : '';
  const caption = 'caption' in step && step.caption ? `\n${indent} * caption: ${cComment(step.caption)}\n${indent} */` : ' */';
  return `${indent}/* step ${index + 1}: ${what}${note}${caption}`;
}

/** A step the program does not make: its record says why. */
function refusedStep(index: number, step: Step, why: string): string {
  return [
    stepComment(index, step, `${cComment(cExpression(step))} is not made: ${cComment(why)}`),
    `static int wb_step_${index}(int wb_mode)`,
    '{',
    '    (void)wb_mode;',
    `    return wb_refuse(wb_begin(${index}, ${cString(step.call)}, ${cString(cExpression(step))}), ${cString(why)});`,
    '}',
  ].join('\n');
}

export function stepFunction(index: number, step: Step, p: Plan): string {
  const { sock } = socketFields(step);
  // The engine's fd numbers mean nothing in this process.
  if (typeof sock === 'number') {
    return refusedStep(index, step, `fd ${sock} is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process)`);
  }
  if (isBioTlsStep(step) && !exportsBioStep(step) && !isTlsStep(step)) return refusedStep(index, step, BIO_TLS_NOT_IN_C);
  if (step.call === '__crash') return refusedStep(index, step, '__crash is a test-only call of the engine; it is not exported to C');
  if ((step.call === 'BIO_write' || step.call === 'BIO_read') && isLoop(step) && typeof sock === 'string' && p.bios.has(sock)) {
    // The engine's own refusal, word for word.
    return refusedStep(index, step, step.call === 'BIO_read' ? 'a BIO_read loop (bytes or until) runs on sockets only, not yet on a BIO; give max for one BIO_read' : 'a BIO_write loop (bytes or file) runs on sockets only, not yet on a BIO; give data or dataHex for one BIO_write');
  }
  const w = new StepWriter(index, step, p);
  w.line(`struct wb_rec *r = wb_begin(${index}, ${cString(step.call)}, ${cString(cExpression(step))});`);
  w.line('long wb_ret;');
  w.line('(void)wb_mode;');
  if (DEPRECATED_CALLS.includes(step.call)) w.line('r->deprecated = 1; /* deprecated since OpenSSL 1.1.0 */');
  emitStep(w, step, cExpression(withVars(step, p)));
  w.line('return 1;');
  return [stepComment(index, step, cComment(cExpression(step))), `static int wb_step_${index}(int wb_mode)`, '{', w.text(), '}'].join('\n');
}
