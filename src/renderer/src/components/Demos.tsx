// The host's demo scenarios, and scenario files opened from disk, stepped through one call at a
// time in front of a class: each step's C expression and note, then its ret, errno and whether its
// expectation held. The calls are the session's own, so the Call log, Sockets and error stack follow.
import { useEffect, useRef, useState, type ChangeEvent, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { allDemos, demoSocketNames, type DemoReset } from '../store/demos';
import { cExpression } from '../../../shared/c-expression';
import type { Demo } from '../../../shared/contract';
import type { CallRecord } from '../../../shared/record';
import type { Step } from '../../../shared/steps';
import { RefusalNote } from './Banners';
import { PanelTitle } from './PanelTitle';

export const DEMOS_PANEL_ID = 'demos-panel';

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** "closed c (fd 19)" or why nothing was closed: the person sees what Reset touched. */
function describeReset(r: DemoReset): string {
  const list = (xs: string[]) => xs.join(', ');
  let text: string;
  if (r.closed.length) text = `Reset "${r.title}": closed ${list(r.closed.map((c) => `${c.name} (fd ${c.fd})`))}.`;
  else if (r.names.length) text = `Reset "${r.title}": none of its sockets (${list(r.names)}) was still open, nothing to close.`;
  else text = `Reset "${r.title}": it names no sockets, nothing to close.`;
  if (r.failed.length) text += ` Not closed: ${list(r.failed.map((f) => `${f.name} (${f.message})`))}.`;
  return text;
}

function expectationCounts(records: readonly (CallRecord | null)[]): { held: number; failed: number } {
  let held = 0;
  let failed = 0;
  for (const r of records) {
    if (r?.expect) r.expect.ok ? held++ : failed++;
  }
  return { held, failed };
}

/** A chosen file's text, by FileReader: every page this window runs in has it. */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/** Only the panel's button opens it; the panel itself shows while `shown`. */
export function Demos() {
  const isShown = useWorkbench((s) => s.demos.shown);
  return isShown ? <DemosPanel /> : null;
}

function DemosPanel() {
  const { list, opened, fileError, listing, selectedId, error, running, resetting, listDemos, selectDemo, openScenarioFile, scenarioFileUnreadable, hideDemos } = useWorkbench(
    useShallow((s) => ({
      list: s.demos.list,
      opened: s.demos.opened,
      fileError: s.demos.fileError,
      listing: s.demos.listing,
      selectedId: s.demos.selectedId,
      error: s.demos.error,
      running: s.demos.running,
      resetting: s.demos.resetting,
      listDemos: s.listDemos,
      selectDemo: s.selectDemo,
      openScenarioFile: s.openScenarioFile,
      scenarioFileUnreadable: s.scenarioFileUnreadable,
      hideDemos: s.hideDemos,
    })),
  );
  const heading = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [choosing, setChoosing] = useState(false);
  const [focusTarget, setFocusTarget] = useState<'heading' | 'demo' | 'list'>('heading');
  const [focusTick, setFocusTick] = useState(0);
  const demoTitle = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const demos = allDemos({ list, opened });
  const selected = demos.find((d) => d.id === selectedId) ?? null;
  const listShown = selected === null || choosing;
  const busy = running || resetting;

  // Focus follows what replaced the element that had it (the list collapses once a demo is picked).
  useEffect(() => {
    if (focusTarget === 'heading') heading.current?.focus();
    else if (focusTarget === 'demo') demoTitle.current?.focus();
    else listRef.current?.querySelector<HTMLElement>('button[aria-pressed="true"], button:not(:disabled)')?.focus();
  }, [focusTarget, focusTick]);
  const moveFocus = (target: typeof focusTarget) => {
    setFocusTarget(target);
    setFocusTick((n) => n + 1);
  };

  const pick = async (demo: Demo) => {
    if (busy) return;
    await selectDemo(demo.id);
    setChoosing(false);
    moveFocus('demo');
  };

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
      scenarioFileUnreadable(file.name, (err as Error).message);
      return;
    }
    if (await openScenarioFile(file.name, text)) {
      setChoosing(false);
      moveFocus('demo');
    }
  };

  return (
    <section id={DEMOS_PANEL_ID} className="panel demos" aria-labelledby="demos-title">
      <PanelTitle id="demos-title" headingRef={heading} title="Demos">
        <button type="button" className="demos-close" onClick={hideDemos}>
          Close demos
        </button>
      </PanelTitle>
      {error && list === null ? (
        <>
          <RefusalNote refusal={error} label="Demos error" />
          <button type="button" onClick={() => void listDemos()}>
            Try again
          </button>
        </>
      ) : null}
      {listing && list === null ? (
        <p className="muted" role="status">
          Asking the host for its demos…
        </p>
      ) : null}
      {list !== null && list.length === 0 ? <p className="muted">The host ships no demos.</p> : null}
      {demos.length > 0 && listShown ? (
        <ul className="demo-list" aria-label="Demo list" ref={listRef}>
          {demos.map((demo) => (
            <li key={demo.id}>
              <button
                type="button"
                aria-pressed={demo.id === selectedId}
                disabled={demo.scenario === null}
                aria-disabled={demo.scenario !== null && busy ? true : undefined}
                aria-describedby={demo.error ? `demo-error-${demo.id}` : undefined}
                onClick={() => void pick(demo)}
              >
                {demo.title}
                {demo.id.startsWith('file:') ? <span className="muted"> from {demo.id.slice('file:'.length)}</span> : null}
              </button>
              {demo.error ? (
                <p className="demo-invalid" id={`demo-error-${demo.id}`}>
                  Cannot be run, its scenario file is invalid: {demo.error}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="demo-file">
        <button type="button" aria-disabled={busy} onClick={() => !busy && fileInput.current?.click()}>
          Open a scenario file…
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => void openFile(e)} />
      </div>
      {fileError ? (
        <p className="demo-invalid" role="alert" aria-label="Scenario file error">
          {fileError}
        </p>
      ) : null}
      {selected?.scenario ? (
        <DemoSteps
          demo={selected}
          titleRef={demoTitle}
          choosing={choosing}
          onChooseAnother={() => {
            setChoosing(true);
            moveFocus('list');
          }}
        />
      ) : null}
    </section>
  );
}

function DemoSteps({ demo, titleRef, choosing, onChooseAnother }: { demo: Demo; titleRef: RefObject<HTMLHeadingElement | null>; choosing: boolean; onChooseAnother: () => void }) {
  const { records, next, runningStep, running, resetting, lastReset, error, runDemoStep, runDemoAll, resetDemo } = useWorkbench(
    useShallow((s) => ({
      records: s.demos.records,
      next: s.demos.next,
      runningStep: s.demos.runningStep,
      running: s.demos.running,
      resetting: s.demos.resetting,
      lastReset: s.demos.lastReset,
      error: s.demos.selectedId !== null ? s.demos.error : null,
      runDemoStep: s.runDemoStep,
      runDemoAll: s.runDemoAll,
      resetDemo: s.resetDemo,
    })),
  );
  const steps = demo.scenario!.steps as Step[];
  const done = next >= steps.length;
  const canRun = !done && !running && !resetting;
  const { held, failed } = expectationCounts(records);
  const names = demoSocketNames(demo);

  let progress: string;
  if (resetting) progress = 'Resetting: cancelling what still waits and closing the demo’s sockets…';
  else if (runningStep !== null) progress = `Running step ${runningStep} of ${steps.length - 1}: ${cExpression(steps[runningStep])}`;
  else if (next === 0) progress = `${steps.length} steps, none run yet. Step 0 is next.`;
  else {
    const tally = `${held} ${held === 1 ? 'expectation' : 'expectations'} held, ${failed} failed`;
    const refused = records[next - 1]?.refused ? ` Step ${next - 1} was refused; Run all stops at a refused step, Run next step goes on anyway, Reset starts over.` : '';
    progress = done ? `All ${steps.length} steps ran: ${tally}.` : `Ran ${next} of ${steps.length} steps: ${tally}.${refused} Step ${next} is next.`;
  }

  return (
    <article className="demo" aria-labelledby="demo-title">
      <div className="demo-heading">
        <h3 id="demo-title" tabIndex={-1} ref={titleRef}>
          {demo.title}
        </h3>
        {!choosing ? (
          <button type="button" onClick={onChooseAnother}>
            Choose another demo
          </button>
        ) : null}
      </div>
      {demo.description ? <p className="demo-description">{demo.description}</p> : null}
      {names.length ? (
        <p className="muted">
          Names its sockets {names.join(', ')}; a step is refused while a socket of yours already has one of these names.
        </p>
      ) : null}
      <div className="demo-controls" role="group" aria-label="Demo controls">
        <button type="button" className="primary" aria-disabled={!canRun} onClick={() => canRun && void runDemoStep()}>
          Run next step
        </button>
        <button type="button" aria-disabled={!canRun} onClick={() => canRun && void runDemoAll()}>
          Run all
        </button>
        <button type="button" aria-disabled={resetting} onClick={() => !resetting && void resetDemo()}>
          Reset
        </button>
      </div>
      <p className="demo-progress" role="status" aria-label="Demo progress">
        {progress}
      </p>
      {lastReset ? (
        <p className="demo-reset" role="status" aria-label="Reset result">
          {describeReset(lastReset)}
        </p>
      ) : null}
      {error ? <RefusalNote refusal={error} label="Demo error" /> : null}
      <ol className="demo-steps" start={0} aria-label="Steps">
        {steps.map((step, i) => (
          <DemoStep key={i} index={i} step={step} record={records[i] ?? null} isNext={i === next && !done && runningStep === null && !resetting} isRunning={i === runningStep} ran={i < next} />
        ))}
      </ol>
    </article>
  );
}

function DemoStep({ index, step, record, isNext, isRunning, ran }: { index: number; step: Step; record: CallRecord | null; isNext: boolean; isRunning: boolean; ran: boolean }) {
  const addr = 'addr' in step ? step.addr : null;
  const resolved = typeof record?.args.addrResolved === 'string' ? record.args.addrResolved : null;
  const background = 'background' in step && step.background === true;
  const state = isRunning ? ' running' : isNext ? ' next' : record ? ' ran' : '';
  return (
    <li className={`demo-step${state}`} aria-label={`Step ${index}`} aria-current={isNext ? 'step' : undefined}>
      <div className="demo-step-head">
        <code className="c-expression">{cExpression(step)}</code>
        {isNext ? <span className="demo-marker">next</span> : null}
        {isRunning ? <span className="demo-marker">running…</span> : null}
        {background ? <span className="demo-marker">in the background</span> : null}
      </div>
      {addr !== null ? (
        <div className="demo-addr">
          addr <code>{resolved ?? addr}</code>
          {resolved && resolved !== addr ? <span className="muted"> (from {addr})</span> : null}
        </div>
      ) : null}
      {step.note ? <p className="demo-note">{step.note}</p> : null}
      {record ? <StepResult record={record} /> : ran && !isRunning ? <p className="muted">{background ? 'Waiting in the background…' : 'No record: the host refused the step.'}</p> : null}
    </li>
  );
}

function StepResult({ record }: { record: CallRecord }) {
  const expect = record.expect;
  return (
    <div className="demo-result">
      {record.refused ? (
        <p className="demo-refused">Refused before the call was made: {record.refused}</p>
      ) : (
        <p>
          ret <strong>{record.ret ?? 'null'}</strong>
          {record.errno ? (
            <>
              , errno <strong>{record.errno.name}</strong>
            </>
          ) : (
            ', errno not set'
          )}
          {record.errorQueue.length ? `, ${record.errorQueue.length} error-queue ${record.errorQueue.length === 1 ? 'entry' : 'entries'}` : ''}
          {record.cancelled ? <>, cancelled: {record.cancelled}</> : null}
        </p>
      )}
      {expect?.ok ? <p className="expect-held">✓ Expectation held</p> : null}
      {expect && !expect.ok ? (
        <div className="expect-failed">
          <p>✗ Expectation failed</p>
          <ul aria-label={`Step ${record.index} mismatches`}>
            {expect.mismatches.map((m) => (
              <li key={m.field}>
                <code>{m.field}</code>: expected <code>{shown(m.expected)}</code>, actual <code>{shown(m.actual)}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
