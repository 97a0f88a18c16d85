// A step's question on the stage while the class answers it: the question, the C expression it is
// about and the choices (keys 1 to 5 pick one), never the step's caption or result.
import type { Prediction, Step } from '../../../../shared/steps';
import { cExpression } from '../../../../shared/c-expression';
import { PredictionChoices } from '../lesson/LessonStepItem';

export interface QuestionCardProps {
  index: number;
  total: number;
  step: Step;
  prediction: Prediction;
  choice: number | null;
  answered: boolean;
  /** The step group the question comes before (its steps run back to back once answered), or null. */
  group?: { first: number; last: number } | null;
}

export function QuestionCard({ index, total, step, prediction, choice, answered, group = null }: QuestionCardProps) {
  const runs = group ? `steps ${group.first + 1} to ${group.last + 1}` : 'the step';
  return (
    <article className="stage-card question-card" aria-label={`Step ${index + 1} question`}>
      <p className="card-where">
        Step {index + 1} of {total} asks first
        {group ? `, before steps ${group.first + 1} to ${group.last + 1} run back to back as one (group ${step.group})` : ''}
      </p>
      <p className="card-c">
        <code>{cExpression(step)}</code>
      </p>
      <PredictionChoices index={index} prediction={prediction} choice={choice} disabled={answered} keys />
      <p className="card-hint">{answered ? `${group ? 'These steps have' : 'This step has'} run: → shows the result again.` : `Keys 1 to ${prediction.choices.length} pick a choice; Space or → runs ${runs}.`}</p>
    </article>
  );
}
