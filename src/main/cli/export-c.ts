// Placeholder: export-c is written next (issue 3, fidelity to C).
import type { Scenario } from '../../shared/steps';

export function exportC(scenario: Scenario): string {
  return `/* ${scenario.steps.length} steps: export-c is not written yet */\n`;
}
