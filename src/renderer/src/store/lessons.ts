// The Lessons slice: the host's lessons and scenarios, and files the person opens in this page,
// each run by a LessonRunner (see lesson-runner.ts). Predictions are chosen before a step and
// judged against its record after it.
import type { StateCreator } from 'zustand/vanilla';
import type { ShippedScenario } from '../../../shared/contract';
import type { Step } from '../../../shared/steps';
import type { WorkbenchClient } from '../client';
import type { ConnectionSlice } from './connection';
import { lessonPosition, lessonRuns } from './lesson-position';
import { createLessonRunner } from './lesson-runner';
import { allLessons, lessonFromFile, selectedLesson, type LessonsSlice, type LessonsState } from './lesson-types';
import { hostRefusal } from './refusal';

export * from './lesson-types';

function initialLessons(): LessonsState {
  return { shown: false, shipped: null, scenarios: null, opened: [], fileError: null, listing: false, selectedId: null, records: [], choices: [], position: lessonPosition([]), namespace: null, callIdPrefix: null, runningStep: null, running: false, resetting: false, lastReset: null, error: null };
}

/** A fresh run of the lesson: no records, no choices, at its start. */
function fresh(lesson: ShippedScenario | null): Partial<LessonsState> {
  const steps = lesson?.scenario?.steps ?? [];
  return { records: steps.map(() => null), choices: steps.map(() => null), position: lessonPosition(lessonRuns(steps as Step[])), namespace: null, callIdPrefix: null, runningStep: null, error: null };
}

export function createLessonsSlice(client: WorkbenchClient, pageId: string): StateCreator<LessonsSlice & ConnectionSlice, [], [], LessonsSlice> {
  return (set, get) => {
    const setLessons = (patch: Partial<LessonsState> | ((d: LessonsState) => Partial<LessonsState>)) => set((s) => ({ lessons: { ...s.lessons, ...(typeof patch === 'function' ? patch(s.lessons) : patch) } }));
    const runner = createLessonRunner({ client, pageId, tmpDir: () => get().tmpDir, lessons: () => get().lessons, selected: () => selectedLesson(get().lessons), setLessons, fresh });
    /** Before another lesson (or a new text of this one) starts, what this one opened is closed. */
    const leaveRun = async () => {
      if (runner.started()) await get().resetLesson();
      runner.discard();
    };

    return {
      lessons: initialLessons(),
      choosePrediction: runner.choosePrediction,
      runLessonStep: runner.runLessonStep,
      runLessonAll: runner.runLessonAll,
      resetLesson: runner.resetLesson,
      lessonForward: runner.lessonForward,
      lessonBack: runner.lessonBack,

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
        await leaveRun();
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
        await leaveRun();
        setLessons((d) => ({ opened: [...d.opened.filter((o) => o.id !== lesson.id), lesson], fileError: null, selectedId: lesson.id, ...fresh(lesson) }));
        return true;
      },

      lessonFileUnreadable(name, why) {
        setLessons({ fileError: `${name} cannot be read: ${why}` });
      },
    };
  };
}
