// "Record lesson": what the person does next (composer calls, socket-row actions) becomes a lesson,
// with a caption typed as they go for the next call and a title; "Stop recording", then "Save lesson",
// or "Edit recorded lesson" first to change captions, add predictions and reorder steps.
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { EditLessonButton } from './LessonEditor';

export function LessonRecorder() {
  const { recording, startRecording, stopRecording, setRecordingCaption, setRecordingTitle, saveRecordedLesson } = useWorkbench(
    useShallow((s) => ({
      recording: s.recording,
      startRecording: s.startRecording,
      stopRecording: s.stopRecording,
      setRecordingCaption: s.setRecordingCaption,
      setRecordingTitle: s.setRecordingTitle,
      saveRecordedLesson: s.saveRecordedLesson,
    })),
  );
  const calls = recording.records.length;
  const titleField =
    recording.active || recording.lesson ? (
      <label>
        Lesson title
        <input type="text" value={recording.title} maxLength={300} placeholder="A recorded lesson" onChange={(e) => setRecordingTitle(e.currentTarget.value)} />
      </label>
    ) : null;
  return (
    <div className="lesson-recorder" role="group" aria-label="Recorder">
      {titleField}
      {recording.active ? (
        <>
          <p role="status" aria-label="Recording">
            Recording: {calls} {calls === 1 ? 'call' : 'calls'} so far. Every call this page makes (the Composer, the socket rows, the data pane) becomes a step.
          </p>
          <label>
            Caption for the next call (or, at Stop, the last)
            <input type="text" value={recording.caption} maxLength={1000} onChange={(e) => setRecordingCaption(e.currentTarget.value)} />
          </label>
          <button type="button" onClick={stopRecording}>
            Stop recording
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={startRecording}>
            Record lesson
          </button>
          {recording.lesson ? (
            <>
              <button type="button" onClick={saveRecordedLesson}>
                Save lesson
              </button>
              <EditLessonButton scenario={recording.lesson} label="Edit recorded lesson" />
              <p role="status" aria-label="Recorded lesson">
                Recorded {recording.lesson.steps.length} {recording.lesson.steps.length === 1 ? 'step' : 'steps'}
                {recording.leftOut.length ? `; left out ${recording.leftOut.join('; ')}` : ''}.{recording.saved ? ` Saved as ${recording.saved}.` : ''}
              </p>
            </>
          ) : !recording.active && calls > 0 ? (
            <p role="status" aria-label="Recorded lesson">
              None of the {calls} recorded calls could become a step: {recording.leftOut.join('; ')}.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
