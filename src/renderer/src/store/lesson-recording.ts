// Recording a lesson: "Record lesson" keeps every call this page makes from then on (composer calls
// and socket-row actions), with the caption typed for the next one; "Stop recording" rebuilds them as
// a lesson, which "Save lesson" downloads. Steps a lesson runs are not this page's own calls, so a
// lesson stepped through while recording is not recorded twice.
import type { StateCreator } from 'zustand/vanilla';
import type { CallRecord } from '../../../shared/record';
import { recordedLesson } from '../../../shared/lesson-recording';
import type { Scenario } from '../../../shared/steps';
import type { ConnectionSlice } from './connection';
import type { SaveFile } from './log-export';
import { lessonFileName } from './lesson-draft';

const RECORDED_TITLE = 'A recorded lesson';

export interface RecordingState {
  active: boolean;
  /** The calls recorded so far, with the caption each was given (null: none typed). */
  records: CallRecord[];
  captions: (string | null)[];
  /** The caption being typed: it goes with the next call, or with the last one at Stop. */
  caption: string;
  /** The lesson made at Stop, ready to save; null before, or when no call could become a step. */
  lesson: Scenario | null;
  /** Calls that could not become steps (refused, cancelled), with why. */
  leftOut: string[];
  /** The file the last Save wrote. */
  saved: string | null;
  /** The lesson's title as typed (empty: "A recorded lesson"). */
  title: string;
}

export interface RecordingSlice {
  recording: RecordingState;
  startRecording(): void;
  setRecordingCaption(text: string): void;
  /** The title the lesson is saved with; after Stop it changes the recorded lesson's too. */
  setRecordingTitle(text: string): void;
  /** A call this page made: kept while recording. */
  recordOwnCall(record: CallRecord): void;
  stopRecording(): void;
  saveRecordedLesson(): void;
}

const idle = (): RecordingState => ({ active: false, records: [], captions: [], caption: '', lesson: null, leftOut: [], saved: null, title: '' });

export function createRecordingSlice(saveFile: SaveFile): StateCreator<RecordingSlice & ConnectionSlice, [], [], RecordingSlice> {
  return (set, get) => {
    const patch = (p: Partial<RecordingState>) => set((s) => ({ recording: { ...s.recording, ...p } }));
    return {
      recording: idle(),

      startRecording() {
        set((s) => ({ recording: { ...idle(), active: true, title: s.recording.title } }));
      },

      setRecordingCaption(text) {
        patch({ caption: text.slice(0, 1000) });
      },

      setRecordingTitle(text) {
        const title = text.slice(0, 300);
        const lesson = get().recording.lesson;
        patch({ title, lesson: lesson ? { ...lesson, title: title.trim() || RECORDED_TITLE } : null, saved: null });
      },

      recordOwnCall(record) {
        const r = get().recording;
        if (!r.active) return;
        patch({ records: [...r.records, record], captions: [...r.captions, r.caption.trim() || null], caption: '' });
      },

      stopRecording() {
        const r = get().recording;
        if (!r.active) return;
        const made = recordedLesson(r.records, r.captions, { title: r.title.trim() || RECORDED_TITLE, tmpDir: get().tmpDir, trailingCaption: r.caption });
        patch({ active: false, caption: '', lesson: made.lesson, leftOut: made.leftOut.map((l) => `${l.c}: ${l.why}`) });
      },

      saveRecordedLesson() {
        const lesson = get().recording.lesson;
        if (!lesson) return;
        const file = get().recording.title.trim() ? lessonFileName(lesson.title ?? '') : `bio-workbench-lesson-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`;
        saveFile(file, `${JSON.stringify(lesson, null, 2)}\n`, 'application/json');
        patch({ saved: file });
      },
    };
  };
}
