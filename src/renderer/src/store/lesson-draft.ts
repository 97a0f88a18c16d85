// A lesson as the editor holds it while a person changes it: the fields a form edits kept as the
// text typed (a return value half typed is not yet a number), turned back into a scenario file's
// JSON for the same check the CLI runs. The steps' calls and arguments are kept as they were.
import type { Prediction, PredictionChoice, Scenario, Step } from '../../../shared/steps';

export type RetKind = 'number' | 'null' | 'fd';
export type ErrnoKind = 'name' | 'null' | 'any';

export interface DraftChoice {
  label: string;
  retKind: RetKind;
  /** The number typed, when retKind is "number". */
  retText: string;
  errnoKind: ErrnoKind;
  /** The errno name typed, when errnoKind is "name". */
  errnoText: string;
}

export interface DraftPrediction {
  question: string;
  choices: DraftChoice[];
  explanation: string;
}

export interface DraftStep {
  /** Stays with the step when steps move: React's key and the editor's ids. */
  key: number;
  /** The step as the file has it, less its caption and prediction. */
  call: Record<string, unknown>;
  caption: string;
  prediction: DraftPrediction | null;
}

export interface LessonDraft {
  title: string;
  description: string;
  steps: DraftStep[];
  /** Top-level fields the editor does not change (needs, ...), kept as they were. */
  rest: Record<string, unknown>;
}

export const MIN_CHOICES = 2;
export const MAX_CHOICES = 5;

function draftChoice(c: PredictionChoice): DraftChoice {
  return {
    label: c.label ?? '',
    retKind: c.ret === null ? 'null' : c.ret === 'fd' ? 'fd' : 'number',
    retText: typeof c.ret === 'number' ? String(c.ret) : '',
    errnoKind: c.errno === undefined ? 'any' : c.errno === null ? 'null' : 'name',
    errnoText: typeof c.errno === 'string' ? c.errno : '',
  };
}

function draftPrediction(p: Prediction): DraftPrediction {
  return { question: p.question ?? '', choices: p.choices.map(draftChoice), explanation: p.explanation };
}

export function draftFromScenario(scenario: Scenario): LessonDraft {
  const { title, description, steps, ...rest } = scenario;
  return {
    title: title ?? '',
    description: description ?? '',
    rest,
    steps: (steps as Step[]).map((s, key) => {
      const { caption, prediction, ...call } = s;
      return { key, call, caption: caption ?? '', prediction: prediction ? draftPrediction(prediction) : null };
    }),
  };
}

/** A number typed as a number; anything else is kept as typed, so the schema names what is wrong with it. */
function retValue(c: DraftChoice): unknown {
  if (c.retKind === 'null') return null;
  if (c.retKind === 'fd') return 'fd';
  const text = c.retText.trim();
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

function choiceJson(c: DraftChoice): Record<string, unknown> {
  const out: Record<string, unknown> = { ret: retValue(c) };
  if (c.errnoKind === 'null') out.errno = null;
  else if (c.errnoKind === 'name') out.errno = c.errnoText.trim();
  if (c.label.trim()) out.label = c.label.trim();
  return out;
}

function predictionJson(p: DraftPrediction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.question.trim()) out.question = p.question.trim();
  out.choices = p.choices.map(choiceJson);
  // Left out when empty, so the check says it is missing rather than too short.
  if (p.explanation.trim()) out.explanation = p.explanation.trim();
  return out;
}

/** The draft as a scenario file's JSON: empty optional texts left out, everything else as typed. */
export function draftJson(draft: LessonDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (draft.title.trim()) out.title = draft.title.trim();
  if (draft.description.trim()) out.description = draft.description.trim();
  Object.assign(out, draft.rest);
  out.steps = draft.steps.map((s) => {
    const step: Record<string, unknown> = { ...s.call };
    if (s.caption.trim()) step.caption = s.caption.trim();
    if (s.prediction) step.prediction = predictionJson(s.prediction);
    return step;
  });
  return out;
}

/** Where each step of `order` (old indices in their new order) now is: await and cancel follow the step they name. */
function renumbered(steps: DraftStep[], order: number[]): DraftStep[] {
  const newIndex = new Map(order.map((old, i) => [old, i]));
  return order.map((old) => {
    const s = steps[old];
    const named = s.call.step;
    if ((s.call.call !== 'await' && s.call.call !== 'cancel') || typeof named !== 'number' || !newIndex.has(named)) return s;
    return { ...s, call: { ...s.call, step: newIndex.get(named) } };
  });
}

/** The step at `index` moved one place up (-1) or down (+1); out of range changes nothing. */
export function moveStep(draft: LessonDraft, index: number, by: -1 | 1): LessonDraft {
  const to = index + by;
  if (index < 0 || to < 0 || to >= draft.steps.length) return draft;
  const order = draft.steps.map((_, i) => i);
  [order[index], order[to]] = [order[to], order[index]];
  return { ...draft, steps: renumbered(draft.steps, order) };
}

export function deleteStep(draft: LessonDraft, index: number): LessonDraft {
  if (index < 0 || index >= draft.steps.length) return draft;
  const order = draft.steps.map((_, i) => i).filter((i) => i !== index);
  return { ...draft, steps: renumbered(draft.steps, order) };
}

export function changeStep(draft: LessonDraft, index: number, patch: Partial<Pick<DraftStep, 'caption' | 'prediction'>>): LessonDraft {
  return { ...draft, steps: draft.steps.map((s, i) => (i === index ? { ...s, ...patch } : s)) };
}

const blankChoice = (): DraftChoice => ({ label: '', retKind: 'number', retText: '', errnoKind: 'any', errnoText: '' });

/** A new prediction offers what the step expects beside a blank choice: the author fills in the rest. */
export function newPrediction(step: DraftStep): DraftPrediction {
  const expect = (step.call.expect ?? {}) as { ret?: unknown; errno?: unknown };
  const first = blankChoice();
  if (expect.ret === null) first.retKind = 'null';
  else if (expect.ret === 'fd') first.retKind = 'fd';
  else if (typeof expect.ret === 'number') first.retText = String(expect.ret);
  if (expect.errno === null) first.errnoKind = 'null';
  else if (typeof expect.errno === 'string') Object.assign(first, { errnoKind: 'name', errnoText: expect.errno });
  return { question: '', choices: [first, blankChoice()], explanation: '' };
}

export function addChoice(p: DraftPrediction): DraftPrediction {
  return p.choices.length >= MAX_CHOICES ? p : { ...p, choices: [...p.choices, blankChoice()] };
}

export function removeChoice(p: DraftPrediction, index: number): DraftPrediction {
  return p.choices.length <= MIN_CHOICES ? p : { ...p, choices: p.choices.filter((_, i) => i !== index) };
}

export function changeChoice(p: DraftPrediction, index: number, patch: Partial<DraftChoice>): DraftPrediction {
  return { ...p, choices: p.choices.map((c, i) => (i === index ? { ...c, ...patch } : c)) };
}

/** A file name from the title: letters, digits and dashes. */
export function lessonFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'lesson'}.json`;
}
