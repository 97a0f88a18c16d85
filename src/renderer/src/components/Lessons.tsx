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
import { LessonList } from './lesson/LessonList';

export const LESSONS_PANEL_ID = 'lessons-panel';

/** Only the header's button opens it; the panel itself shows while `shown`. */
export function Lessons() {
  const isShown = useWorkbench((s) => s.lessons.shown);
  return isShown ? <LessonsPanel /> : null;
}

type FocusTarget = 'heading' | 'lesson' | 'list';

/** Focus follows what replaced the element that had it (the list collapses once a lesson is picked). */
function useFocusMove(refs: Record<FocusTarget, () => HTMLElement | null | undefined>): (target: FocusTarget) => void {
  const [move, setMove] = useState<{ target: FocusTarget; tick: number }>({ target: 'heading', tick: 0 });
  const latest = useRef(refs);
  latest.current = refs;
  useEffect(() => latest.current[move.target]()?.focus(), [move]);
  return (target) => setMove((m) => ({ target, tick: m.tick + 1 }));
}

function LessonsPanel() {
  const { shipped, scenarios, opened, listing, selectedId, error, running, resetting, listLessons, selectLesson, hideLessons } = useWorkbench(
    useShallow((s) => ({ shipped: s.lessons.shipped, scenarios: s.lessons.scenarios, opened: s.lessons.opened, listing: s.lessons.listing, selectedId: s.lessons.selectedId, error: s.lessons.error, running: s.lessons.running, resetting: s.lessons.resetting, listLessons: s.listLessons, selectLesson: s.selectLesson, hideLessons: s.hideLessons })),
  );
  const editing = useWorkbench((s) => s.lessonEditor.draft !== null);
  const heading = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const lessonTitle = useRef<HTMLHeadingElement>(null);
  const [choosing, setChoosing] = useState(false);
  const moveFocus = useFocusMove({
    heading: () => heading.current,
    lesson: () => lessonTitle.current,
    list: () => listRef.current?.querySelector<HTMLElement>('button[aria-pressed="true"], button:not(:disabled)'),
  });
  const everything = allLessons({ shipped, scenarios, opened });
  const selected = everything.find((d) => d.id === selectedId) ?? null;
  const busy = running || resetting;
  const unlisted = shipped === null || scenarios === null;
  const afterOpen = () => {
    setChoosing(false);
    moveFocus('lesson');
  };
  const pick = async (lesson: ShippedScenario) => {
    if (busy) return;
    await selectLesson(lesson.id);
    afterOpen();
  };

  return (
    <section id={LESSONS_PANEL_ID} className="panel lessons" aria-labelledby="lessons-title">
      <PanelTitle id="lessons-title" headingRef={heading} title="Lessons">
        <button type="button" className="lessons-close" onClick={hideLessons}>
          Close lessons
        </button>
      </PanelTitle>
      {error && unlisted ? (
        <>
          <RefusalNote refusal={error} label="Lessons error" />
          <button type="button" onClick={() => void listLessons()}>
            Try again
          </button>
        </>
      ) : null}
      {listing && unlisted ? (
        <p className="muted" role="status">
          Asking the host for its lessons…
        </p>
      ) : null}
      {!unlisted && everything.length === 0 ? <p className="muted">The host ships no lessons.</p> : null}
      {everything.length > 0 && (selected === null || choosing) ? (
        <LessonList shipped={shipped ?? []} scenarios={scenarios ?? []} opened={opened} selectedId={selectedId} busy={busy} listRef={listRef} onPick={(l) => void pick(l)} />
      ) : null}
      <LessonFileOpener busy={busy} onOpened={afterOpen}>
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
