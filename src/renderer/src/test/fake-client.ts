// A contract client for component tests: answers requests from a table and lets the test emit
// events. Like the session, it logs each answered call: `socket` for the record's socket, `log`
// with the next position, `callFinished`, then the reply. Never used by e2e, which drives the real engine.
import type { ContractClient, EventMap, EventName, InputOf, Method, OutputOf, SessionState } from '../../../shared/contract';
import type { CallRecord, EngineInfo, SocketSnapshot } from '../../../shared/record';
import { blankRecord } from '../../../shared/blank-record';

export interface FakeClient extends ContractClient {
  requests: { method: Method; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  answer<M extends Method>(method: M, handler: (input: InputOf<M>) => OutputOf<M> | Promise<OutputOf<M>>): void;
  /** Holds each call's events until `releaseEvents`, so the reply arrives first (Electron IPC keeps no order between them). */
  replyFirst: boolean;
  releaseEvents(): void;
}

export const INFO_30: EngineInfo = {
  libcrypto: { path: 'libcrypto.so.3', resolvedPath: 'libcrypto.so.3', version: 'OpenSSL 3.0.19 27 Jan 2026', versionNumber: 0x30000130, supports: { TFO: false } },
  pid: 4242,
  node: 'v20.20.2',
  limits: { maxSockets: 10000, maxDataBytes: 16777216, maxPoolThreads: 32 },
};

export const INFO_35: EngineInfo = {
  ...INFO_30,
  libcrypto: { ...INFO_30.libcrypto, version: 'OpenSSL 3.5.1 1 Jul 2025', versionNumber: 0x30500010, supports: { TFO: true } },
};

export function session(patch: Partial<SessionState> = {}): SessionState {
  return { engine: { state: 'running', message: 'the engine is running' }, info: INFO_30, sockets: [], objects: { bios: [], ssls: [], ctxs: [] }, logTotal: 0, waiting: [], tmpDir: '/tmp/bio-workbench-test', notices: [], logStopped: null, capture: { on: false, unavailable: null, packets: 0 }, ...patch };
}

export function snapshot(patch: Partial<SocketSnapshot> = {}): SocketSnapshot {
  return {
    fd: 20,
    name: 'l',
    role: 'listener',
    family: 'AF_INET',
    type: 'SOCK_STREAM',
    local: '127.0.0.1:46083',
    peer: null,
    state: 'LISTEN',
    soError: 0,
    applied: { SO_REUSEADDR: true, SO_KEEPALIVE: false, O_NONBLOCK: false, TCP_NODELAY: false, TCP_FASTOPEN: 0 },
    requested: { SO_REUSEADDR: true, O_NONBLOCK: false },
    tcpInfo: null,
    ...patch,
  };
}

export function record(patch: Partial<CallRecord> = {}): CallRecord {
  const step = { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;
  return { ...blankRecord(step, 0), ret: 20, durationUs: 40, startedAt: 1_700_000_000_000, ...patch };
}

export const REFUSED_CONNECT: CallRecord = record({
  index: 8,
  call: 'BIO_connect',
  args: { call: 'BIO_connect', sock: 'r', addr: '127.0.0.1:1' },
  c: 'BIO_connect(r, addr, 0)',
  ret: 0,
  errno: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' },
  errorQueue: [
    { code: 2147483759, hex: '8000006F', library: 'system library', reason: 'Connection refused', file: '../crypto/bio/bio_sock2.c', line: 117, function: 'BIO_connect', data: 'calling connect()', text: 'error:8000006F:system library::Connection refused' },
    { code: 268435559, hex: '10000067', library: 'BIO routines', reason: 'connect error', file: '../crypto/bio/bio_sock2.c', line: 119, function: 'BIO_connect', data: '', text: 'error:10000067:BIO routines::connect error' },
  ],
  durationUs: 348,
});

export function createFakeClient(initial: SessionState = session()): FakeClient {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const handlers = new Map<Method, (input: unknown) => unknown>();
  let nextPosition = initial.logTotal;
  let nextCallId = 1;
  let held: (() => void)[] = [];
  /** What the session does with a call's record before it answers. */
  const logCall = (callId: string, record: CallRecord) => {
    const position = nextPosition++;
    const events = () => {
      // As the session does: the call's socket travels in its log entry, not in a socket event.
      client.emit('log', { position, record });
      client.emit('callFinished', { callId, position });
    };
    if (client.replyFirst) held.push(events);
    else events();
  };
  const client: FakeClient = {
    requests: [],
    replyFirst: false,
    releaseEvents() {
      const events = held;
      held = [];
      for (const e of events) e();
    },
    request(method, input) {
      client.requests.push({ method, input });
      const h = handlers.get(method);
      if (!h) return Promise.reject({ code: 'internal', field: null, message: `no fake answer for ${method}` });
      let answer: Promise<OutputOf<typeof method>>;
      try {
        answer = Promise.resolve(h(input)) as Promise<OutputOf<typeof method>>;
      } catch (e) {
        return Promise.reject(e);
      }
      if (method !== 'call') return answer;
      const callId = (input as InputOf<'call'>).callId ?? `s${nextCallId++}`;
      return answer.then((record) => {
        logCall(callId, record as CallRecord);
        return record;
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    answer(method, handler) {
      handlers.set(method, handler as (input: unknown) => unknown);
    },
  };
  client.answer('session', () => initial);
  client.answer('log', () => ({ total: initial.logTotal, entries: [] as CallRecord[] }));
  client.answer('sockets', () => initial.sockets);
  return client;
}
