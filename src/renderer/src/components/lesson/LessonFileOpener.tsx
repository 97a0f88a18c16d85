// "Open lesson": a lesson (or scenario) file chosen from disk, checked like a shipped one; why it
// cannot be run is said in an alert naming the file, the step and the field.
import { useRef, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../../store/context';

/** A chosen file's text, by FileReader: every page this window runs in has it. */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

export function LessonFileOpener({ busy, onOpened }: { busy: boolean; onOpened(): void }) {
  const { fileError, openLessonFile, lessonFileUnreadable } = useWorkbench(
    useShallow((s) => ({ fileError: s.lessons.fileError, openLessonFile: s.openLessonFile, lessonFileUnreadable: s.lessonFileUnreadable })),
  );
  const fileInput = useRef<HTMLInputElement>(null);
  const openFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    // Cleared, so choosing the same file again (edited meanwhile) is a change too.
    input.value = '';
    let text: string;
    try {
      text = await readText(file);
    } catch (err) {
      lessonFileUnreadable(file.name, (err as Error).message);
      return;
    }
    if (await openLessonFile(file.name, text)) onOpened();
  };
  return (
    <>
      <div className="lesson-file">
        <button type="button" aria-disabled={busy} onClick={() => !busy && fileInput.current?.click()}>
          Open lesson
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => void openFile(e)} />
      </div>
      {fileError ? (
        <p className="lesson-invalid" role="alert" aria-label="Lesson file error">
          {fileError}
        </p>
      ) : null}
    </>
  );
}
