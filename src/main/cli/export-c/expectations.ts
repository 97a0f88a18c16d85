// A step's `expect`, checked in C after every step has run, as the workbench checks it.
import type { Expect, Scenario } from '../../../shared/steps';
import { cString } from '../../../shared/escape/c';
import { tlsExpectLines } from './tls-calls';

function expectLines(index: number, e: Expect): string[] {
  const r = `&R[${index}]`;
  const out: string[] = [`    R[${index}].has_expect = 1;`];
  if (e.ret !== undefined) {
    if (e.ret === 'fd') out.push(`    wb_expect_ret(${r}, WB_RET_FD, 0);`);
    else if (e.ret === null) out.push(`    wb_expect_ret(${r}, WB_RET_NULL, 0);`);
    else out.push(`    wb_expect_ret(${r}, WB_RET_NUMBER, ${e.ret}L);`);
  }
  if (e.errno !== undefined) out.push(`    wb_expect_errno(${r}, ${e.errno === null ? 'NULL' : cString(e.errno)});`);
  if (e.errorQueue) out.push(`    wb_expect_queue(${r}, (const char *const[]){ ${e.errorQueue.map(cString).join(', ')} }, ${e.errorQueue.length});`);
  if (e.errorQueueEmpty !== undefined) out.push(`    wb_expect_queue_empty(${r}, ${e.errorQueueEmpty ? 1 : 0});`);
  for (const [name, value] of Object.entries(e.applied ?? {})) {
    const isBool = typeof value === 'boolean';
    out.push(`    wb_expect_applied(${r}, ${cString(name)}, ${isBool ? 1 : 0}, ${isBool ? (value ? 1 : 0) : value});`);
  }
  if (e.state !== undefined) out.push(`    wb_expect_state(${r}, ${cString(e.state)});`);
  if (e.data !== undefined) out.push(`    wb_expect_data(${r}, ${cString(e.data)}, ${new TextEncoder().encode(e.data).length});`);
  if (e.bytes !== undefined) out.push(`    wb_expect_bulk_bytes(${r}, ${e.bytes}LL);`);
  if (e.sha256 !== undefined) out.push(`    wb_expect_bulk_sha256(${r}, ${cString(e.sha256)});`);
  if (e.cancelled !== undefined) out.push(`    wb_expect_flag(${r}, "cancelled", R[${index}].cancelled != NULL, ${e.cancelled ? 1 : 0});`);
  if (e.refused !== undefined) out.push(`    wb_expect_flag(${r}, "refused", R[${index}].refused != NULL, ${e.refused ? 1 : 0});`);
  out.push(...tlsExpectLines(index, e));
  return out;
}

/** wb_check_expectations(): every step's `expect`, against the records in R. */
export function expectationsFunction(scenario: Scenario): string {
  const checks = scenario.steps.flatMap((s, i) => (s.expect ? expectLines(i, s.expect) : []));
  return ['static void wb_check_expectations(void)', '{', ...checks, '}'].join('\n');
}
