// A lesson before its first step: its title, what it shows, and how the room moves through it.
import type { ShippedScenario } from '../../../../shared/contract';
import { lessonSocketNames, type LessonReset } from '../../store/lessons';

function resetText(r: LessonReset): string {
  const parts = [r.closed.length ? `closed ${r.closed.map((c) => c.name).join(', ')}` : '', r.freed.length ? `freed ${r.freed.map((f) => f.name).join(', ')}` : ''].filter(Boolean);
  return parts.length ? parts.join('; ') : 'nothing of it was still open';
}

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
      {lastReset ? <p className="card-where">Reset: {resetText(lastReset)}.</p> : null}
    </article>
  );
}
