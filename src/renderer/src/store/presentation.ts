// Presentation mode: the window as a class reads it from the back of the room (large text, high
// contrast, the current step's caption, the sockets as a diagram). Only a flag: the panels stay
// mounted, so leaving restores them as they were.
import type { StateCreator } from 'zustand/vanilla';
import { allDemos, type DemosSlice } from './demos';
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
  /** Index of the step shown (steps count from 0, as the Demos panel numbers them): the next to run, or the last once all ran. */
  index: number;
  total: number;
  /** The step's note, the words a teacher says over it; null when the step has none. */
  text: string | null;
  c: string;
  /** Every step ran. */
  done: boolean;
}

/** The selected demo's current step as the caption presentation mode shows large, or null. */
export function currentCaption(s: Pick<DemosSlice, 'demos'>): StepCaption | null {
  const { selectedId, next } = s.demos;
  if (!selectedId) return null;
  const demo = allDemos(s.demos).find((d) => d.id === selectedId);
  const steps = demo?.scenario?.steps;
  if (!demo || !steps?.length) return null;
  const done = next >= steps.length;
  const index = Math.min(next, steps.length - 1);
  const step = steps[index];
  return { title: demo.title, index, total: steps.length, text: step.note ?? null, c: cExpression(step), done };
}
