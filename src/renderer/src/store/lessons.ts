// The Lessons slice: the host's lessons and scenarios, and files the person opens in this page,
// stepped through with the shared ScenarioStepper in a namespace of the lesson's own (its `c` is
// the session's `lesson-<page><run>-c`), so it never acts on a socket of the person's. Each step is
// an ordinary session call: the Call log, Sockets and error stack show it live by the session's
// events. Predictions are chosen before a step and judged against its record after it.
import type { StateCreator } from 'zustand/vanilla';
import type { ShippedScenario } from '../../../shared/contract';
import type { CallRecord } from '../../../shared/record';
import { ScenarioStepper } from '../../../shared/scenario-runner';
import { checkScenarioText, scenarioErrorText } from '../../../shared/scenario-check';
import { closeLessonSockets, lessonNamespace } from '../../../shared/lesson-run';
import type { Step } from '../../../shared/steps';
import type { WorkbenchClient } from '../client';
import type { ConnectionSlice } from './connection';
import { hostRefusal, type HostRefusal } from './refusal';

/** What a Reset did: the lesson's sockets it closed, and any it could not. */
export interface LessonReset {
  title: string;
  /** Every name the lesson gives a socket with `as`. */
  names: string[];
  closed: { name: string; fd: number }[];
  failed: { name: string; message: string }[];
}

/** The step a class is looking at: what presentation mode shows large. */
export interface CurrentLessonStep {
  title: string;
  stepIndex: number;
  caption: string;
}

export interface LessonsState {
  shown: boolean;
  /** The host's lessons (ids start with "lesson:"); null until it first answered. */
  shipped: ShippedScenario[] | null;
  /** The host's plain scenarios (ids as the host gives them, which Compare also uses); null until it answered. */
  scenarios: ShippedScenario[] | null;
  /** Files opened in this page, listed last (ids start with "file:"). */
  opened: ShippedScenario[];
  /** Why the last file opened cannot be run (its name, the step and field), or null. */
  fileError: string | null;
  listing: boolean;
  selectedId: string | null;
  /** Each step's record once it ran (a background step's when it ends), by step index. */
  records: (CallRecord | null)[];
  /** The prediction choice made for each step before it ran (null: none chosen). */
  choices: (number | null)[];
  /** Index of the next step to run. */
  next: number;
  /** The step whose call is in flight, if any. */
  runningStep: number | null;
  /** A step whose record is shown by going back (Left); null shows the latest. Going back never undoes. */
  viewing: number | null;
  /** A step or Run all is under way. */
  running: boolean;
  resetting: boolean;
  lastReset: LessonReset | null;
  error: HostRefusal | null;
  current: CurrentLessonStep | null;
}

export interface LessonActions {
  showLessons(): void;
  hideLessons(): void;
  listLessons(): Promise<void>;
  selectLesson(id: string): Promise<void>;
  /** Checks a lesson (or scenario) file's text and selects it (true); an invalid one is kept in `fileError` (false). */
  openLessonFile(name: string, text: string): Promise<boolean>;
  /** A chosen file the page could not read: said in `fileError`. */
  lessonFileUnreadable(name: string, why: string): void;
  /** The prediction choice for the next step (null: none); ignored once the step ran. */
  choosePrediction(step: number, choice: number | null): void;
  runLessonStep(): Promise<void>;
  runLessonAll(): Promise<void>;
  resetLesson(): Promise<void>;
  /** Shows the record of the step before the one shown (Left); never undoes anything. */
  viewPreviousStep(): void;
}

export interface LessonsSlice extends LessonActions {
  lessons: LessonsState;
}

function initialLessons(): LessonsState {
  return {
    shown: false,
    shipped: null,
    scenarios: null,
    opened: [],
    fileError: null,
    listing: false,
    selectedId: null,
    records: [],
    choices: [],
    next: 0,
    runningStep: null,
    viewing: null,
    running: false,
    resetting: false,
    lastReset: null,
    error: null,
    current: null,
  };
}

/** Every lesson the panel offers: the host's lessons, its scenarios, then the files opened here. */
export function allLessons(d: Pick<LessonsState, 'shipped' | 'scenarios' | 'opened'>): ShippedScenario[] {
  return [...(d.shipped ?? []), ...(d.scenarios ?? []), ...d.opened];
}

/** An opened file as a lesson: checked like a shipped one, its title the file's own or its name. */
export function lessonFromFile(name: string, text: string): { lesson: ShippedScenario } | { error: string } {
  const checked = checkScenarioText(text);
  if (!checked.ok) return { error: `${name} cannot be run: ${scenarioErrorText(checked.error)}` };
  const { scenario } = checked;
  return { lesson: { id: `file:${name}`, title: scenario.title ?? name, description: scenario.description ?? null, scenario, error: null } };
}

/** The names the lesson gives sockets with `as`, once each, in order. */
export function lessonSocketNames(lesson: ShippedScenario): string[] {
  const names = (lesson.scenario?.steps ?? []).flatMap((s) => ('as' in s && s.as ? [s.as] : []));
  return [...new Set(names)];
}

/** The step a class looks at: the one shown by going back, else the one running or next, else the last. */
function currentStep(d: LessonsState, lesson: ShippedScenario | null): CurrentLessonStep | null {
  const steps = lesson?.scenario?.steps;
  if (!lesson || !steps?.length) return null;
  const stepIndex = d.viewing ?? d.runningStep ?? Math.min(d.next, steps.length - 1);
  const step = steps[stepIndex];
  return { title: lesson.title, stepIndex, caption: step.caption ?? step.note ?? '' };
}

function stepLabel(step: Step | undefined, index: number): string {
  return `step ${index}${step ? ` (${step.call})` : ''}`;
}

export function createLessonsSlice(client: WorkbenchClient, pageId: string): StateCreator<LessonsSlice & ConnectionSlice, [], [], LessonsSlice> {
  return (set, get) => {
    let runs = 0;
    let stepper: ScenarioStepper | null = null;
    let runPrefix = '';
    let inFlight: Promise<unknown> = Promise.resolve();
    let runAll: Promise<unknown> = Promise.resolve();
    let stopRunAll = false;

    const findLesson = (d: LessonsState): ShippedScenario | null => allLessons(d).find((x) => x.id === d.selectedId) ?? null;
    const setLessons = (patch: Partial<LessonsState> | ((d: LessonsState) => Partial<LessonsState>)) =>
      set((s) => {
        const d = { ...s.lessons, ...(typeof patch === 'function' ? patch(s.lessons) : patch) };
        return { lessons: { ...d, current: currentStep(d, findLesson(d)) } };
      });
    const selectedLesson = (): ShippedScenario | null => findLesson(get().lessons);
    const blank = <T>(lesson: ShippedScenario | null, fill: T) => new Array<T>(lesson?.scenario?.steps.length ?? 0).fill(fill);
    const fresh = (lesson: ShippedScenario | null): Partial<LessonsState> => ({ records: blank(lesson, null), choices: blank(lesson, null), next: 0, runningStep: null, viewing: null, error: null });

    /** The stepper is made at the first step, so `{tmp}` is the session's directory at that moment. */
    const stepperFor = (lesson: ShippedScenario): ScenarioStepper => {
      if (stepper) return stepper;
      const run = ++runs;
      runPrefix = `lesson-${pageId}-${run}`;
      const mine: ScenarioStepper = new ScenarioStepper(client, lesson.scenario!, {
        callIdPrefix: runPrefix,
        namespace: lessonNamespace(pageId, run),
        tmpDir: get().tmpDir ?? undefined,
        onRecord: (rec) => {
          if (stepper !== mine) return;
          setLessons((d) => {
            const records = d.records.slice();
            records[rec.index] = rec;
            return { records };
          });
        },
      });
      return (stepper = mine);
    };

    const runOne = async (s: ScenarioStepper): Promise<void> => {
      const index = s.next;
      setLessons({ runningStep: index, viewing: null, error: null, lastReset: null });
      const step = s.step();
      inFlight = step.catch(() => undefined);
      try {
        await step;
      } catch (e) {
        if (stepper === s) setLessons({ error: hostRefusal(stepLabel(s.scenario.steps[index] as Step, index), e) });
      } finally {
        if (stepper === s) setLessons({ runningStep: null, next: s.next });
      }
    };

    const canRun = (): ShippedScenario | null => {
      const d = get().lessons;
      const lesson = selectedLesson();
      if (!lesson?.scenario || d.running || d.resetting || d.next >= lesson.scenario.steps.length) return null;
      return lesson;
    };

    return {
      lessons: initialLessons(),

      showLessons() {
        setLessons({ shown: true });
        const d = get().lessons;
        if ((d.shipped === null || d.scenarios === null) && !d.listing) void get().listLessons();
      },

      hideLessons() {
        setLessons({ shown: false });
      },

      async listLessons() {
        setLessons({ listing: true, error: null });
        const [lessons, scenarios] = await Promise.allSettled([client.request('lessons', {}), client.request('scenarios', {})]);
        const failed = lessons.status === 'rejected' ? lessons.reason : scenarios.status === 'rejected' ? scenarios.reason : null;
        setLessons((d) => ({
          listing: false,
          shipped: lessons.status === 'fulfilled' ? lessons.value.map((l) => ({ ...l, id: `lesson:${l.id}` })) : d.shipped,
          scenarios: scenarios.status === 'fulfilled' ? scenarios.value : d.scenarios,
          error: failed === null ? null : hostRefusal('lessons', failed),
        }));
      },

      async selectLesson(id) {
        const d = get().lessons;
        if (d.running || d.resetting || id === d.selectedId) return;
        const lesson = allLessons(d).find((x) => x.id === id);
        if (!lesson?.scenario) return;
        // What this lesson opened is closed before another starts.
        if (stepper && stepper.next > 0) await get().resetLesson();
        stepper = null;
        setLessons({ selectedId: id, ...fresh(lesson) });
      },

      async openLessonFile(name, text) {
        const opened = lessonFromFile(name, text);
        if ('error' in opened) {
          setLessons({ fileError: opened.error });
          return false;
        }
        const { lesson } = opened;
        if (get().lessons.running || get().lessons.resetting) {
          setLessons({ fileError: `${name} was not opened: the lesson shown is still running; wait for it or Reset it first` });
          return false;
        }
        // Opened again (edited meanwhile): the new text replaces the old, from its first step.
        if (stepper && stepper.next > 0) await get().resetLesson();
        stepper = null;
        setLessons((d) => ({ opened: [...d.opened.filter((o) => o.id !== lesson.id), lesson], fileError: null, selectedId: lesson.id, ...fresh(lesson) }));
        return true;
      },

      lessonFileUnreadable(name, why) {
        setLessons({ fileError: `${name} cannot be read: ${why}` });
      },

      choosePrediction(step, choice) {
        const d = get().lessons;
        if (step < d.next || step >= d.choices.length) return;
        setLessons({ choices: d.choices.map((c, i) => (i === step ? choice : c)) });
      },

      async runLessonStep() {
        const lesson = canRun();
        if (!lesson) return;
        setLessons({ running: true });
        try {
          await runOne(stepperFor(lesson));
        } finally {
          setLessons({ running: false });
        }
      },

      async runLessonAll() {
        const lesson = canRun();
        if (!lesson) return;
        const s = stepperFor(lesson);
        stopRunAll = false;
        setLessons({ running: true });
        const loop = (async () => {
          try {
            while (!s.done && !stopRunAll && stepper === s) await runOne(s);
          } finally {
            if (stepper === s || stepper === null) setLessons({ running: false });
          }
        })();
        runAll = loop.catch(() => undefined);
        await loop;
      },

      async resetLesson() {
        const lesson = selectedLesson();
        if (!lesson?.scenario || get().lessons.resetting) return;
        const s = stepper;
        const outcome: LessonReset = { title: lesson.title, names: lessonSocketNames(lesson), closed: [], failed: [] };
        stopRunAll = true;
        setLessons({ resetting: true, error: null });
        let error: HostRefusal | null = null;
        try {
          if (s) {
            // Steps still waiting in the engine (a blocking accept or connect, in front or in the background) are cancelled, not waited out.
            for (let i = 0; i < s.next; i++) if (!s.records[i]) await client.request('cancel', { callId: s.callIdOf(i) }).catch(() => undefined);
            await inFlight;
            await runAll;
            await s.finish();
            const closed = await closeLessonSockets(client, s.own!, `${runPrefix}-reset`);
            outcome.closed = closed.closed;
            outcome.failed = closed.failed;
          }
        } catch (e) {
          error = hostRefusal('Reset', e);
        } finally {
          stepper = null;
          setLessons((d) => ({ ...fresh(selectedLesson()), running: false, resetting: false, lastReset: outcome, error: error ?? d.error }));
        }
      },

      viewPreviousStep() {
        const d = get().lessons;
        const last = Math.min(d.next, d.records.length) - 1;
        if (last < 0) return;
        setLessons({ viewing: Math.max(0, (d.viewing ?? last) - 1) });
      },
    };
  };
}
