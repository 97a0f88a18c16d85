// The connect/accept BIO and TLS lessons in a window's namespace, on a real session: every step runs
// (none refused), every expectation holds, and the BIOs and SSL objects live under the lesson's prefix.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from './session/session';
import { startEngine } from './engine-host';
import { checkScenarioText } from '../shared/scenario-check';
import { ScenarioStepper } from '../shared/scenario-runner';

let session: Session;
beforeAll(async () => {
  session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, warn: () => undefined });
});
afterAll(async () => {
  await session?.close();
});

describe('a BIO or TLS lesson in its own namespace', () => {
  for (const [file, ns] of [['connect-bio.json', 'lesson-b1-'], ['accept-bio.json', 'lesson-b2-'], ['tls-verify.json', 'lesson-b3-'], ['tls-versions.json', 'lesson-b4-']] as const) {
    it(file, async () => {
      const checked = checkScenarioText(readFileSync(join(resolve(process.cwd(), 'resources/lessons'), file), 'utf8'));
      if (!checked.ok) throw new Error(`${file} is not a valid lesson`);
      const stepper = new ScenarioStepper(session, checked.scenario, { namespace: ns, callIdPrefix: ns.slice(0, -1) });
      while (!stepper.done) await stepper.step();
      await stepper.finish();
      expect(stepper.records.filter((r) => r.refused).map((r) => [r.index, r.refused])).toEqual([]);
      expect(stepper.records.filter((r) => r.expect && !r.expect.ok).map((r) => [r.index, r.expect!.mismatches])).toEqual([]);
      const named = stepper.records.find((r) => r.bio ?? r.tls);
      expect((named!.bio ?? named!.tls)!.name.startsWith(ns)).toBe(true);
    }, 60_000);
  }
});
