// Presentation mode: the window as a class reads it from the back of the room (large text, high
// contrast, the stage first). Only a flag: the panels stay mounted, so leaving restores them as
// they were. While a lesson is presented, the stage shows the lesson only.
import type { StateCreator } from 'zustand/vanilla';
import type { ShippedScenario } from '../../../shared/contract';
import { selectedLesson, type LessonsSlice } from './lessons';

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

/** The lesson the stage presents: in presentation mode, the one selected in the open Lessons panel. */
export function presentedLesson(s: Pick<LessonsSlice, 'lessons'> & Pick<PresentationSlice, 'presenting'>): ShippedScenario | null {
  if (!s.presenting || !s.lessons.shown) return null;
  const lesson = selectedLesson(s.lessons);
  return lesson?.scenario ? lesson : null;
}
