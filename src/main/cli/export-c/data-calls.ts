// The data calls on a socket BIO: BIO_write, BIO_read, and wait (poll(2) for readiness).
import type { StepOf } from '../../../shared/steps';
import { cString, cComment } from '../../../shared/escape/c';
import { bioLines, callLines, readinessLines, resolveSock, snapshotLine, type StepWriter } from './step-writer';

/** The bytes a BIO_write sends: its text as UTF-8, or its hex. */
function writeBytes(step: StepOf<'BIO_write'>): Uint8Array {
  return step.data !== undefined ? new TextEncoder().encode(step.data) : Buffer.from(step.dataHex!.replace(/\s+/g, ''), 'hex');
}

export function writeLines(w: StepWriter, step: StepOf<'BIO_write'>, code: string): void {
  const s = resolveSock(w);
  const bytes = writeBytes(step);
  w.line(`static const unsigned char data[${bytes.length + 1}] = ${cString(bytes)};`);
  w.line(`wb_set_data(r, data, ${bytes.length});`);
  readinessLines(w, s, 'POLLOUT', step.timeoutMs, 'room in the send buffer');
  bioLines(w, s);
  callLines(w, `wb_ret = ${code}`, 'wb_ret < 0');
  snapshotLine(w, s);
}

export function readLines(w: StepWriter, step: StepOf<'BIO_read'>, code: string): void {
  const s = resolveSock(w);
  readinessLines(w, s, 'POLLIN', step.timeoutMs, 'data to read');
  w.line(`unsigned char *buf = malloc(${step.max});`);
  bioLines(w, s);
  callLines(w, `wb_ret = ${code}`, 'wb_ret < 0');
  w.line('wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);');
  w.line('free(buf);');
  snapshotLine(w, s);
}

/** poll(2) itself is the call: 1 when ready, 0 when the timeout passed, as the engine records it. */
export function waitLines(w: StepWriter, step: StepOf<'wait'>, code: string): void {
  const s = resolveSock(w);
  w.line(`struct pollfd wb_pfd = { ${s.v}, ${step.for === 'readable' ? 'POLLIN' : 'POLLOUT'}, 0 };`);
  w.line('wb_clock_start();');
  w.line(`wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? ${step.timeoutMs} : 0); /* ${cComment(code)} */`);
  w.line('if (wb_ret == 0 && wb_mode == WB_NOW)');
  w.line('    return 0;');
  w.line('r->duration_us = wb_clock_us();');
  w.line('if (wb_ret == 0 && wb_mode == WB_CANCEL) {');
  w.line('    r->cancelled = "cancelled by request: the wait ended before poll reported anything";');
  w.line('} else {');
  w.line('    r->has_ret = 1;');
  w.line('    r->ret = wb_ret;');
  w.line('    wb_result_revents(r, wb_pfd.revents);');
  w.line('}');
  snapshotLine(w, s);
}
