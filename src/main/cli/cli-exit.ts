// How a command of bio-workbench ends: its exit codes, a failure said on stderr (and as JSON under
// --json), and reading a scenario file, which every command that takes FILE does the same way.
import { readFileSync } from 'node:fs';
import type { ScenarioError } from '../../shared/scenario-check';
import type { Scenario } from '../../shared/steps';
import { terminalText } from '../../shared/escape/terminal';
import { scenarioFromFile, ScenarioRunError } from '../scenario-run';

export const EXIT = { ok: 0, expectFailed: 1, invalid: 2, engine: 3 } as const;

/** Thrown to end a command with an exit code; main() turns it into the process's. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Exits 2 or 3 with the error named, one line each on stderr when there are several; under --json
 * also as {"ok": false, "error": ..., "errors": [...]} on stdout (`error` is the first; steps from 0).
 */
export function fail(code: 2 | 3, error: ScenarioError, json: boolean | undefined, text = error.message, errors: readonly ScenarioError[] = [error]): never {
  if (json) process.stdout.write(JSON.stringify({ ok: false, error, errors }) + '\n');
  process.stderr.write(text.split('\n').map((line) => `bio-workbench: ${terminalText(line)}\n`).join(''));
  throw new Exit(code);
}

/** A scenario that cannot run ends the command: exit 2 for the file, 3 for the engine, each saying why. */
function exitFor(e: unknown, json: boolean | undefined): never {
  if (!(e instanceof ScenarioRunError)) throw e;
  return fail(e.kind === 'invalid' ? EXIT.invalid : EXIT.engine, e.error, json, e.message, e.errors);
}

export async function orExit<T>(json: boolean | undefined, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    return exitFor(e, json);
  }
}

/** The scenario in FILE (- for stdin), checked; an unreadable or invalid one ends the command with 2. */
export function loadScenario(file: string, json: boolean | undefined): Scenario {
  try {
    return scenarioFromFile(file, 'FILE', (f) => readFileSync(f === '-' ? 0 : f, 'utf8'));
  } catch (e) {
    return exitFor(e, json);
  }
}
