// The equivalent commands (socat, ncat, openssl, and notes for what does not map) for each shipped
// scenario and lesson, line for line, against a reviewed copy in golden/. equivalent.test runs
// such commands against the engine; this one pins their text, so any change shows as a diff.
// After an intended change: `npx vitest run src/shared/commands --update`, then read the diff.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandExportText, scenarioCommands } from './equivalent';
import { checkScenarioText } from '../scenario-check';

const files = ['scenarios', 'lessons'].flatMap((kind) => {
  const root = resolve(process.cwd(), 'resources', kind);
  return readdirSync(root).filter((f) => f.endsWith('.json')).map((f) => [`${kind}/${f.replace(/\.json$/, '')}`, join(root, f)]);
});

describe('equivalent commands text', () => {
  it('has a golden text for every shipped scenario and lesson', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s', async (name, file) => {
    const checked = checkScenarioText(readFileSync(file, 'utf8'));
    if (!checked.ok) throw new Error(`${name}: ${checked.error.message}`);
    await expect(commandExportText(scenarioCommands(checked.scenario))).toMatchFileSnapshot(`golden/${name}.sh`);
  });
});
