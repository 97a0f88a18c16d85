// The program export-c writes for each shipped scenario, line for line, against a
// reviewed copy in golden/ (the runtime, inlined whole, left out). fidelity.test compiles and runs
// the same programs; this one pins their text, so a change to any step's C shows as a diff.
// After an intended change: `npx vitest run -u src/main/cli/export-c`, then read the diff.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportC } from '../export-c';
import { C_RUNTIME } from './runtime';
import { checkScenarioText } from '../../../shared/scenario-check';

const root = resolve(process.cwd(), 'resources/scenarios');
const files = readdirSync(root).filter((f) => f.endsWith('.json')).map((f) => join(root, f));

describe('export-c program text', () => {
  it('has a golden program for every shipped scenario', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', async (name, file) => {
    const checked = checkScenarioText(readFileSync(file, 'utf8'));
    if (!checked.ok) throw new Error(`${name}: ${checked.error.message}`);
    const text = exportC(checked.scenario);
    expect(text).toContain(C_RUNTIME);
    await expect(text.replace(C_RUNTIME, '/* the runtime (export-c/runtime/), inlined whole */')).toMatchFileSnapshot(`golden/${name.replace(/\.json$/, '.c')}`);
  });
});
