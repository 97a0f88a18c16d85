// The session's handler table: every method of the contract, answered here or by the engine.
// The message layer has already checked each request against the contract's schemas.
import type { Contract, EventMap, SessionState } from '../../shared/contract';
import { blankRecord } from '../../shared/blank-record';
import { parseQuery } from '../../shared/log-search';
import { RpcError } from '../../shared/rpc/error';
import type { Handlers } from '../../shared/rpc/types';
import type { CallRecord, SessionObjects } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { defaultScenarioDir, defaultLessonDir, listShipped } from '../shipped-scenarios';
import type { CaptureFeed } from '../capture/capture-feed';
import type { Comparisons } from './comparisons';
import type { EngineSupervisor } from './engine-supervisor';
import type { SessionLogs } from './session-logs';
import { DEMO_FILE } from '../../shared/tls-facts';

/** No engine, no objects: a crashed engine took its BIOs, TLS connections and contexts with it. */
const NO_OBJECTS: SessionObjects = { bios: [], ssls: [], ctxs: [] };

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
  /** The session's packet capture: it hears of every call logged. */
  capture: CaptureFeed;
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
  if (i >= 0) {
    const at = field(i);
    throw new RpcError('invalid-request', at, `${at}: a page cannot name a file of the host's machine to send; send data or dataHex with bytes instead, or run the scenario with the command line (bio-workbench run)`);
  }
  // Nor a certificate, key or CA file for libssl to read: only the shipped demonstration pair.
  for (const [j, s] of steps.entries()) {
    const named = s.call === 'SSL_CTX_new' ? (['caFile', 'certFile', 'keyFile'] as const).find((k) => s[k] !== undefined && s[k] !== DEMO_FILE) : undefined;
    if (!named) continue;
    const at = `${field(j).replace(/\.file$/, '')}.${named}`;
    throw new RpcError('invalid-request', at, `${at}: a page cannot name a file of the host's machine for libssl to read; use "${DEMO_FILE}" (the demonstration pair shipped in resources/tls), or run the scenario with the command line (bio-workbench run)`);
  }
}

/**
 * A step group: one request to the engine, which makes the calls back to back with no round
 * trip to this host between them; each call is still logged and announced on its own.
 */
async function callGroup(parts: SessionParts, logged: (callId: string, record: CallRecord) => CallRecord, calls: readonly { step: Step; callId?: string }[], signal: AbortSignal, nextId: () => string): Promise<CallRecord[]> {
  const { supervisor } = parts;
  refuseFileSource(
    calls.map((c) => c.step),
    (i) => `calls[${i}].step.file`,
  );
  const named = calls.map((c) => ({ step: c.step, callId: c.callId ?? nextId(), refused: supervisor.refusal(c.step) }));
  const sent = named.filter((c) => c.refused === null).map(({ step, callId }) => ({ step, callId }));
  const engine = sent.length ? await supervisor.engineNow() : null;
  const startedAt = Date.now();
  let made: CallRecord[] = [];
  try {
    if (engine) made = await engine.request('callGroup', { calls: sent }, { signal });
  } catch (e) {
    // The engine died with the group in it: the log still says so, call by call.
    if (engine && !engine.alive && !parts.ended()) for (const c of sent) logged(c.callId, lostCallRecord(c.step, startedAt, RpcError.from(e).message));
    throw e;
  } finally {
    for (const c of named) supervisor.waiting.delete(c.callId);
  }
  let k = 0;
  return named.map((c) => logged(c.callId, c.refused === null ? made[k++] : { ...blankRecord(c.step, -1), refused: c.refused }));
}

export function sessionHandlers(parts: SessionParts): Handlers<Contract> {
  const { supervisor, logs, emit } = parts;
  let unnamed = 0;

  const logged = (callId: string, record: CallRecord): CallRecord => {
    const position = logs.log.append(record);
    emit('log', { position, record });
    emit('callFinished', { callId, position });
    parts.capture.logged(callId, record);
    return record;
  };

  const state = async (): Promise<SessionState> => {
    const engine = supervisor.running;
    const sockets = engine ? await engine.request('sockets', {}).catch(() => supervisor.knownSockets()) : [];
    const objects = engine ? await engine.request('objects', {}).catch(() => NO_OBJECTS) : NO_OBJECTS;
    return {
      engine: supervisor.status,
      info: engine?.info ?? null,
      sockets,
      objects,
      logTotal: logs.log.total,
      waiting: [...supervisor.waiting.values()],
      tmpDir: parts.tmpDir,
      notices: parts.notices,
      logStopped: logs.log.stopped,
      capture: parts.capture.state,
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
    callGroup: ({ calls }, { signal }) => callGroup(parts, logged, calls, signal, () => `s${++unnamed}`),
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
    sessions: ({ before, limit }) => logs.earlier(before, limit),
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
    capture: ({ on }) => parts.capture.set(on),
    savedCapture: () => parts.capture.saved(),
  };
}
