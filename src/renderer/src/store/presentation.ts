// Presentation mode: the window as a class reads it from the back of the room (large text, high
// contrast, the current step's caption, the sockets as a diagram). Only a flag: the panels stay
// mounted, so leaving restores them as they were.
import type { StateCreator } from 'zustand/vanilla';
import { allLessons, type LessonsSlice } from './lessons';
import { cExpression } from '../../../shared/c-expression';

/** The shortcut that toggles presentation mode, as aria-keyshortcuts spells it. */
export const PRESENTATION_SHORTCUT = 'Alt+Shift+P';

export interface PresentationSlice {
  presenting: boolean;
  setPresenting(on: boolean): void;
}

export function createPresentationSlice(): StateCreator<PresentationSlice, [], [], PresentationSlice> {
  return (set) => ({
    presenting: false,
    setPresenting(presenting) {
      set({ presenting });
    },
  });
}

export interface StepCaption {
  title: string;
  /** Index of the step shown (steps count from 0, as the Lessons panel numbers them): the one viewed, running or next, or the last once all ran. */
  index: number;
  total: number;
  /** The step's caption (or note), the words a teacher says over it; null when the step has none. */
  text: string | null;
  c: string;
  /** Every step ran. */
  done: boolean;
}

/** The selected lesson's current step as the caption presentation mode shows large, or null. */
export function currentCaption(s: Pick<LessonsSlice, 'lessons'>): StepCaption | null {
  const d = s.lessons;
  if (!d.selectedId) return null;
  const lesson = allLessons(d).find((l) => l.id === d.selectedId);
  const steps = lesson?.scenario?.steps;
  if (!lesson || !steps?.length) return null;
  const done = d.next >= steps.length;
  const index = d.viewing ?? d.runningStep ?? Math.min(d.next, steps.length - 1);
  const step = steps[index];
  return { title: lesson.title, index, total: steps.length, text: step.caption ?? step.note ?? null, c: cExpression(step), done };
}
