// The readable report of `compare`: the two libraries, then each step with what differs.
import { differenceText } from '../../shared/compare';
import type { SideBySide } from '../side-by-side';
import { libcryptoLine } from './report';
import { terminalText } from '../../shared/escape/terminal';

export function formatComparison(result: SideBySide): string {
  const [a, b] = result.runs;
  const out: string[] = [];
  out.push(`${result.title ? `"${terminalText(result.title)}"` : 'The scenario'} on two libcrypto builds`);
  out.push(`  A  ${a.libcrypto ? libcryptoLine(a.libcrypto) : 'libcrypto: unknown'}`);
  out.push(`  B  ${b.libcrypto ? libcryptoLine(b.libcrypto) : 'libcrypto: unknown'}`, '');
  for (const step of result.comparison.steps) {
    out.push(`#${step.index + 1}  ${step.c}  ${step.differences.length ? 'DIFFERS' : 'same'}`);
    for (const d of step.differences) out.push(`      ${differenceText(d)}`);
  }
  const { differing, steps } = result.comparison;
  out.push('');
  out.push(differing.length ? `${differing.length} of ${steps.length} steps differ (${differing.map((i) => `step ${i + 1}`).join(', ')})` : `the two builds agree on all ${steps.length} steps`);
  for (const [label, run] of [['A', a], ['B', b]] as const) {
    if (run.failures.length) out.push(`expectations that failed on ${label}:`, ...run.failures.map((f) => `  step ${f.step + 1}, ${f.field}: ${f.message}`));
  }
  return out.join('\n') + '\n';
}
