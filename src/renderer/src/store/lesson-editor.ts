// The lesson editor: a recorded lesson, or any lesson open in the Lessons panel, changed in the
// window (title, description, captions, predictions, the steps' order), presented before it is
// saved, and saved only once the same check the CLI runs (checkScenario) finds nothing wrong.
import type { StateCreator } from 'zustand/vanilla';
import { checkScenario, type ScenarioError } from '../../../shared/scenario-check';
import type { Scenario } from '../../../shared/steps';
import { draftFromScenario, draftJson, lessonFileName, type LessonDraft } from './lesson-draft';
import type { LessonsSlice } from './lessons';
import type { SaveFile } from './log-export';
import type { PresentationSlice } from './presentation';

export interface LessonEditorState {
  /** null while the editor is closed. */
  draft: LessonDraft | null;
  /** What the check found wrong at the last Save or Present; null when it found nothing. */
  error: ScenarioError | null;
  /** The file the last Save wrote. */
  saved: string | null;
}

export interface LessonEditorSlice {
  lessonEditor: LessonEditorState;
  /** Opens the editor on a copy of the lesson: nothing changes until Save or Present. */
  editLesson(scenario: Scenario): void;
  changeDraft(change: (draft: LessonDraft) => LessonDraft): void;
  closeLessonEditor(): void;
  /** Checks the draft and downloads it (true), or keeps what is wrong in `error` (false). */
  saveDraft(): boolean;
  /** Checks the draft, opens it in the Lessons panel and turns presentation mode on (true). */
  presentDraft(): Promise<boolean>;
}

const closed = (): LessonEditorState => ({ draft: null, error: null, saved: null });

/** A ScenarioError as a person reads it, steps counted from 1 as the editor numbers them. */
export function draftErrorText(error: ScenarioError): string {
  const where = [error.step === null ? null : `Step ${error.step + 1}`, error.field].filter((p) => p !== null).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

export function createLessonEditorSlice(saveFile: SaveFile): StateCreator<LessonEditorSlice & LessonsSlice & PresentationSlice, [], [], LessonEditorSlice> {
  return (set, get) => {
    const patch = (p: Partial<LessonEditorState>) => set((s) => ({ lessonEditor: { ...s.lessonEditor, ...p } }));
    /** The draft as checked JSON text, or null with the error kept. */
    const checked = (): { scenario: Scenario; text: string } | null => {
      const draft = get().lessonEditor.draft;
      if (!draft) return null;
      const result = checkScenario(draftJson(draft));
      if (!result.ok) {
        patch({ error: result.error, saved: null });
        return null;
      }
      patch({ error: null });
      return { scenario: result.scenario, text: `${JSON.stringify(draftJson(draft), null, 2)}\n` };
    };
    return {
      lessonEditor: closed(),

      editLesson(scenario) {
        set({ lessonEditor: { ...closed(), draft: draftFromScenario(scenario) } });
      },

      changeDraft(change) {
        const draft = get().lessonEditor.draft;
        if (draft) patch({ draft: change(draft), saved: null });
      },

      closeLessonEditor() {
        set({ lessonEditor: closed() });
      },

      saveDraft() {
        const ok = checked();
        if (!ok) return false;
        const name = lessonFileName(ok.scenario.title ?? '');
        saveFile(name, ok.text, 'application/json');
        patch({ saved: name });
        return true;
      },

      async presentDraft() {
        const ok = checked();
        if (!ok) return false;
        const name = `draft-${lessonFileName(ok.scenario.title ?? '')}`;
        if (!(await get().openLessonFile(name, ok.text))) return false;
        set({ lessonEditor: closed() });
        get().setPresenting(true);
        return true;
      },
    };
  };
}
