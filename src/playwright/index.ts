// `bio-socket-workbench/playwright`: the fixture and the actions, for a project's own Playwright tests.
//   import { test, expect } from 'bio-socket-workbench/playwright';
export { test, expect, waitForWorkbench } from './fixture';
export type { RestartableWebHost, WorkbenchFixtures, WorkbenchMode, WorkbenchOptions, WorkbenchWorkerFixtures } from './fixture';
export { withWorkbenchActions, workbenchActions } from './actions';
export type { CallFields, CallOptions, WorkbenchActions, WorkbenchPage } from './actions';
export type { ScenarioRunSummary, ScenarioSource } from './scenario-action';
export { ActionError } from './found';
export type { BioCtrl, BioSnapshot, CallRecord, ErrnoInfo, ErrorQueueEntry, SocketSnapshot, TlsSnapshot } from '../shared/record';
