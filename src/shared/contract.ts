// The one contract every host serves and every client calls: method name -> input schema and
// output type, and the events a host sends. The message layer (src/shared/rpc) types its client
// and its server's handler table from this object, whatever link carries them.
import { z } from 'zod';
import { Step, type Scenario } from './steps';
import type { CallRecord, EngineInfo, SessionLogInfo, SocketSnapshot } from './record';
import type { Client, InputOf as RpcInputOf, MethodOf, OutputOf as RpcOutputOf } from './rpc/types';

export type { ContractError } from './rpc/error';

/** Marks a method's output type without a runtime schema (outputs come from our own engine). */
const out = <T>() => undefined as unknown as T;

const CallId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected an id of 1-64 letters, digits, _ . : or -');

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
  /** What the host wants every page to know about how it runs (e.g. as root, sandbox off). */
  notices: string[];
  /** Why the session log stopped being written to disk (full or read-only), or null while it is. */
  logStopped: string | null;
}

export type Contract = typeof contract;
export type Method = MethodOf<Contract>;
export type InputOf<M extends Method> = RpcInputOf<Contract, M>;
export type OutputOf<M extends Method> = RpcOutputOf<Contract, M>;
/** What a page, a scenario or a test holds to speak the contract, whatever link carries it. */
export type ContractClient = Client<Contract, EventMap>;

/** What a host asks its engine process: the engine's part of the contract, and shutting it down. */
export const engineContract = {
  info: contract.info,
  call: contract.call,
  cancel: contract.cancel,
  sockets: contract.sockets,
  closeAll: contract.closeAll,
  /** Closes every socket, answers, then exits. */
  shutdown: { input: z.strictObject({}), output: out<{ closed: number }>() },
} as const;
export type EngineContract = typeof engineContract;

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

/** What the engine process tells its host: its own readiness, and what happens to its sockets. */
export interface EngineEventMap {
  /** The engine loaded libcrypto and is ready for requests. */
  ready: EngineInfo;
  /** The engine could not start; it exits after sending this. */
  fatal: { message: string };
  callStarted: CallStarted;
  socket: SocketSnapshot;
  socketClosed: { fd: number; name: string | null };
}

/** What a host tells every page. */
export interface EventMap {
  callStarted: CallStarted;
  callFinished: { callId: string; record: CallRecord };
  socket: SocketSnapshot;
  socketClosed: { fd: number; name: string | null };
  engine: EngineStatus;
  /** A record appended to the session log (any page's call, or a scenario's). */
  log: { position: number; record: CallRecord };
  /** The session log stopped being written to disk; calls go on and stay in memory. */
  logStopped: { reason: string };
}
export type EventName = keyof EventMap;
