// The lessons to choose from, in groups (the host's lessons, its scenarios, files opened here):
// the one picked is pressed, an invalid one disabled with its error.
import type { RefObject } from 'react';
import type { ShippedScenario } from '../../../../shared/contract';

interface LessonListProps {
  shipped: ShippedScenario[];
  scenarios: ShippedScenario[];
  opened: ShippedScenario[];
  selectedId: string | null;
  busy: boolean;
  listRef: RefObject<HTMLDivElement | null>;
  onPick(lesson: ShippedScenario): void;
}

function LessonGroup({ label, items, selectedId, busy, onPick }: { label: string; items: ShippedScenario[] } & Pick<LessonListProps, 'selectedId' | 'busy' | 'onPick'>) {
  if (!items.length) return null;
  return (
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
              onClick={() => onPick(lesson)}
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
  );
}

export function LessonList({ shipped, scenarios, opened, listRef, ...rest }: LessonListProps) {
  return (
    <div role="group" aria-label="Lesson list" ref={listRef}>
      <LessonGroup label="Lessons" items={shipped} {...rest} />
      <LessonGroup label="Scenarios" items={scenarios} {...rest} />
      <LessonGroup label="Opened here" items={opened} {...rest} />
    </div>
  );
}
