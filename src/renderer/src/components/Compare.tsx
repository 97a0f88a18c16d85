// Compare: a shipped scenario or the person's own scenario on two fresh engines, this host's libcrypto (A)
// and one they name (B), shown side by side with what differs marked. The person's own engine
// and sockets are never touched.
import { useEffect, useRef, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { differenceText, valueText, type StepDifference } from '../../../shared/compare';
import type { CallRecord, ScenarioResult } from '../../../shared/record';
import { useWorkbench } from '../store/context';
import { OWN_SCENARIO } from '../store/compare';
import { RefusalNote } from './Banners';
import { PanelTitle } from './PanelTitle';

export const COMPARE_PANEL_ID = 'compare-panel';
const LIBRARIES_ID = 'compare-libraries';

/** Only the header's button opens it; the panel shows while `shown`. */
export function Compare() {
  const shown = useWorkbench((s) => s.compare.shown);
  return shown ? <ComparePanel /> : null;
}

function ComparePanel() {
  const { compare, shipped, setCompare, runCompare, hideCompare } = useWorkbench(
    useShallow((s) => ({ compare: s.compare, shipped: s.lessons.scenarios, setCompare: s.setCompare, runCompare: s.runCompare, hideCompare: s.hideCompare })),
  );
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { targets, result } = compare;
  const allowed = targets?.allowed;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void runCompare();
  };
  return (
    <section id={COMPARE_PANEL_ID} className="panel compare" aria-labelledby="compare-title">
      <PanelTitle id="compare-title" headingRef={heading} title="Compare">
        <button type="button" onClick={hideCompare}>
          Close compare
        </button>
      </PanelTitle>
      <p className="compare-about">
        Runs a scenario on two fresh engines: this host&apos;s libcrypto (A{targets?.own ? `, ${targets.own.version}` : ''}) and the one you name (B). Your own sockets and call log are not touched.
      </p>
      <form className="compare-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="compare-libcrypto">libcrypto to compare with</label>
          <input id="compare-libcrypto" list={LIBRARIES_ID} value={compare.libcrypto} onChange={(e) => setCompare({ libcrypto: e.target.value })} aria-describedby="compare-allowed" spellCheck={false} />
          <datalist id={LIBRARIES_ID}>
            {(allowed ?? []).map((a) => (
              <option key={a.libcrypto} value={a.libcrypto} />
            ))}
          </datalist>
          <p id="compare-allowed" className="hint">
            {allowedHint(allowed)}
          </p>
        </div>
        {allowed === null ? (
          <div className="field">
            <label htmlFor="compare-node">Engine node (optional)</label>
            <input id="compare-node" value={compare.engineNode} onChange={(e) => setCompare({ engineNode: e.target.value })} aria-describedby="compare-node-hint" spellCheck={false} />
            <p id="compare-node-hint" className="hint">
              A node that can load it, e.g. one linked against a newer glibc.
            </p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="compare-scenario">Scenario</label>
          <select id="compare-scenario" value={compare.scenarioId} onChange={(e) => setCompare({ scenarioId: e.target.value })}>
            {(shipped ?? []).filter((d) => d.scenario).map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
            <option value={OWN_SCENARIO}>Your own scenario (JSON)</option>
          </select>
        </div>
        {compare.scenarioId === OWN_SCENARIO ? (
          <div className="field">
            <label htmlFor="compare-json">Scenario JSON</label>
            <textarea id="compare-json" rows={6} value={compare.json} onChange={(e) => setCompare({ json: e.target.value })} spellCheck={false} />
          </div>
        ) : null}
        <div className="run-row">
          <button type="submit" className="primary" aria-disabled={compare.running}>
            Run on both
          </button>
          <p className="compare-progress" role="status" aria-label="Compare progress">
            {compare.running ? 'Starting two engines and running the scenario on each…' : result ? summary(result.comparison.differing, result.comparison.steps.length) : ''}
          </p>
        </div>
      </form>
      {compare.error ? <RefusalNote refusal={compare.error} label="Compare error" /> : null}
      {result ? <SideBySideTable runs={result.runs} steps={result.comparison.steps} libraryB={compare.resultLibcrypto} /> : null}
    </section>
  );
}

/** Which libraries the host lets Compare load: still asking (undefined), any (null), or its list. */
function allowedHint(allowed: { libcrypto: string }[] | null | undefined): string {
  if (allowed === undefined) return 'Asking the host which libraries it allows…';
  if (allowed === null) return 'Any libcrypto on this machine, by its absolute path.';
  if (allowed.length) return `This host allows: ${allowed.map((a) => a.libcrypto).join(', ')}.`;
  return 'This host allows no other library: start it with --allow-libcrypto PATH[=NODE].';
}

function summary(differing: number[], steps: number): string {
  if (!differing.length) return `The two builds agree on all ${steps} steps.`;
  return `They differ at ${differing.length} of ${steps} steps: ${differing.map((i) => `step ${i + 1}`).join(', ')}.`;
}

function runLabel(label: 'A' | 'B', run: ScenarioResult, path: string | null): string {
  return `${label}: ${run.libcrypto?.version ?? 'libcrypto'}${path ? ` (${path})` : ''}`;
}

function SideBySideTable({ runs, steps, libraryB }: { runs: [ScenarioResult, ScenarioResult]; steps: { index: number; c: string; differences: StepDifference[] }[]; libraryB: string | null }) {
  return (
    <table className="side-by-side" aria-label="Side by side">
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">{runLabel('A', runs[0], null)}</th>
          <th scope="col">{runLabel('B', runs[1], libraryB)}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => {
          const differs = step.differences.length > 0;
          return (
            <tr key={step.index} className={differs ? 'differs' : undefined}>
              <th scope="row">
                <code>
                  #{step.index + 1} {step.c}
                </code>
                <span className={differs ? 'verdict differs' : 'verdict'}>{differs ? ' differs' : ' same'}</span>
              </th>
              <td>
                <Outcome record={runs[0].steps[step.index]} differences={step.differences} side="a" />
              </td>
              <td>
                <Outcome record={runs[1].steps[step.index]} differences={step.differences} side="b" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One run's step: what C returned, the queue, and each field that differs, marked. */
function Outcome({ record, differences, side }: { record: CallRecord | undefined; differences: StepDifference[]; side: 'a' | 'b' }) {
  if (!record) return <span className="muted">no record</span>;
  const marked = new Map(differences.map((d) => [d.field, d]));
  const item = (field: string, text: string) =>
    marked.has(field) ? (
      <li key={field}>
        <mark>{text}</mark>
      </li>
    ) : (
      <li key={field}>{text}</li>
    );
  const applied = differences.filter((d) => d.field.startsWith('applied.'));
  return (
    <ul className="outcome">
      {record.refused ? item('refused', `refused: ${record.refused}`) : item('ret', `ret ${record.ret ?? 'null'}`)}
      {item('errno', `errno ${record.errno?.name ?? 'not set'}`)}
      {record.errorQueue.length || marked.has('errorQueue') ? item('errorQueue', `queue: ${valueText(record.errorQueue.map((e) => e.text))}`) : null}
      {record.cancelled ? item('cancelled', `cancelled: ${record.cancelled}`) : null}
      {applied.map((d) => item(d.field, `${d.field} ${valueText(side === 'a' ? d.a : d.b)}`))}
      {marked.has('record') ? item('record', differenceText(marked.get('record')!)) : null}
    </ul>
  );
}
