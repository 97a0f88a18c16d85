// Presentation mode: the toggle (a button and Alt+Shift+P) and what it adds to the window: the
// current step's caption, large, and the sockets as a diagram.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench, useWorkbenchStore } from '../store/context';
import { currentCaption, PRESENTATION_SHORTCUT } from '../store/presentation';
import { SocketDiagram } from './SocketDiagram';
import { StageFigures } from './stage/StageFigures';
import { allLessons } from '../store/lessons';

/** True for the shortcut whatever the keyboard layout makes of Alt+Shift+P's character. */
function isShortcut(e: KeyboardEvent): boolean {
  return e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyP';
}

export function PresentationToggle() {
  const store = useWorkbenchStore();
  const presenting = useWorkbench((s) => s.presenting);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcut(e)) return;
      e.preventDefault();
      const s = store.getState();
      s.setPresenting(!s.presenting);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
  return (
    <button
      type="button"
      className="presentation-toggle"
      aria-pressed={presenting}
      aria-keyshortcuts={PRESENTATION_SHORTCUT}
      title={`Presentation mode (${PRESENTATION_SHORTCUT})`}
      onClick={() => store.getState().setPresenting(!presenting)}
    >
      Presentation mode
    </button>
  );
}

export function StepCaption() {
  const caption = useWorkbench(useShallow((s) => currentCaption(s)));
  if (!caption) return <p className="caption-none">Open Lessons and pick one: its current step shows here.</p>;
  return (
    <div className="step-caption" role="status" aria-label="Current step">
      <p className="caption-where">
        {caption.title}: {caption.done ? `all ${caption.total} steps ran; the last was step ${caption.index}` : `step ${caption.index} is next (steps 0 to ${caption.total - 1})`}
      </p>
      <p className="caption-c">
        <code>{caption.c}</code>
      </p>
      {caption.text ? <p className="caption-text">{caption.text}</p> : null}
    </div>
  );
}

/** The figures of the step the stage shows (the chart of measured bars beside the step that compares them). */
function ShownStepFigures() {
  const shown = useWorkbench(
    useShallow((s) => {
      const steps = allLessons(s.lessons).find((l) => l.id === s.lessons.selectedId)?.scenario?.steps;
      return { steps, records: s.lessons.records, index: currentCaption(s)?.index ?? -1 };
    }),
  );
  return shown.steps ? <StageFigures index={shown.index} steps={shown.steps} records={shown.records} /> : null;
}

/** Shown only in presentation mode, first in the window, so the room reads it first. */
export function PresentationStage() {
  const presenting = useWorkbench((s) => s.presenting);
  if (!presenting) return null;
  return (
    // Focusable: it scrolls when the diagram outgrows it, and a keyboard must reach that scroll.
    <section className="panel stage" aria-label="Presentation" tabIndex={0}>
      <StepCaption />
      <ShownStepFigures />
      <SocketDiagram />
    </section>
  );
}
