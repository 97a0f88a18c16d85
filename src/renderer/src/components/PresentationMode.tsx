// Presentation mode: the toggle (a button and Alt+Shift+P) and the stage it adds to the window: a
// lesson presented (its start, a step's question, the result of the step just run, beside the
// diagram of its own sockets), or, with no lesson, the session's sockets as a diagram.
import { useEffect } from 'react';
import { useWorkbench, useWorkbenchStore } from '../store/context';
import { presentedLesson, PRESENTATION_SHORTCUT } from '../store/presentation';
import { SocketDiagram } from './SocketDiagram';
import { LessonStage } from './stage/LessonStage';

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

function SessionDiagram() {
  const sockets = useWorkbench((s) => s.sockets);
  return <SocketDiagram sockets={sockets} />;
}

/** Shown only in presentation mode, first in the window, so the room reads it first. */
export function PresentationStage() {
  const presenting = useWorkbench((s) => s.presenting);
  const lesson = useWorkbench(presentedLesson);
  if (!presenting) return null;
  return (
    // Focusable: it scrolls when the diagram outgrows it, and a keyboard must reach that scroll.
    <section className={`panel stage${lesson ? ' stage-lesson' : ''}`} aria-label="Presentation" tabIndex={lesson ? undefined : 0}>
      {lesson ? (
        <LessonStage lesson={lesson} />
      ) : (
        <>
          <p className="caption-none">Open Lessons and pick one to present it here, a step at a time.</p>
          <SessionDiagram />
        </>
      )}
    </section>
  );
}
