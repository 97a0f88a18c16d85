// The lesson editor: a copy of a lesson changed in the window, saved only once the CLI's check finds
// nothing wrong (else the error says which step, counted from 1), and presented by opening it in the
// Lessons panel with presentation mode on.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkbenchStore } from './store';
import { draftErrorText } from './lesson-editor';
import { addChoice, changeChoice, changeStep, newPrediction, removeChoice, MAX_CHOICES, MIN_CHOICES } from './lesson-draft';
import { createFakeClient, session } from '../test/fake-client';
import type { Scenario } from '../../../shared/steps';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const lesson: Scenario = {
  title: 'Two Sockets',
  description: 'A listener and a client.',
  steps: [
    { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'A listener.', expect: { ret: 'fd' } },
    { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', caption: 'Listen.', expect: { ret: 1 } },
  ],
};

function editor() {
  const saved: { file: string; text: string; type: string }[] = [];
  const store = createWorkbenchStore(createFakeClient(session()), { flushMs: 0, refreshMs: 0, saveFile: (file, text, type) => void saved.push({ file, text, type }) });
  stops.push(store.getState().start());
  const ed = () => store.getState().lessonEditor;
  return { store, saved, ed };
}

describe('lesson editor', () => {
  it('edits a copy: nothing is saved or changed until Save, which writes the checked JSON named by the title', () => {
    const { store, saved, ed } = editor();
    expect(ed()).toEqual({ draft: null, error: null, saved: null });
    // No draft: nothing to change or save.
    store.getState().changeDraft((d) => ({ ...d, title: 'x' }));
    expect(ed().draft).toBeNull();
    expect(store.getState().saveDraft()).toBe(false);
    expect(saved).toEqual([]);

    store.getState().editLesson(lesson);
    expect(ed().draft?.title).toBe('Two Sockets');
    store.getState().changeDraft((d) => changeStep({ ...d, title: '  Two sockets, edited ' }, 1, { caption: 'It listens.' }));
    expect(lesson.steps[1].caption).toBe('Listen.');
    expect(store.getState().saveDraft()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(saved[0].file).toBe('two-sockets-edited.json');
    expect(saved[0].type).toBe('application/json');
    expect(saved[0].text.endsWith('}\n')).toBe(true);
    const written = JSON.parse(saved[0].text) as Scenario;
    expect(written.title).toBe('Two sockets, edited');
    expect(written.steps.map((s) => s.caption)).toEqual(['A listener.', 'It listens.']);
    expect(saved[0].text).toBe(`${JSON.stringify(written, null, 2)}\n`);
    expect(ed()).toMatchObject({ saved: 'two-sockets-edited.json', error: null });

    // A change after Save asks for a new one.
    store.getState().changeDraft((d) => ({ ...d, description: 'Changed.' }));
    expect(ed().saved).toBeNull();
    expect(ed().draft?.description).toBe('Changed.');
    store.getState().closeLessonEditor();
    expect(ed()).toEqual({ draft: null, error: null, saved: null });
  });

  it('names the file of a lesson without a title lesson.json', () => {
    const { store, saved } = editor();
    store.getState().editLesson({ steps: lesson.steps });
    expect(store.getState().saveDraft()).toBe(true);
    expect(saved.map((x) => x.file)).toEqual(['lesson.json']);
  });

  it('keeps what the check finds wrong, saves nothing, and clears the error once fixed', () => {
    const { store, saved, ed } = editor();
    store.getState().editLesson(lesson);
    expect(store.getState().saveDraft()).toBe(true);
    store.getState().changeDraft((d) => changeStep(d, 1, { prediction: newPrediction(d.steps[1]) }));
    expect(store.getState().saveDraft()).toBe(false);
    expect(saved).toHaveLength(1);
    expect(ed().saved).toBeNull();
    const error = ed().error!;
    expect(error.step).toBe(1);
    expect(draftErrorText(error)).toMatch(/^Step 2, /);
    store.getState().changeDraft((d) => changeStep(d, 1, { prediction: null }));
    expect(store.getState().saveDraft()).toBe(true);
    expect(ed().error).toBeNull();
  });

  it('presents a checked draft: opened in the Lessons panel as a draft file, presentation on, editor closed', async () => {
    const { store, ed } = editor();
    expect(await store.getState().presentDraft()).toBe(false);
    store.getState().editLesson(lesson);
    store.getState().changeDraft((d) => ({ ...d, title: '' }));
    expect(await store.getState().presentDraft()).toBe(true);
    expect(store.getState().presenting).toBe(true);
    expect(ed().draft).toBeNull();
    const opened = store.getState().lessons.opened;
    expect(opened.map((o) => o.id)).toEqual(['file:draft-lesson.json']);
    expect(store.getState().lessons.selectedId).toBe('file:draft-lesson.json');
    store.getState().editLesson({ ...lesson, title: 'Second' });
    expect(await store.getState().presentDraft()).toBe(true);
    expect(store.getState().lessons.opened.map((o) => o.id)).toEqual(['file:draft-lesson.json', 'file:draft-second.json']);
  });

  it('does not present a draft the check refuses, nor one the Lessons panel will not open', async () => {
    const { store, ed } = editor();
    store.getState().editLesson(lesson);
    store.getState().changeDraft((d) => ({ ...d, steps: [] }));
    expect(await store.getState().presentDraft()).toBe(false);
    expect(ed().error).not.toBeNull();
    expect(store.getState().presenting).toBe(false);
    expect(ed().draft).not.toBeNull();
    store.getState().editLesson(lesson);
    store.setState((s) => ({ lessons: { ...s.lessons, running: true } }));
    expect(await store.getState().presentDraft()).toBe(false);
    expect(store.getState().lessons.fileError).toMatch(/^draft-two-sockets\.json was not opened/);
    expect(store.getState().presenting).toBe(false);
    expect(ed().draft?.title).toBe('Two Sockets');
  });

  it('says where a check error is, steps counted from 1', () => {
    expect(draftErrorText({ step: 0, field: 'caption', message: 'expected text' })).toBe('Step 1, caption: expected text');
    expect(draftErrorText({ step: 3, field: null, message: 'unknown call' })).toBe('Step 4: unknown call');
    expect(draftErrorText({ step: null, field: 'title', message: 'too long' })).toBe('title: too long');
    expect(draftErrorText({ step: null, field: null, message: 'no steps' })).toBe('no steps');
  });
});

describe('a prediction in the draft', () => {
  const step = { key: 0, call: { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', expect: { ret: -1, errno: null } }, caption: '', prediction: null };

  it('starts from what the step expects, a null errno kept as null', () => {
    expect(newPrediction(step).choices[0]).toEqual({ label: '', retKind: 'number', retText: '-1', errnoKind: 'null', errnoText: '' });
    expect(newPrediction({ ...step, call: { call: 'BIO_accept_ex', expect: { ret: null } } }).choices[0]).toMatchObject({ retKind: 'null', errnoKind: 'any' });
  });

  it('holds between MIN_CHOICES and MAX_CHOICES choices, and changes only the one chosen', () => {
    let p = newPrediction(step);
    expect(p.choices).toHaveLength(MIN_CHOICES);
    expect(removeChoice(p, 0)).toBe(p);
    for (let i = MIN_CHOICES; i < MAX_CHOICES; i++) p = addChoice(p);
    expect(p.choices).toHaveLength(MAX_CHOICES);
    expect(addChoice(p)).toBe(p);
    expect(p.choices[MAX_CHOICES - 1]).toEqual({ label: '', retKind: 'number', retText: '', errnoKind: 'any', errnoText: '' });
    p = changeChoice(p, 1, { label: 'refused', retText: '-1' });
    expect(p.choices.map((c) => c.label)).toEqual(['', 'refused', '', '', '']);
    expect(p.choices[0].retText).toBe('-1');
    p = removeChoice(p, 0);
    expect(p.choices.map((c) => c.label)).toEqual(['refused', '', '', '']);
  });

  it('changes only the step it names', () => {
    const { store } = editor();
    store.getState().editLesson(lesson);
    const d = store.getState().lessonEditor.draft!;
    const changed = changeStep(d, 0, { caption: 'First.' });
    expect(changed.steps.map((s) => s.caption)).toEqual(['First.', 'Listen.']);
    expect(changed.steps[1]).toBe(d.steps[1]);
  });
});
