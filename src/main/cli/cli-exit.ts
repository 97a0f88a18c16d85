// How a command of bio-workbench ends: its exit codes, a failure said on stderr (and as JSON under
// --json), and reading a scenario file, which every command that takes FILE does the same way.
import { readFileSync } from 'node:fs';
import { checkScenarioText, scenarioErrorText, type ScenarioError } from '../../shared/scenario-check';
import type { Scenario } from '../../shared/steps';

export const EXIT = { ok: 0, expectFailed: 1, invalid: 2, engine: 3 } as const;

/** Thrown to end a command with an exit code; main() turns it into the process's. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function readInput(file: string): string {
  return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
}

/** Exits 2 or 3 with the error named; under --json also as {"ok": false, "error": ...} on stdout. */
export function fail(code: 2 | 3, error: ScenarioError, json: boolean | undefined, text = error.message): never {
  if (json) process.stdout.write(JSON.stringify({ ok: false, error }) + '\n');
  process.stderr.write(`bio-workbench: ${text}\n`);
  throw new Exit(code);
}

export function loadScenario(file: string, json: boolean | undefined): Scenario {
  let text: string;
  try {
    text = readInput(file);
  } catch (e) {
    return fail(EXIT.invalid, { step: null, field: 'FILE', message: `cannot read ${file}: ${(e as Error).message}` }, json);
  }
  const checked = checkScenarioText(text);
  if (!checked.ok) return fail(EXIT.invalid, checked.error, json, scenarioErrorText(checked.error));
  return checked.scenario;
}
