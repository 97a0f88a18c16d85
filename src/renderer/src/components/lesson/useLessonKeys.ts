// The lesson's keys. In presentation mode they work whatever has focus except a text field (a
// presenter's clicker sends PageDown and PageUp): Space, → and PageDown go forward (reveal the next
// question or run the next step), ← and PageUp go back, 1 to 5 pick a choice of the open question,
// and arrows never move a radio group's choice. In the panel, a focused control keeps its own keys.
import { useEffect } from 'react';
import type { WorkbenchStore } from '../../store/store';
import { selectedLesson } from '../../store/lessons';
import { shownFrame } from '../../store/lesson-position';

const FORWARD = new Set([' ', 'ArrowRight', 'PageDown']);
const BACK = new Set(['ArrowLeft', 'PageUp']);
const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'url', 'tel', 'password', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Where a key is the person's typing: a text field, a select, or editable content. */
function isTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true;
  return t instanceof HTMLInputElement && TEXT_INPUTS.has(t.type);
}

/** In the panel, a focused control's own keys (Space on a button, arrows in a radio group) stay its own. */
function isControlKey(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || isTextField(t) || t.tagName === 'INPUT') return true;
  return e.key === ' ' && ['BUTTON', 'A', 'SUMMARY'].includes(t.tagName);
}

function presentingKey(e: KeyboardEvent, store: WorkbenchStore): void {
  const s = store.getState();
  const radio = e.target instanceof HTMLInputElement && e.target.type === 'radio';
  if (FORWARD.has(e.key)) void s.lessonForward();
  else if (BACK.has(e.key)) s.lessonBack();
  else if (radio && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
    // The class's answer stays as chosen: only a click or its number changes it.
  } else if (/^[1-5]$/.test(e.key)) {
    const frame = shownFrame(s.lessons.position);
    const prediction = frame.kind === 'question' ? selectedLesson(s.lessons)?.scenario?.steps[frame.step]?.prediction : undefined;
    const k = Number(e.key) - 1;
    if (!prediction || s.lessons.position.back > 0 || k >= prediction.choices.length) return;
    s.choosePrediction((frame as { step: number }).step, k);
  } else return;
  e.preventDefault();
  e.stopPropagation();
}

function panelKey(e: KeyboardEvent, store: WorkbenchStore): void {
  if (isControlKey(e)) return;
  const s = store.getState();
  if (e.key === ' ' || e.key === 'ArrowRight') {
    e.preventDefault();
    // The panel shows the next step's question beside it already: forward runs, unless looking back.
    if (s.lessons.position.back > 0) void s.lessonForward();
    else void s.runLessonStep();
  } else if (e.key === 'ArrowLeft') {
    e.preventDefault();
    s.lessonBack();
  }
}

export function useLessonKeys(store: WorkbenchStore): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const s = store.getState();
      if (e.altKey || e.ctrlKey || e.metaKey || !s.lessons.shown || !selectedLesson(s.lessons)?.scenario) return;
      if (!s.presenting) panelKey(e, store);
      // Taken before a focused control acts on it: its default (a button's click on Space, a radio's move on an arrow) is prevented.
      else if (!isTextField(e.target)) presentingKey(e, store);
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [store]);
}
