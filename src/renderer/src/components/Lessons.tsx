// The Lessons panel: the host's lessons and scenarios, and lesson files opened from disk, stepped
// through one call at a time in front of a class (see LessonSteps), and the recorder that turns
// what the person does next into a lesson file.
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { allLessons } from '../store/lessons';
import type { ShippedScenario } from '../../../shared/contract';
import { RefusalNote } from './Banners';
import { PanelTitle } from './PanelTitle';
import { LessonSteps } from './LessonSteps';
import { LessonRecorder } from './LessonRecorder';
import { LessonFileOpener } from './LessonFileOpener';
import { EditLessonButton, LessonEditor } from './LessonEditor';

export const LESSONS_PANEL_ID = 'lessons-panel';

/** Only the header's button opens it; the panel itself shows while `shown`. */
export function Lessons() {
  const isShown = useWorkbench((s) => s.lessons.shown);
  return isShown ? <LessonsPanel /> : null;
}

function LessonsPanel() {
  const { shipped, scenarios, opened, listing, selectedId, error, running, resetting, listLessons, selectLesson, hideLessons } = useWorkbench(
    useShallow((s) => ({
      shipped: s.lessons.shipped,
      scenarios: s.lessons.scenarios,
      opened: s.lessons.opened,
      listing: s.lessons.listing,
      selectedId: s.lessons.selectedId,
      error: s.lessons.error,
      running: s.lessons.running,
      resetting: s.lessons.resetting,
      listLessons: s.listLessons,
      selectLesson: s.selectLesson,
      hideLessons: s.hideLessons,
    })),
  );
  const editing = useWorkbench((s) => s.lessonEditor.draft !== null);
  const heading = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [choosing, setChoosing] = useState(false);
  const [focusTarget, setFocusTarget] = useState<'heading' | 'lesson' | 'list'>('heading');
  const [focusTick, setFocusTick] = useState(0);
  const lessonTitle = useRef<HTMLHeadingElement>(null);
  const everything = allLessons({ shipped, scenarios, opened });
  const selected = everything.find((d) => d.id === selectedId) ?? null;
  const listShown = selected === null || choosing;
  const busy = running || resetting;
  const nothingListed = shipped !== null && scenarios !== null && everything.length === 0;

  // Focus follows what replaced the element that had it (the list collapses once a lesson is picked).
  useEffect(() => {
    if (focusTarget === 'heading') heading.current?.focus();
    else if (focusTarget === 'lesson') lessonTitle.current?.focus();
    else listRef.current?.querySelector<HTMLElement>('button[aria-pressed="true"], button:not(:disabled)')?.focus();
  }, [focusTarget, focusTick]);
  const moveFocus = (target: typeof focusTarget) => {
    setFocusTarget(target);
    setFocusTick((n) => n + 1);
  };

  const pick = async (lesson: ShippedScenario) => {
    if (busy) return;
    await selectLesson(lesson.id);
    setChoosing(false);
    moveFocus('lesson');
  };

  const group = (label: string, items: ShippedScenario[]) =>
    items.length ? (
      <>
        <p className="lesson-group" id={`lesson-group-${label}`}>
          {label}
        </p>
        <ul className="lesson-list" aria-labelledby={`lesson-group-${label}`}>
          {items.map((lesson) => (
            <li key={lesson.id}>
              <button
                type="button"
                aria-pressed={lesson.id === selectedId}
                disabled={lesson.scenario === null}
                aria-disabled={lesson.scenario !== null && busy ? true : undefined}
                aria-describedby={lesson.error ? `lesson-error-${lesson.id}` : undefined}
                onClick={() => void pick(lesson)}
              >
                {lesson.title}
                {lesson.id.startsWith('file:') ? <span className="muted"> from {lesson.id.slice('file:'.length)}</span> : null}
              </button>
              {lesson.error ? (
                <p className="lesson-invalid" id={`lesson-error-${lesson.id}`}>
                  Cannot be run, its file is invalid: {lesson.error}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </>
    ) : null;

  return (
    <section id={LESSONS_PANEL_ID} className="panel lessons" aria-labelledby="lessons-title">
      <PanelTitle id="lessons-title" headingRef={heading} title="Lessons">
        <button type="button" className="lessons-close" onClick={hideLessons}>
          Close lessons
        </button>
      </PanelTitle>
      {error && (shipped === null || scenarios === null) ? (
        <>
          <RefusalNote refusal={error} label="Lessons error" />
          <button type="button" onClick={() => void listLessons()}>
            Try again
          </button>
        </>
      ) : null}
      {listing && (shipped === null || scenarios === null) ? (
        <p className="muted" role="status">
          Asking the host for its lessons…
        </p>
      ) : null}
      {nothingListed ? <p className="muted">The host ships no lessons.</p> : null}
      {everything.length > 0 && listShown ? (
        <div role="group" aria-label="Lesson list" ref={listRef}>
          {group('Lessons', shipped ?? [])}
          {group('Scenarios', scenarios ?? [])}
          {group('Opened here', opened)}
        </div>
      ) : null}
      <LessonFileOpener
        busy={busy}
        onOpened={() => {
          setChoosing(false);
          moveFocus('lesson');
        }}
      >
        {selected?.scenario && !editing ? <EditLessonButton scenario={{ ...selected.scenario, title: selected.scenario.title ?? selected.title }} /> : null}
      </LessonFileOpener>
      {editing ? <LessonEditor /> : null}
      {selected?.scenario && !editing ? (
        <LessonSteps
          lesson={selected}
          titleRef={lessonTitle}
          choosing={choosing}
          onChooseAnother={() => {
            setChoosing(true);
            moveFocus('list');
          }}
        />
      ) : null}
      {!editing ? <LessonRecorder /> : null}
    </section>
  );
}
