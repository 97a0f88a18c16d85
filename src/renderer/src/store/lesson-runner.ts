// A lesson's run in the page: the shared ScenarioStepper in a namespace of the lesson's own (its `c`
// is the session's `lesson-<page><run>-c`), so it never acts on a socket of the person's. Each step
// is an ordinary session call: the Call log, Sockets and error stack show it live. Where the lesson
// is (what the class sees, which step runs next) is one LessonPosition, moved by forward and back.
import type { CallRecord } from '../../../shared/record';
import { ScenarioStepper } from '../../../shared/scenario-runner';
import { closeLessonSockets, lessonNamespace } from '../../../shared/lesson-run';
import type { ShippedScenario } from '../../../shared/contract';
import type { Step } from '../../../shared/steps';
import type { WorkbenchClient } from '../client';
import { forwardAction, lessonReducer } from './lesson-position';
import { hostRefusal, type HostRefusal } from './refusal';
import { lessonSocketNames, type LessonActions, type LessonReset, type LessonsState } from './lesson-types';

export interface LessonRunContext {
  client: WorkbenchClient;
  pageId: string;
  tmpDir: () => string | null;
  lessons: () => LessonsState;
  selected: () => ShippedScenario | null;
  setLessons: (patch: Partial<LessonsState> | ((d: LessonsState) => Partial<LessonsState>)) => void;
  /** A fresh run of the lesson: no records, no choices, at its start. */
  fresh: (lesson: ShippedScenario | null) => Partial<LessonsState>;
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

/** What one page's lesson runs share: the stepper of the run under way and what it waits on. */
interface RunState {
  runs: number;
  stepper: ScenarioStepper | null;
  /** The lesson the stepper runs: Reset still finds it when the host's list no longer has it. */
  lesson: ShippedScenario | null;
  runPrefix: string;
  inFlight: Promise<unknown>;
  runAll: Promise<unknown>;
  stopRunAll: boolean;
}

/** The stepper is made at the first step, so `{tmp}` is the session's directory at that moment. */
function stepperFor(ctx: LessonRunContext, st: RunState, lesson: ShippedScenario): ScenarioStepper {
  if (st.stepper) return st.stepper;
  const run = ++st.runs;
  st.runPrefix = `lesson-${ctx.pageId}-${run}`;
  const onRecord = (rec: CallRecord) => {
    if (st.stepper !== mine) return;
    ctx.setLessons((d) => {
      const records = d.records.slice();
      records[rec.index] = rec;
      return { records };
    });
  };
  const namespace = lessonNamespace(ctx.pageId, run);
  const mine: ScenarioStepper = new ScenarioStepper(ctx.client, lesson.scenario!, { callIdPrefix: st.runPrefix, namespace, tmpDir: ctx.tmpDir() ?? undefined, onRecord });
  ctx.setLessons({ namespace, callIdPrefix: st.runPrefix });
  st.lesson = lesson;
  return (st.stepper = mine);
}

/** Runs the stepper's next step; `alone` (not part of Run all) ends `running` in the same update that shows the step ran, so a key pressed at once is taken. */
async function runOne(ctx: LessonRunContext, st: RunState, s: ScenarioStepper, alone = false): Promise<void> {
  const index = s.next;
  ctx.setLessons({ runningStep: index, error: null, lastReset: null });
  const step = s.step();
  st.inFlight = step.catch(() => undefined);
  try {
    await step;
  } catch (e) {
    if (st.stepper === s) ctx.setLessons({ error: hostRefusal(stepLabel(s.scenario.steps[index] as Step, index), e) });
  } finally {
    if (st.stepper === s) ctx.setLessons((d) => ({ runningStep: null, position: lessonReducer(d.position, { type: 'ran', next: s.next }), ...(alone ? { running: false } : {}) }));
  }
}

/** Cancels what still waits, closes what the run opened (only that), and starts the lesson afresh. */
async function resetRun(ctx: LessonRunContext, st: RunState, lesson: ShippedScenario): Promise<void> {
  const s = st.stepper;
  const outcome: LessonReset = { title: lesson.title, names: lessonSocketNames(lesson), closed: [], freed: [], failed: [] };
  st.stopRunAll = true;
  ctx.setLessons({ resetting: true, error: null });
  let error: HostRefusal | null = null;
  try {
    if (s) {
      // Steps still waiting in the engine (a blocking accept or connect, in front or in the background) are cancelled, not waited out.
      for (let i = 0; i < s.next; i++) if (!s.records[i]) await ctx.client.request('cancel', { callId: s.callIdOf(i) }).catch(() => undefined);
      await st.inFlight;
      await st.runAll;
      await s.finish();
      Object.assign(outcome, await closeLessonSockets(ctx.client, s.own!, `${st.runPrefix}-reset`));
    }
  } catch (e) {
    error = hostRefusal('Reset', e);
  } finally {
    st.stepper = null;
    st.lesson = null;
    ctx.setLessons((d) => ({ ...ctx.fresh(ctx.selected()), running: false, resetting: false, lastReset: outcome, error: error ?? d.error }));
  }
}

export function createLessonRunner(ctx: LessonRunContext): LessonRunner {
  const st: RunState = { runs: 0, stepper: null, lesson: null, runPrefix: '', inFlight: Promise.resolve(), runAll: Promise.resolve(), stopRunAll: false };
  const canRun = (): ShippedScenario | null => {
    const d = ctx.lessons();
    const lesson = ctx.selected();
    if (!lesson?.scenario || d.running || d.resetting || d.position.ran >= lesson.scenario.steps.length) return null;
    return lesson;
  };

  const runner: LessonRunner = {
    discard: () => void ((st.stepper = null), (st.lesson = null)),
    started: () => st.stepper !== null && st.stepper.next > 0,

    choosePrediction(step, choice) {
      const d = ctx.lessons();
      if (step < d.position.ran || step >= d.choices.length) return;
      ctx.setLessons({ choices: d.choices.map((c, i) => (i === step ? choice : c)) });
    },

    async runLessonStep() {
      const lesson = canRun();
      if (!lesson) return;
      ctx.setLessons({ running: true });
      try {
        await runOne(ctx, st, stepperFor(ctx, st, lesson), true);
      } finally {
        ctx.setLessons({ running: false });
      }
    },

    async runLessonAll() {
      const lesson = canRun();
      if (!lesson) return;
      const s = stepperFor(ctx, st, lesson);
      st.stopRunAll = false;
      ctx.setLessons({ running: true });
      const loop = (async () => {
        try {
          while (!s.done && !st.stopRunAll && st.stepper === s) await runOne(ctx, st, s);
        } finally {
          if (st.stepper === s || st.stepper === null) ctx.setLessons({ running: false });
        }
      })();
      st.runAll = loop.catch(() => undefined);
      await loop;
    },

    async resetLesson() {
      const lesson = (st.stepper && st.lesson) ?? ctx.selected();
      if (lesson?.scenario && !ctx.lessons().resetting) await resetRun(ctx, st, lesson);
    },

    async lessonForward() {
      const d = ctx.lessons();
      if (d.running || d.resetting) return;
      if (forwardAction(d.position) === 'run') return runner.runLessonStep();
      ctx.setLessons((x) => ({ position: lessonReducer(x.position, { type: 'forward' }) }));
    },

    lessonBack() {
      ctx.setLessons((x) => ({ position: lessonReducer(x.position, { type: 'back' }) }));
    },
  };
  return runner;
}
