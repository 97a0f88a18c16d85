// The readable report of a scenario run: one block per step, what C returned first; for a lesson
// also its captions, predictions and, after the steps, the measured steps' bars. Steps are
// numbered from 1 here, as people count (JSON keeps the 0-based index).
import type { CallRecord, LibcryptoInfo } from '../../shared/record';
import type { ScenarioResult } from '../../shared/scenario-runner';
import { bulkLine } from '../../shared/bulk-text';
import { dataText } from '../../shared/data-bytes';
import { terminalText } from '../../shared/escape/terminal';
import type { Scenario } from '../../shared/steps';
import { captionLines, groupLines, measuredLines, predictionLines } from './lesson-report';
import { bioTlsLines } from './tls-report';
import { packetLine } from '../../shared/packets';
import type { CaptureSummary } from '../capture/session-capture';

export function libcryptoLine(l: LibcryptoInfo): string {
  const caps = Object.entries(l.supports).map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`).join(', ');
  return `libcrypto: ${l.version} (0x${l.versionNumber.toString(16)}) from ${l.resolvedPath ?? l.path}; ${caps}`;
}

function stepLines(r: CallRecord): string[] {
  const ret = r.refused ? 'refused' : r.ret === null ? 'not called' : String(r.ret);
  const lines = [terminalText(`#${r.index + 1}  ${r.c}  ->  ${ret}   ${r.durationUs} us${r.blocked ? ' (waited)' : ''}${r.deprecated ? '  [deprecated]' : ''}`)];
  // Every line one line, whatever a file or OpenSSL's error data holds (ESC, CR, newlines).
  const more = (s: string) => lines.push(`      ${terminalText(s)}`);
  if (r.refused) more(`refused: ${r.refused}`);
  if (r.cancelled) more(`cancelled: ${r.cancelled}`);
  // Marked in words: brackets would double up around an IPv6 address ([[::1]:1]).
  if (r.addresses?.length) more(`addr: ${r.addresses.map((a) => (a.used ? `${a.address} (used)` : a.address)).join('  ')}`);
  if (r.errno) more(`errno: ${r.errno.name} (${r.errno.code}) ${r.errno.message}`);
  for (const e of r.errorQueue) more(`queue: ${e.hex} ${e.library ?? '?'}: ${e.reason ?? '?'}  [${e.function ?? '?'} ${e.file ?? '?'}:${e.line}]${e.data ? ` "${e.data}"` : ''}`);
  if (r.data) more(`data: ${JSON.stringify(dataText(r.data))} (hex ${r.data.hex || '-'})`);
  if (r.bulk) more(bulkLine(r.bulk));
  if (r.result) more(`result: ${JSON.stringify(r.result)}`);
  bioTlsLines(r).forEach(more);
  if (r.socket) {
    const s = r.socket;
    const applied = Object.entries(s.applied).filter(([, v]) => v).map(([k, v]) => (v === true ? k : `${k}=${v}`));
    more(`socket: fd ${s.fd}${s.name ? ` (${s.name})` : ''} ${s.role} ${s.family} ${s.type} ${s.local ?? '-'} -> ${s.peer ?? '-'}${s.state ? ` ${s.state}` : ''}  applied: ${applied.join(' ') || 'none'}`);
  }
  for (const w of r.warnings) more(`warning: ${w}`);
  for (const p of r.packets ?? []) more(`packet ${packetLine(p)}`);
  if (r.expect) {
    if (r.expect.ok) more('expect: ok');
    for (const m of r.expect.mismatches) more(`expect FAILED: ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
  }
  return lines;
}

export function formatReport(result: ScenarioResult & { capture?: CaptureSummary }, scenario?: Scenario): string {
  const out: string[] = [];
  if (result.title) out.push(terminalText(result.title));
  if (result.libcrypto) out.push(libcryptoLine(result.libcrypto));
  out.push('');
  for (const r of result.steps) out.push(...groupLines(scenario?.steps, r.index), ...captionLines(scenario?.steps[r.index]), ...stepLines(r), ...predictionLines(scenario?.steps[r.index], r));
  out.push(...measuredLines(scenario?.steps, result.steps));
  const checked = result.steps.filter((r) => r.expect);
  const failed = checked.filter((r) => !r.expect!.ok);
  out.push('', `${result.steps.length} steps; ${checked.length - failed.length} expectations held, ${failed.length} failed${failed.length ? ` (steps ${failed.map((r) => r.index + 1).join(', ')})` : ''}`);
  if (result.capture) out.push(terminalText(result.capture.unavailable ?? `capture: ${result.capture.packets} packets of this session (loopback)`));
  if (result.failures.length) out.push('the run FAILED:', ...result.failures.map((f) => terminalText(`  step ${f.step + 1}, ${f.field}: ${f.message}`)));
  return out.join('\n') + '\n';
}
