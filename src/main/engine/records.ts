// The record of one call as the engine fills it in: drafted when the call starts, refused before
// native code, or given what the native call returned.
import type { Bindings } from './bindings';
import { errnoInfo } from './error-queue';
import type { Invocation } from './invoke';
import { draftRecordOf } from '../../shared/blank-record';
import { DEPRECATED_CALLS, GETHOSTNAME_NOTE } from '../../shared/call-facts';
import type { Step } from '../../shared/steps';
import type { CallRecord, DataBytes } from '../../shared/record';

/** A record before the scenario runner checks its expectation. */
export type Draft = Omit<CallRecord, 'expect'>;

export function draftRecord(step: Step, index: number): Draft {
  const rec = draftRecordOf(step, index);
  if (DEPRECATED_CALLS.includes(step.call)) {
    rec.deprecated = true;
    rec.warnings.push(`${step.call} is deprecated since OpenSSL 1.1.0 (see the manual's HISTORY); use BIO_lookup_ex, BIO_socket, BIO_listen and BIO_accept_ex`);
    if (step.call === 'BIO_gethostbyname') rec.warnings.push(GETHOSTNAME_NOTE);
  }
  return rec;
}

/** Refused before native code: nothing was called, so there is no return value. */
export function refuse(rec: Draft, why: string): Draft {
  rec.refused = why;
  rec.ret = null;
  return rec;
}

/** What the call returned; errno is shown only when `failed`, as C code reads it only then. */
export function applyInvocation(b: Bindings, rec: Draft, inv: Invocation, failed: boolean): void {
  rec.ret = inv.ret;
  rec.errno = failed ? errnoInfo(b, inv.errno) : null;
  rec.errorQueue = inv.errorQueue;
  rec.durationUs = inv.durationUs;
  if (inv.calledAtUs !== undefined) rec.calledAtUs = inv.calledAtUs;
}

/** Bytes for a record: once, as hex (a page decodes text from them). */
export function bytesView(buf: Uint8Array): DataBytes {
  return { hex: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('hex') };
}
