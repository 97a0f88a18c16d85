// A lesson presented: the stage shows the frame the class is at (the lesson's start, a step's
// question, or the result of the step just run) beside the diagram of the lesson's own sockets,
// and with capture on, the packets the step caused as a ladder above that diagram.
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../../store/context';
import { runOf, shownFrame, type LessonRun } from '../../store/lesson-position';
import type { ShippedScenario } from '../../../../shared/contract';
import type { Step } from '../../../../shared/steps';
import { RefusalNote } from '../Banners';
import { LessonDiagram } from './LessonDiagram';
import { QuestionCard } from './QuestionCard';
import { GroupResultCard, ResultCard } from './ResultCard';
import { StageBar } from './StageBar';
import { StageFigures } from './StageFigures';
import { StageLadder } from './StageLadder';
import { StartCard } from './StartCard';
import { useFitText } from './useFitText';

/** A run of several steps (a group), or null for a step alone. */
const groupOf = (run: LessonRun | null) => (run && run.last > run.first ? run : null);

export function LessonStage({ lesson }: { lesson: ShippedScenario }) {
  const { position, records, choices, runningStep, lastReset, error } = useWorkbench(
    useShallow((s) => ({ position: s.lessons.position, records: s.lessons.records, choices: s.lessons.choices, runningStep: s.lessons.runningStep, lastReset: s.lessons.lastReset, error: s.lessons.error })),
  );
  const steps = lesson.scenario!.steps as Step[];
  const frame = shownFrame(position);
  const cardBox = useRef<HTMLDivElement>(null);
  const running = runningStep === null ? null : runOf(position, runningStep);
  let card;
  if (running && running.last > running.first)
    card = <GroupResultCard first={running.first} last={running.last} total={steps.length} steps={steps} records={records} choices={choices} running />;
  else if (runningStep !== null) card = <ResultCard index={runningStep} total={steps.length} step={steps[runningStep]} record={null} choice={choices[runningStep] ?? null} running />;
  else if (frame.kind === 'start') card = <StartCard lesson={lesson} lastReset={lastReset} />;
  else if (frame.kind === 'question')
    card = (
      <QuestionCard index={frame.step} total={steps.length} step={steps[frame.step]} prediction={steps[frame.step].prediction!} choice={choices[frame.step] ?? null} answered={frame.step < position.ran} group={groupOf(runOf(position, frame.step))} />
    );
  else if (frame.last > frame.step)
    card = (
      <GroupResultCard first={frame.step} last={frame.last} total={steps.length} steps={steps} records={records} choices={choices} running={false}>
        <StageFigures index={frame.last} steps={steps} records={records} />
      </GroupResultCard>
    );
  else
    card = (
      <ResultCard index={frame.step} total={steps.length} step={steps[frame.step]} record={records[frame.step] ?? null} choice={choices[frame.step] ?? null} running={false}>
        <StageFigures index={frame.step} steps={steps} records={records} />
      </ResultCard>
    );
  const shownRecord = frame.kind === 'result' ? (records[frame.last] ?? null) : null;
  const capturing = useWorkbench((s) => s.capture.state.on);
  const ladder =
    capturing && frame.kind === 'result' && runningStep === null ? (
      <StageLadder first={frame.step} last={frame.last} label={frame.last > frame.step ? `the packets of steps ${frame.step + 1} to ${frame.last + 1}` : `the packets of step ${frame.step + 1}`} />
    ) : null;
  useFitText(cardBox, `${frame.kind}-${'step' in frame ? frame.step : ''}-${runningStep}-${shownRecord?.startedAt ?? ''}-${error ? 1 : 0}`);
  return (
    <>
      <StageBar total={steps.length} />
      <div className="stage-body">
        {/* Its text shrinks to fit; beyond the floor it scrolls, so a keyboard must reach it. */}
        <div className="stage-card-box" ref={cardBox} tabIndex={0}>
          {error ? <RefusalNote refusal={error} label="Lesson error" /> : null}
          {card}
        </div>
        {ladder ? (
          <div className="stage-side">
            {ladder}
            <LessonDiagram />
          </div>
        ) : (
          <LessonDiagram />
        )}
      </div>
    </>
  );
}
