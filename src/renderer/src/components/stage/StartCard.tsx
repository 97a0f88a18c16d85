// A lesson before its first step: its title, what it shows, and how the room moves through it.
import type { ShippedScenario } from '../../../../shared/contract';
import { lessonSocketNames, type LessonReset } from '../../store/lessons';

export function StartCard({ lesson, lastReset }: { lesson: ShippedScenario; lastReset: LessonReset | null }) {
  const steps = lesson.scenario?.steps ?? [];
  const asks = steps.filter((s) => s.prediction).length;
  const names = lessonSocketNames(lesson);
  return (
    <article className="stage-card start-card" aria-label="Lesson start">
      <p className="card-caption">{lesson.title}</p>
      {lesson.description ? <p>{lesson.description}</p> : null}
      <p className="card-where">
        {steps.length} steps{asks ? `, ${asks} of them asking the class first` : ''}
        {names.length ? `; its sockets: ${names.join(', ')}` : ''}. Space, → or PageDown begins.
      </p>
      {lastReset ? <p className="card-where">Reset: {lastReset.closed.length ? `closed ${lastReset.closed.map((c) => c.name).join(', ')}` : 'nothing of it was still open'}.</p> : null}
    </article>
  );
}
