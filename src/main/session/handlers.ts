// The session's handler table: every method of the contract, answered here or by the engine.
// The message layer has already checked each request against the contract's schemas.
import type { Contract, EventMap, SessionState } from '../../shared/contract';
import { blankRecord } from '../../shared/blank-record';
import { parseQuery } from '../../shared/log-search';
import { RpcError } from '../../shared/rpc/error';
import type { Handlers } from '../../shared/rpc/types';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { defaultScenarioDir, defaultLessonDir, listShipped } from '../shipped-scenarios';
import type { Comparisons } from './comparisons';
import type { EngineSupervisor } from './engine-supervisor';
import type { SessionLogs } from './session-logs';

export interface SessionParts {
  supervisor: EngineSupervisor;
  logs: SessionLogs;
  comparisons: Comparisons;
  emit: <K extends keyof EventMap>(event: K, payload: EventMap[K]) => void;
  tmpDir: string;
  scenarioDir?: string;
  lessonDir?: string;
  notices: string[];
  /** True once the session has ended: late answers are not logged. */
  ended: () => boolean;
}

/** The record of a call whose engine died before answering: no return value came back (ret null). */
function lostCallRecord(step: Step, startedAt: number, why: string): CallRecord {
  return {
    ...blankRecord(step, -1), // -1: the engine that would have numbered it is gone.
    durationUs: (Date.now() - startedAt) * 1000,
    cancelled: `the engine process died before the call returned (${why})`,
    startedAt,
  };
}

/**
 * A page never names a file on the host's machine for the engine to send: the session serves
 * pages (a browser, the Electron window). The CLI, which runs a person's own scenario, may.
 */
function refuseFileSource(steps: readonly Step[], field: (i: number) => string): void {
  const i = steps.findIndex((s) => s.call === 'BIO_write' && s.file !== undefined);
  if (i < 0) return;
  const at = field(i);
  throw new RpcError('invalid-request', at, `${at}: a page cannot name a file of the host's machine to send; send data or dataHex with bytes instead, or run the scenario with the command line (bio-workbench run)`);
}

export function sessionHandlers(parts: SessionParts): Handlers<Contract> {
  const { supervisor, logs, emit } = parts;
  let unnamed = 0;

  const logged = (callId: string, record: CallRecord): CallRecord => {
    const position = logs.log.append(record);
    emit('log', { position, record });
    emit('callFinished', { callId, record });
    return record;
  };

  const state = async (): Promise<SessionState> => {
    const engine = supervisor.running;
    const sockets = engine ? await engine.request('sockets', {}).catch(() => supervisor.knownSockets()) : [];
    return {
      engine: supervisor.status,
      info: engine?.info ?? null,
      sockets,
      logTotal: logs.log.total,
      waiting: [...supervisor.waiting.values()],
      tmpDir: parts.tmpDir,
      notices: parts.notices,
      logStopped: logs.log.stopped,
    };
  };

  return {
    info: async () => (await supervisor.engineNow()).request('info', {}),
    call: async ({ step, callId }, { signal }) => {
      // The session names every call so its callStarted and its record can be paired.
      refuseFileSource([step], () => 'step.file');
      const id = callId ?? `s${++unnamed}`;
      const refusal = supervisor.refusal(step);
      if (refusal) return logged(id, { ...blankRecord(step, -1), refused: refusal });
      const engine = await supervisor.engineNow();
      const startedAt = Date.now();
      try {
        return logged(id, await engine.request('call', { step, callId: id }, { signal }));
      } catch (e) {
        // The engine died with this call in it (a crash, or the call that crashed it): the log still says so.
        if (!engine.alive && !parts.ended()) logged(id, lostCallRecord(step, startedAt, RpcError.from(e).message));
        throw e;
      } finally {
        supervisor.waiting.delete(id);
      }
    },
    cancel: async (input) => (await supervisor.engineNow()).request('cancel', input),
    sockets: async () => (await supervisor.engineNow()).request('sockets', {}),
    closeAll: async () => {
      const result = await (await supervisor.engineNow()).request('closeAll', {});
      supervisor.forgetSockets();
      return result;
    },
    log: ({ offset, limit }) => logs.read(offset, limit),
    session: state,
    scenarios: () => listShipped(parts.scenarioDir ?? defaultScenarioDir()),
    lessons: () => listShipped(parts.lessonDir ?? defaultLessonDir()),
    sessions: () => logs.earlier(),
    openLog: ({ id, offset, limit }) => logs.readEarlier(id, offset, limit),
    searchLog: ({ query, session, before, limit }) => {
      const parsed = parseQuery(query);
      if ('error' in parsed) throw new RpcError('invalid-request', 'query', parsed.error);
      return logs.search(parsed.terms, session, before, limit);
    },
    compareTargets: () => parts.comparisons.targets(supervisor.running?.info?.libcrypto ?? null),
    // Two engines of its own: nothing of it reaches the session's engine, sockets or log.
    compare: (input, { signal }) => {
      refuseFileSource(input.scenario?.steps ?? [], (i) => `scenario.steps[${i}].file`);
      return parts.comparisons.run(input, signal);
    },
  };
}
