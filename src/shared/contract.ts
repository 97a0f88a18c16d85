// The one contract every host serves and every client calls: method name -> input schema and
// output type, and the events a host sends. The message layer (src/shared/rpc) types its client
// and its server's handler table from this object, whatever link carries them.
import { z } from 'zod';
import { Scenario, Step } from './steps';
import type { BulkProgress, CallRecord, EngineInfo, LibcryptoInfo, SessionLogInfo, SessionLogPage, SessionObjects, SocketSnapshot } from './record';
import type { SideBySide } from './compare';
import type { PacketRecord } from './packets';
import type { Client, InputOf as RpcInputOf, MethodOf, OutputOf as RpcOutputOf } from './rpc/types';

export type { ContractError } from './rpc/error';

/**
 * The most calls one callGroup request holds: a scenario's group is smaller (MAX_GROUP_STEPS), but a
 * burst of sockets opened together (a class, a bench) goes as one request, not one per socket.
 */
export const MAX_GROUP_CALLS = 10_000;

/** Marks a method's output type without a runtime schema (outputs come from our own engine). */
const out = <T>() => undefined as unknown as T;

const CallId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected an id of 1-64 letters, digits, _ . : or -');
const SessionId = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'expected a session id from "sessions" (letters, digits and dashes)');
/** A file a page names for an engine to load or run: an absolute path on one line. */
const FilePath = z
  .string()
  .max(4096, 'expected a path of at most 4096 characters')
  .regex(/^\/[^\0\r\n]*$/, 'expected an absolute path (starting with /) on one line');

const CompareInput = z
  .strictObject({
    /** The libcrypto to run beside the host's own (B). */
    libcrypto: FilePath,
    /** The node that runs B's engine (one linked against a newer glibc). */
    engineNode: FilePath.optional(),
    /** A shipped scenario's id, or a scenario the page sends: exactly one. */
    shipped: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'expected a scenario id from "scenarios"')
      .describe('a scenario id from "scenarios", or a scenario in its place')
      .optional(),
    scenario: Scenario.optional(),
  })
  .refine((x) => (x.shipped === undefined) !== (x.scenario === undefined), { message: 'expected exactly one of shipped (a shipped scenario\'s id) or scenario', path: ['shipped'] });

export const contract = {
  info: { input: z.strictObject({}), output: out<EngineInfo>() },
  call: { input: z.strictObject({ step: Step, callId: CallId.optional() }), output: out<CallRecord>() },
  /** A step group: the calls made back to back in the engine, nothing between them; one record each, in order. */
  callGroup: {
    input: z.strictObject({
      calls: z
        .array(z.strictObject({ step: Step, callId: CallId.optional() }))
        .min(1, 'expected at least one call')
        .max(MAX_GROUP_CALLS, `expected at most ${MAX_GROUP_CALLS} calls in a group`),
    }),
    output: out<CallRecord[]>(),
  },
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
  /** Host-level: the scenarios the host ships (resources/scenarios), to step through in the window. */
  scenarios: { input: z.strictObject({}), output: out<ShippedScenario[]>() },
  /** Host-level: the lessons the host ships (scenarios with a caption per step and predictions). */
  lessons: { input: z.strictObject({}), output: out<ShippedScenario[]>() },
  /** Host-level: a page of earlier sessions' logs under the same data directory, newest first (`next` goes on). */
  sessions: {
    input: z.strictObject({
      /** Sessions older than this id (the previous page's `next`). */
      before: SessionId.optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }),
    output: out<SessionLogPage>(),
  },
  /** Host-level: a window onto an earlier session's log, read-only. */
  openLog: {
    input: z.strictObject({
      id: SessionId,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(10_000),
    }),
    output: out<{ info: SessionLogInfo; total: number; entries: CallRecord[]; torn: boolean }>(),
  },
  /** Host-level: the call log's entries matching a query, newest first, a bounded scan per request (`next` goes on). */
  searchLog: {
    input: z.strictObject({
      query: z.string().min(1, 'expected something to search for').max(200),
      /** An earlier session's id; this session's log when absent. */
      session: SessionId.optional(),
      /** Search the entries before this position (exclusive); from the newest when absent. */
      before: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(200),
    }),
    output: out<LogSearchPage>(),
  },
  /** Host-level: what a page may compare the host's libcrypto with. */
  compareTargets: { input: z.strictObject({}), output: out<CompareTargets>() },
  /** Host-level: a scenario on two fresh engines (the host's libcrypto, A, and the named one, B), never the session's own. */
  compare: { input: CompareInput, output: out<SideBySide>() },
  /** Host-level: packet capture of the session's own traffic on or off; each call logged meanwhile gets its packets (the `packets` event). */
  capture: { input: z.strictObject({ on: z.boolean() }), output: out<CaptureState>() },
  /** Host-level: the packets captured in this session as a pcap file (base64), for the person to save. */
  savedCapture: { input: z.strictObject({}), output: out<SavedCapture>() },
} as const;

/** The session's capture: on or off, how many packets it kept, or the one line saying why it cannot capture. */
export interface CaptureState {
  on: boolean;
  unavailable: string | null;
  packets: number;
}

/** The session's packets as a pcap file that Wireshark and `tshark -r` open. */
export interface SavedCapture {
  /** The file's bytes, base64. */
  pcap: string;
  packets: number;
}

export interface LogSearchPage {
  /** The log's length when it was searched. */
  total: number;
  matches: { position: number; record: CallRecord }[];
  /** Where to go on searching (`before`), or null once the start of the log was reached. */
  next: number | null;
  /** Entries looked at by this request. */
  scanned: number;
}

/** A library a page may name for Compare, and the node its engine runs under (null: the host's). */
export interface AllowedLibrary {
  libcrypto: string;
  engineNode: string | null;
}

export interface CompareTargets {
  /** The libcrypto the host's own engine loads (A), or null while no engine runs. */
  own: LibcryptoInfo | null;
  /** The libraries a page may name (B); null when the host allows any path (a desktop app, on the person's own machine). */
  allowed: AllowedLibrary[] | null;
}

/** A shipped scenario or lesson; `scenario` is null (and `error` says why) when its file is invalid. */
export interface ShippedScenario {
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
  /** The BIOs, TLS connections and contexts the engine holds. */
  objects: SessionObjects;
  logTotal: number;
  /** Calls still waiting, so a reloaded page can show their elapsed time and Cancel. */
  waiting: CallStarted[];
  /** What `{tmp}` in a scenario's addr stands for in this session (a directory removed when it ends). */
  tmpDir: string | null;
  /** What the host wants every page to know about how it runs (e.g. as root, sandbox off). */
  notices: string[];
  /** Why the session log stopped being written to disk (full or read-only), or null while it is. */
  logStopped: string | null;
  capture: CaptureState;
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
  callGroup: contract.callGroup,
  cancel: contract.cancel,
  sockets: contract.sockets,
  closeAll: contract.closeAll,
  /** The BIOs, TLS connections and contexts the engine holds (a page that joins later lists them). */
  objects: { input: z.strictObject({}), output: out<SessionObjects>() },
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
  /** The call is waiting (for readiness, for a pool thread, in a blocking connect, or running a BIO_write/BIO_read loop). */
  waiting: 'readiness' | 'pool' | 'connect' | 'transfer' | null;
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
  /** A BIO_write/BIO_read loop's bytes so far, at most every ~100 ms while it runs. */
  callProgress: BulkProgress;
  socket: SocketSnapshot;
  socketClosed: { fd: number; name: string | null };
}

/** What a host tells every page. */
export interface EventMap {
  callStarted: CallStarted;
  /** A call ended: its record is the log entry at `position` (the `log` event before this one carried it). */
  callFinished: { callId: string; position: number };
  /** A BIO_write/BIO_read loop's bytes so far, at most every ~100 ms while it runs. */
  callProgress: BulkProgress;
  /** A socket changed between calls (the kernel alone, a peer); a call's own socket is in its `log` entry. */
  socket: SocketSnapshot;
  socketClosed: { fd: number; name: string | null };
  engine: EngineStatus;
  /** A record appended to the session log (any page's call, or a scenario's). */
  log: { position: number; record: CallRecord };
  /** The session log stopped being written to disk; calls go on and stay in memory. */
  logStopped: { reason: string };
  /** The capture was switched on or off, or kept more packets. */
  capture: CaptureState;
  /** A call's packets so far (every one, each time more arrive: a held segment or the peer's FIN comes after the call returned). */
  packets: { callId: string; packets: PacketRecord[] };
}
export type EventName = keyof EventMap;
