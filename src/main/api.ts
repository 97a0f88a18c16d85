// The package's main entry (`import { runScenarioFile } from 'bio-socket-workbench'`): a scenario
// run on an engine of its own, for test code without a browser (vitest, jest, node:test).
import { defaultScenarioDir, defaultLessonDir } from './shipped-scenarios';
import { runScenarioOnEngine, scenarioFromFile, scenarioFromValue, type ScenarioEngineOptions, type ScenarioReport } from './scenario-run';

export { ScenarioRunError } from './scenario-run';
export type { ScenarioEngineOptions, ScenarioFailureKind, ScenarioReport } from './scenario-run';
export type { RunFailure } from '../shared/scenario-runner';
export type { ScenarioError } from '../shared/scenario-check';
export type { AddressCandidate, BioCtrl, BioSnapshot, BulkSummary, CallRecord, DataBytes, ErrnoInfo, ErrorQueueEntry, ExpectResult, LibcryptoInfo, SocketSnapshot, TlsSnapshot } from '../shared/record';
export type { Scenario, Step } from '../shared/steps';

/** The directory of the scenarios the package ships (refused-connect.json, tcp-exchange.json, ...). */
export const scenariosDir: string = defaultScenarioDir();

/** The directory of the lessons the package ships (first-connection.json, refused-connect.json, ...): scenario files with captions and predictions. */
export const lessonsDir: string = defaultLessonDir();

/**
 * Runs a scenario (a file's path, or the scenario as an object) against the real libcrypto on an
 * engine started for this run and stopped after it; resolves with what `bio-workbench run --json`
 * prints. A failed expectation resolves with `ok: false` and its `failures`; an invalid scenario
 * rejects with a ScenarioRunError of kind `invalid` naming the step and field (nothing ran), an
 * engine that cannot start or dies with one of kind `engine`.
 */
export function runScenarioFile(scenario: string | object, options: ScenarioEngineOptions = {}): Promise<ScenarioReport> {
  return Promise.resolve()
    .then(() => (typeof scenario === 'string' ? scenarioFromFile(scenario) : scenarioFromValue(scenario)))
    .then((checked) => runScenarioOnEngine(checked, options));
}
