// A lesson's run in the page: the shared ScenarioStepper in a namespace of the lesson's own (its `c`
// is the session's `lesson-<page><run>-c`), so it never acts on a socket of the person's. Each step
// is an ordinary session call: the Call log, Sockets and error stack show it live. Where the lesson
// is (what the class sees, which step runs next) is one LessonPosition, moved by forward and back.
import type { CallRecord } from '../../../shared/record';
import { ScenarioStepper } from '../../../shared/scenario-runner';
import { closeLessonSockets, lessonNamespace } from '../../../shared/lesson-run';
import type { Demo } from '../../../shared/contract';
import type { Step } from '../../../shared/steps';
import type { WorkbenchClient } from '../client';
import { forwardAction, lessonReducer, type LessonEvent } from './lesson-position';
import { hostRefusal, type HostRefusal } from './refusal';
import { lessonSocketNames, type LessonActions, type LessonReset, type LessonsState } from './lesson-types';

export interface LessonRunContext {
  client: WorkbenchClient;
  pageId: string;
  tmpDir: () => string | null;
  lessons: () => LessonsState;
  selected: () => Demo | null;
  setLessons: (patch: Partial<LessonsState> | ((d: LessonsState) => Partial<LessonsState>)) => void;
  /** A fresh run of the lesson: no records, no choices, at its start. */
  fresh: (lesson: Demo | null) => Partial<LessonsState>;
}

type RunActions = Pick<LessonActions, 'choosePrediction' | 'runLessonStep' | 'runLessonAll' | 'resetLesson' | 'lessonForward' | 'lessonBack'>;

export interface LessonRunner extends RunActions {
  /** Forgets the run (another lesson is selected); resetLesson first closes what it opened. */
  discard(): void;
  /** A step of this run has started. */
  started(): boolean;
}

function stepLabel(step: Step | undefined, index: number): string {
  return `step ${index + 1}${step ? ` (${step.call})` : ''}`;
}

export function createLessonRunner(ctx: LessonRunContext): LessonRunner {
  const { client, setLessons } = ctx;
  let runs = 0;
  let stepper: ScenarioStepper | null = null;
  let runPrefix = '';
  let inFlight: Promise<unknown> = Promise.resolve();
  let runAll: Promise<unknown> = Promise.resolve();
  let stopRunAll = false;

  const move = (e: LessonEvent) => setLessons((d) => ({ position: lessonReducer(d.position, e) }));

  /** The stepper is made at the first step, so `{tmp}` is the session's directory at that moment. */
  const stepperFor = (lesson: Demo): ScenarioStepper => {
    if (stepper) return stepper;
    const run = ++runs;
    runPrefix = `lesson-${ctx.pageId}-${run}`;
    const onRecord = (rec: CallRecord) => {
      if (stepper !== mine) return;
      setLessons((d) => {
        const records = d.records.slice();
        records[rec.index] = rec;
        return { records };
      });
    };
    const namespace = lessonNamespace(ctx.pageId, run);
    const mine: ScenarioStepper = new ScenarioStepper(client, lesson.scenario!, { callIdPrefix: runPrefix, namespace, tmpDir: ctx.tmpDir() ?? undefined, onRecord });
    setLessons({ namespace });
    return (stepper = mine);
  };

  const runOne = async (s: ScenarioStepper): Promise<void> => {
    const index = s.next;
    setLessons({ runningStep: index, error: null, lastReset: null });
    const step = s.step();
    inFlight = step.catch(() => undefined);
    try {
      await step;
    } catch (e) {
      if (stepper === s) setLessons({ error: hostRefusal(stepLabel(s.scenario.steps[index] as Step, index), e) });
    } finally {
      if (stepper === s) setLessons((d) => ({ runningStep: null, position: lessonReducer(d.position, { type: 'ran', next: s.next }) }));
    }
  };

  const canRun = (): Demo | null => {
    const d = ctx.lessons();
    const lesson = ctx.selected();
    if (!lesson?.scenario || d.running || d.resetting || d.position.ran >= lesson.scenario.steps.length) return null;
    return lesson;
  };

  const runner: LessonRunner = {
    discard: () => void (stepper = null),
    started: () => stepper !== null && stepper.next > 0,

    choosePrediction(step, choice) {
      const d = ctx.lessons();
      if (step < d.position.ran || step >= d.choices.length) return;
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
      const lesson = ctx.selected();
      if (!lesson?.scenario || ctx.lessons().resetting) return;
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
          Object.assign(outcome, await closeLessonSockets(client, s.own!, `${runPrefix}-reset`));
        }
      } catch (e) {
        error = hostRefusal('Reset', e);
      } finally {
        stepper = null;
        setLessons((d) => ({ ...ctx.fresh(ctx.selected()), running: false, resetting: false, lastReset: outcome, error: error ?? d.error }));
      }
    },

    async lessonForward() {
      const d = ctx.lessons();
      if (d.running || d.resetting) return;
      if (forwardAction(d.position) === 'run') return runner.runLessonStep();
      move({ type: 'forward' });
    },

    lessonBack() {
      move({ type: 'back' });
    },
  };
  return runner;
}
