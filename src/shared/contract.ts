// The one contract every host serves and every client calls: method name -> input schema and
// output type. The engine's message channel, the Electron IPC handlers, the web host's
// dispatcher, the preload bridge and the renderer's client are all derived from this object.
import { z } from 'zod';
import { Step, type Scenario } from './steps';
import { requestIssue } from './issue-text';
import type { CallRecord, EngineInfo, SessionLogInfo, SocketSnapshot } from './record';

/** Marks a method's output type without a runtime schema (outputs come from our own engine). */
const out = <T>() => undefined as unknown as T;

export const CallId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected an id of 1-64 letters, digits, _ . : or -');

export const contract = {
  info: { input: z.strictObject({}), output: out<EngineInfo>() },
  call: { input: z.strictObject({ step: Step, callId: CallId.optional() }), output: out<CallRecord>() },
  cancel: { input: z.strictObject({ callId: CallId }), output: out<{ cancelled: boolean; how: string | null }>() },
  sockets: { input: z.strictObject({}), output: out<SocketSnapshot[]>() },
  closeAll: { input: z.strictObject({}), output: out<{ closed: number }>() },
  /** Host-level: a window onto the session log (older entries load back from disk). */
  log: {
    input: z.strictObject({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(10_000) }),
    output: out<{ total: number; entries: CallRecord[] }>(),
  },
  /** Host-level: what a page needs when it (re)connects. */
  session: { input: z.strictObject({}), output: out<SessionState>() },
  /** Host-level: the demo scenarios the host ships, to step through in the window. */
  demos: { input: z.strictObject({}), output: out<Demo[]>() },
  /** Host-level: earlier sessions' logs under the same data directory, newest first. */
  sessions: { input: z.strictObject({}), output: out<SessionLogInfo[]>() },
  /** Host-level: a window onto an earlier session's log, read-only. */
  openLog: {
    input: z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'expected a session id from "sessions" (letters, digits and dashes)'),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(10_000),
    }),
    output: out<{ info: SessionLogInfo; total: number; entries: CallRecord[]; torn: boolean }>(),
  },
} as const;

/** A shipped demo scenario; `scenario` is null (and `error` says why) when its file is invalid. */
export interface Demo {
  id: string;
  title: string;
  description: string | null;
  scenario: Scenario | null;
  error: string | null;
}

export interface SessionState {
  engine: EngineStatus;
  info: EngineInfo | null;
  sockets: SocketSnapshot[];
  logTotal: number;
  /** Calls still waiting, so a reloaded page can show their elapsed time and Cancel. */
  waiting: CallStarted[];
  /** What `{tmp}` in a scenario's addr stands for in this session (a directory removed when it ends). */
  tmpDir: string | null;
}

export type Contract = typeof contract;
export type Method = keyof Contract;
export type InputOf<M extends Method> = z.infer<Contract[M]['input']>;
export type OutputOf<M extends Method> = Contract[M]['output'];
export const METHODS = Object.keys(contract) as Method[];

export interface CallStarted {
  callId: string;
  index: number;
  call: string;
  c: string;
  sock: string | null;
  /** The call is waiting (for readiness, for a pool thread, or in a blocking connect). */
  waiting: 'readiness' | 'pool' | 'connect' | null;
  startedAt: number;
}

export interface EngineStatus {
  state: 'starting' | 'running' | 'crashed' | 'stopped';
  message: string;
  /** Sockets the crashed engine held; they are gone with it. */
  lostSockets?: number;
}

export interface EventMap {
  callStarted: CallStarted;
  callFinished: { callId: string; record: CallRecord };
  socket: SocketSnapshot;
  socketClosed: { fd: number; name: string | null };
  engine: EngineStatus;
  /** A record appended to the session log (any page's call, or a scenario's). */
  log: { position: number; record: CallRecord };
}
export type EventName = keyof EventMap;
export const EVENTS: readonly EventName[] = ['callStarted', 'callFinished', 'socket', 'socketClosed', 'engine', 'log'];
/** Methods the engine process answers; the others are answered by the host's session. */
export const ENGINE_METHODS: readonly Method[] = ['info', 'call', 'cancel', 'sockets', 'closeAll'];

/** A refused request: which field, what was expected. Never reaches native code. */
export interface ContractError {
  code: 'invalid-request' | 'unknown-method' | 'engine-unavailable' | 'internal';
  field: string | null;
  message: string;
}

export { issuePath, formatIssuePath } from './issue-text';

/** Validates a request for a method, returning the parsed input or the first error naming its field. */
export function parseRequest<M extends Method>(method: string, input: unknown): { ok: true; method: M; input: InputOf<M> } | { ok: false; error: ContractError } {
  if (!Object.prototype.hasOwnProperty.call(contract, method)) {
    return { ok: false, error: { code: 'unknown-method', field: 'method', message: `unknown method ${JSON.stringify(String(method).slice(0, 64))}; expected one of ${METHODS.join(', ')}` } };
  }
  const parsed = contract[method as M].input.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid-request', ...requestIssue(parsed.error.issues[0], input, contract[method as M].input) } };
  }
  return { ok: true, method: method as M, input: parsed.data as InputOf<M> };
}

/** What a client of the contract looks like, whatever carries it (IPC, WebSocket, child process). */
export interface ContractClient {
  request<M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
