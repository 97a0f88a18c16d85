// The scenarios and lessons a host ships (resources/scenarios, resources/lessons), checked like any
// scenario file, so a window can list them and step through one in front of a class.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScenarioText, scenarioErrorText } from '../shared/scenario-check';
import type { ShippedScenario } from '../shared/contract';

/** resources/scenarios in a checkout: two levels up from out/main and from src/main alike. */
export function defaultScenarioDir(): string {
  return fileURLToPath(new URL('../../resources/scenarios', import.meta.url));
}

/** resources/lessons in a checkout, as resources/scenarios. */
export function defaultLessonDir(): string {
  return fileURLToPath(new URL('../../resources/lessons', import.meta.url));
}

/** Titles in the order a person counts: "2. ..." before "10. ...", as a person reads a numbered list. */
const byTitle = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Every *.json in dir, sorted by title (numbers by value); a file that is not a valid scenario is listed with its error. */
export function listShipped(dir: string): ShippedScenario[] {
  if (!existsSync(dir)) return [];
  const shipped: ShippedScenario[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const id = file.slice(0, -'.json'.length);
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch (e) {
      shipped.push({ id, title: id, description: null, scenario: null, error: `cannot read ${file}: ${(e as Error).message}` });
      continue;
    }
    const checked = checkScenarioText(text);
    if (checked.ok) shipped.push({ id, title: checked.scenario.title ?? id, description: checked.scenario.description ?? null, scenario: checked.scenario, error: null });
    else shipped.push({ id, title: id, description: null, scenario: null, error: scenarioErrorText(checked.error) });
  }
  return shipped.sort((a, b) => byTitle.compare(a.title, b.title) || a.id.localeCompare(b.id));
}
