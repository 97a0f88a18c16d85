// The Lessons slice's state and actions, and what is read from a lesson without running it.
import type { ShippedScenario } from '../../../shared/contract';
import type { CallRecord } from '../../../shared/record';
import { checkScenarioText, scenarioErrorText } from '../../../shared/scenario-check';
import type { HostRefusal } from './refusal';
import type { LessonPosition } from './lesson-position';

/** What a Reset did: the lesson's sockets it closed, its objects it freed, and any it could not. */
export interface LessonReset {
  title: string;
  /** Every name the lesson gives a socket with `as`. */
  names: string[];
  closed: { name: string; fd: number }[];
  /** Its BIOs, SSL objects and contexts freed, with the call that freed each. */
  freed: { name: string; call: string }[];
  failed: { name: string; message: string }[];
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
  /** Where the lesson is: the frame the class sees and the step that runs next, one state. */
  position: LessonPosition;
  /** The session-name prefix of the lesson's sockets in this run (`lesson-<page><run>-`), null before its first step. */
  namespace: string | null;
  /** The run's call ids are this and the step's index (`<prefix>-3`): its packets are told by call id. */
  callIdPrefix?: string | null;
  /** The step whose call is in flight, if any. */
  runningStep: number | null;
  /** A step or Run all is under way. */
  running: boolean;
  resetting: boolean;
  lastReset: LessonReset | null;
  error: HostRefusal | null;
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
  /** The prediction choice for a step not yet run (null: none); ignored once the step ran. */
  choosePrediction(step: number, choice: number | null): void;
  /** Runs the step that runs next, whatever the class is shown. */
  runLessonStep(): Promise<void>;
  runLessonAll(): Promise<void>;
  resetLesson(): Promise<void>;
  /** Forward as a class follows it: the next frame already reached, else the next question, else the next step run. */
  lessonForward(): Promise<void>;
  /** Back one frame (a question or a result already seen); never undoes anything. */
  lessonBack(): void;
}

export interface LessonsSlice extends LessonActions {
  lessons: LessonsState;
}

/** Every lesson the panel offers: the host's lessons, its scenarios, then the files opened here. */
export function allLessons(d: Pick<LessonsState, 'shipped' | 'scenarios' | 'opened'>): ShippedScenario[] {
  return [...(d.shipped ?? []), ...(d.scenarios ?? []), ...d.opened];
}

/** The lesson selected, or null. */
export function selectedLesson(d: Pick<LessonsState, 'shipped' | 'scenarios' | 'opened' | 'selectedId'>): ShippedScenario | null {
  return d.selectedId === null ? null : (allLessons(d).find((x) => x.id === d.selectedId) ?? null);
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
