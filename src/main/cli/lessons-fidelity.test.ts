// Every shipped lesson, run the way the CLI runs it (the built CLI on a real engine) and as the C
// program export-c writes for it: the two must agree step by step, C's expectations must hold, and
// each prediction must have exactly one choice that matches what C really returned.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenarioText, isLesson, scenarioErrorText } from '../../shared/scenario-check';
import { choiceHeld } from '../../shared/lesson-prediction';
import type { Scenario } from '../../shared/steps';
import { builtCli, compareRuns, compileC, runEngine, runProgram, type FidelityOutput } from '../testing/c-fidelity';

const lessonsDir = resolve(process.cwd(), 'resources/lessons');
const files = readdirSync(lessonsDir).filter((f) => f.endsWith('.json')).sort();
const lessons = new Map<string, Scenario>();
for (const file of files) {
  const checked = checkScenarioText(readFileSync(join(lessonsDir, file), 'utf8'));
  if (checked.ok) lessons.set(file, checked.scenario);
}

let work: string;
/** Each lesson's compiled C program, compiled two at a time before the runs (the slow part). */
const programs = new Map<string, Promise<string>>();

beforeAll(async () => {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: build first (npm test runs electron-vite build, or run: npx electron-vite build)`);
  work = mkdtempSync(join(tmpdir(), 'bio-lessons-'));
  const queue = [...lessons];
  const compileNext = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [file, lesson] = next;
      const p = compileC(work, lesson, file.replace(/\.json$/, '-c'));
      programs.set(file, p);
      await p.catch(() => undefined);
    }
  };
  await Promise.all([compileNext(), compileNext()]);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Per step with a prediction: the indexes of the choices that match the record. */
function predictionTruths(lesson: Scenario, out: FidelityOutput): { step: number; held: number[] }[] {
  return lesson.steps.flatMap((s, i) => (s.prediction ? [{ step: i, held: s.prediction.choices.flatMap((c, k) => (choiceHeld(c, out.steps[i]) ? [k] : [])) }] : []));
}

describe('the shipped lessons', () => {
  it('are at least 12 valid lessons: every step has a caption, and the package ships them', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const checked = checkScenarioText(readFileSync(join(lessonsDir, file), 'utf8'));
      expect(checked.ok ? null : `${file}: ${scenarioErrorText(checked.error)}`, file).toBeNull();
      if (checked.ok) expect(isLesson(checked.scenario), `${file} is a lesson`).toBe(true);
      expect(lessons.get(file)?.steps.some((s) => s.prediction), `${file} asks at least one prediction`).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(resolve(process.cwd(), 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('resources/lessons');
  });
});

describe('every lesson runs the same through the engine and as its exported C program', () => {
  for (const file of files) {
    it(file, async () => {
      const lesson = lessons.get(file)!;
      const name = file.replace(/\.json$/, '');
      const [engine, c] = await Promise.all([runEngine(work, lesson, `${name}-engine`), programs.get(file)!.then((p) => runProgram(p, name))]);
      expect(c.ok, `C expectations in ${file}: ${JSON.stringify(c.steps.filter((s) => s.expect && !s.expect.ok).map((s) => [s.index, s.expect!.mismatches]))}`).toBe(true);
      expect(engine.ok, `engine expectations in ${file}`).toBe(true);
      expect(compareRuns(lesson, engine, c), `engine vs C in ${file}`).toEqual([]);
      // What happens is the truth: each prediction must have one choice, exactly, that C's run matches.
      const truths = predictionTruths(lesson, c);
      expect(truths.filter((t) => t.held.length !== 1), `predictions in ${file} with not exactly one true choice`).toEqual([]);
      expect(predictionTruths(lesson, engine)).toEqual(truths);
    }, 60_000);
  }
});
