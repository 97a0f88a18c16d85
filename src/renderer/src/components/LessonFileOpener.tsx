// "Open lesson": a lesson file from disk is someone else's code for this machine's sockets. Before
// it is opened, the window lists the addresses, unix paths and files it will use and asks; what
// reaches beyond loopback or the session's own {tmp} directory is named first.
import { useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { lessonFromFile } from '../store/lessons';
import type { ShippedScenario } from '../../../shared/contract';
import { beyondTouches, lessonFootprint, type LessonFootprint, type LessonTouch } from '../../../shared/lesson-footprint';

/** A chosen file's text, by FileReader: every page this window runs in has it. */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

interface Pending {
  name: string;
  text: string;
  lesson: ShippedScenario;
  footprint: LessonFootprint;
}

/** The Open lesson button, the question before a file is opened, and what went wrong with the last file. */
export function LessonFileOpener({ busy, onOpened, children }: { busy: boolean; onOpened: () => void; children?: ReactNode }) {
  const { fileError, openLessonFile, lessonFileUnreadable } = useWorkbench(
    useShallow((s) => ({ fileError: s.lessons.fileError, openLessonFile: s.openLessonFile, lessonFileUnreadable: s.lessonFileUnreadable })),
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  const chosen = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    // Cleared, so choosing the same file again (edited meanwhile) is a change too.
    input.value = '';
    let text: string;
    try {
      text = await readText(file);
    } catch (err) {
      return lessonFileUnreadable(file.name, (err as Error).message);
    }
    const checked = lessonFromFile(file.name, text);
    // An invalid file runs nothing: the store says why, as before.
    if ('error' in checked || !checked.lesson.scenario) return void openLessonFile(file.name, text);
    setPending({ name: file.name, text, lesson: checked.lesson, footprint: lessonFootprint(checked.lesson.scenario) });
  };

  const answer = async (open: boolean) => {
    const p = pending;
    setPending(null);
    if (open && p && (await openLessonFile(p.name, p.text))) return onOpened();
    opener.current?.focus();
  };

  return (
    <>
      <div className="lesson-file">
        <button type="button" ref={opener} aria-disabled={busy || pending !== null} onClick={() => !busy && pending === null && fileInput.current?.click()}>
          Open lesson
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => void chosen(e)} />
        {children}
      </div>
      {pending ? <RunLessonQuestion pending={pending} onAnswer={(open) => void answer(open)} /> : null}
      {fileError ? (
        <p className="lesson-invalid" role="alert" aria-label="Lesson file error">
          {fileError}
        </p>
      ) : null}
    </>
  );
}

const touchText = (t: LessonTouch) => `${t.value} (step ${t.step}, ${t.call})`;

function TouchList({ label, touches, none }: { label: string; touches: LessonTouch[]; none: string }) {
  return (
    <>
      <p className="lesson-confirm-label">{label}</p>
      {touches.length ? (
        <ul aria-label={label}>
          {touches.map((t, i) => (
            <li key={i}>
              <code>{t.value}</code> (step {t.step}, {t.call}){t.beyond ? <strong>: {t.beyond}</strong> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{none}</p>
      )}
    </>
  );
}

/** "Run this lesson?": what the file will use, what reaches beyond loopback or {tmp} first. */
function RunLessonQuestion({ pending, onAnswer }: { pending: Pending; onAnswer: (open: boolean) => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { footprint, lesson, name } = pending;
  const beyond = beyondTouches(footprint);
  const steps = lesson.scenario?.steps.length ?? 0;
  return (
    <div role="dialog" className="lesson-confirm" aria-labelledby="lesson-confirm-title" aria-describedby="lesson-confirm-about" onKeyDown={(e) => e.key === 'Escape' && onAnswer(false)}>
      <h3 id="lesson-confirm-title" tabIndex={-1} ref={heading}>
        Run this lesson?
      </h3>
      <p id="lesson-confirm-about">
        “{lesson.title}” from {name} has {steps} {steps === 1 ? 'step' : 'steps'}; it was written by whoever wrote the file. It runs its calls on this machine{' '}
        {beyond.length ? `and reaches beyond loopback and the session's own {tmp} directory: ${beyond.map((t) => `${touchText(t)} is ${t.beyond}`).join('; ')}.` : 'on loopback and in the session’s own {tmp} directory only.'}
      </p>
      <TouchList label="Addresses" touches={footprint.addresses} none="No network addresses." />
      <TouchList label="Unix socket paths" touches={footprint.unixPaths} none="No unix socket paths." />
      <TouchList label="Files" touches={footprint.files} none="No files." />
      <div className="lesson-confirm-actions">
        <button type="button" onClick={() => onAnswer(true)}>
          Open this lesson
        </button>
        <button type="button" onClick={() => onAnswer(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
