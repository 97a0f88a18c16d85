// A BIO_write of `bytes` or a `file`, or a BIO_read of `bytes` or until end of file: the loop of
// calls the engine makes on a pool thread, made here by wb_bulk (runtime/bulk.c), one record.
import type { StepOf } from '../../../shared/steps';
import { cString } from '../../../shared/escape/c';
import { DEFAULT_CHUNK } from '../../../shared/call-facts';
import { resolveSock, snapshotLine, type StepWriter } from './step-writer';

/** What a write loop repeats: its text as UTF-8, or its hex. */
function patternBytes(step: StepOf<'BIO_write'>): Uint8Array {
  if (step.data !== undefined) return new TextEncoder().encode(step.data);
  return Buffer.from((step.dataHex ?? '').replace(/\s+/g, ''), 'hex');
}

export function bulkLines(w: StepWriter, step: StepOf<'BIO_write'> | StepOf<'BIO_read'>): void {
  const s = resolveSock(w);
  w.line('(void)wb_ret; /* the loop keeps its last call\'s ret in the record */');
  const writing = step.call === 'BIO_write';
  const pattern = writing && step.file === undefined ? patternBytes(step) : null;
  if (pattern) w.line(`static const unsigned char pattern[${pattern.length + 1}] = ${cString(pattern)};`);
  const file = writing && step.file !== undefined ? cString(step.file) : 'NULL';
  w.line('const struct wb_bulk_job job = {');
  w.line(`    .writing = ${writing ? 1 : 0}, .pattern = ${pattern ? 'pattern' : 'NULL'}, .pattern_len = ${pattern?.length ?? 0}, .file = ${file},`);
  w.line(`    .bytes = ${step.bytes ?? -1}LL, .chunk = ${step.chunk ?? DEFAULT_CHUNK}, .timeout_ms = ${step.timeoutMs ?? -1},`);
  w.line('};');
  w.line(`wb_bulk(r, ${s.v}, &job);`);
  w.line('if (r->refused)');
  w.line('    return 1;');
  snapshotLine(w, s);
}
