// The page's state, one slice per concern (connection and engine, sockets, log, earlier sessions,
// waiting calls, composer, data pane, demos, theme), actions beside the state they change. It calls the contract's
// client and never knows which transport carries it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CallStarted, ContractError, EngineStatus, EventMap } from '../../../shared/contract';
import type { FlagName } from '../../../shared/flags';
import type { AddressCandidate, CallRecord, DataBytes, EngineInfo, SessionLogInfo, SocketSnapshot } from '../../../shared/record';
import type { Step } from '../../../shared/steps';
import type { WorkbenchClient } from '../client';
import type { LinkState as ConnectionState } from '../../../shared/rpc/port';
import { errorData as toContractError } from '../../../shared/rpc/error';
import { LOG_CHUNK, LogIndex } from './log-index';
import { createDemoSlice, type DemoActions, type DemosState } from './demos';
import { buildStep, compactStep, DEFAULT_FIELDS, findSocket, nextSocketName, socketLabel, type ComposerCall, type ComposerFields } from './composer-model';

export interface HostRefusal {
  /** What was asked (a call's name or a method). */
  what: string;
  error: ContractError;
}

export interface ReceivedChunk {
  key: string;
  position: number | null;
  bytes: number;
  text: string;
  hex: string;
}

export interface UnsentRest {
  sock: string;
  sent: number;
  bytes: DataBytes;
}

export interface DataPaneState {
  sock: string;
  format: 'text' | 'hex';
  payload: string;
  max: string;
  unsent: UnsentRest | null;
  /** Bytes read per socket label, oldest first, bounded. */
  received: Record<string, ReceivedChunk[]>;
}

export type Theme = 'light' | 'dark';

/** Earlier sessions' logs, browsed read-only in place of the live log. */
export interface EarlierState {
  /** The view is shown instead of the live call log. */
  shown: boolean;
  /** The host's list, newest first; null until it first answered. */
  sessions: SessionLogInfo[] | null;
  listing: boolean;
  /** The session being browsed, or null while the list shows. */
  id: string | null;
  info: SessionLogInfo | null;
  /** A fresh index per opened session, so a late page of another session is recognised and dropped. */
  log: LogIndex;
  /** Bumped whenever `log` changes, so list components re-render. */
  version: number;
  total: number;
  torn: boolean;
  selected: number | null;
  selectedRecord: CallRecord | null;
  error: HostRefusal | null;
}

export interface WorkbenchState extends DemoActions {
  connection: ConnectionState;
  engine: EngineStatus;
  info: EngineInfo | null;
  sockets: SocketSnapshot[];
  /** What `{tmp}` in a demo's addr stands for in this session. */
  tmpDir: string | null;

  log: LogIndex;
  /** Bumped whenever `log` changes, so list components re-render. */
  logVersion: number;
  logTotal: number;
  selected: number | null;
  selectedRecord: CallRecord | null;
  /** The latest call from any page: the error stack shows its queue. */
  latest: CallRecord | null;

  waiting: CallStarted[];
  /** Calls this page made that have not answered yet. */
  ownPending: number;

  composer: ComposerFields;
  candidates: AddressCandidate[] | null;
  candidatesFor: string | null;
  refusal: HostRefusal | null;
  lastOwnRecord: CallRecord | null;

  earlier: EarlierState;

  demos: DemosState;

  data: DataPaneState;
  theme: Theme;

  start(): () => void;
  sync(): Promise<void>;
  ensureLogLoaded(start: number, end: number): void;
  selectLog(position: number | null): void;
  showEarlier(): void;
  hideEarlier(): void;
  listEarlier(): Promise<void>;
  openEarlier(id: string): Promise<void>;
  backToEarlierList(): void;
  ensureEarlierLoaded(start: number, end: number): void;
  selectEarlier(position: number | null): void;
  runStep(step: Step): Promise<CallRecord | null>;
  runComposer(): Promise<CallRecord | null>;
  cancel(callId: string): Promise<void>;
  lookup(): Promise<void>;
  setComposer(patch: Partial<ComposerFields>): void;
  chooseCall(call: ComposerCall, patch?: Partial<ComposerFields>): void;
  toggleFlag(name: FlagName, on: boolean): void;
  setData(patch: Partial<Omit<DataPaneState, 'received' | 'unsent'>>): void;
  send(): Promise<void>;
  sendUnsent(): Promise<void>;
  read(sock?: string): Promise<void>;
  refreshSockets(): Promise<void>;
  dismissRefusal(): void;
  setTheme(theme: Theme): void;
}

export type WorkbenchStore = StoreApi<WorkbenchState>;

/** The earlier-sessions slice with nothing opened; the last list is kept to show at once. */
function closedEarlier(sessions: SessionLogInfo[] | null): EarlierState {
  return { shown: false, sessions, listing: false, id: null, info: null, log: new LogIndex(), version: 0, total: 0, torn: false, selected: null, selectedRecord: null, error: null };
}

const MAX_RECEIVED_PER_SOCKET = 100;
const LOG_TAIL = LOG_CHUNK;
/** While a person looks at the page, snapshots refresh at least this often (a peer's close shows). */
const SOCKET_REFRESH_MS = 1000;
const SOCKET_REFRESH_LIMIT = 2000;

function bytesOfHex(hex: string): number {
  return hex.replace(/\s+/g, '').length / 2;
}

function recordKey(r: CallRecord): string {
  return `${r.startedAt}:${r.index}:${r.call}`;
}

function sortByFd(list: SocketSnapshot[]): SocketSnapshot[] {
  return list.sort((a, b) => a.fd - b.fd);
}

export interface StoreOptions {
  theme?: Theme;
  /** Persist the theme (localStorage in the page; absent in tests). */
  saveTheme?: (theme: Theme) => void;
  /** Milliseconds between event flushes; events arriving meanwhile render once. */
  flushMs?: number;
  refreshMs?: number;
}

export function createWorkbenchStore(client: WorkbenchClient, options: StoreOptions = {}): WorkbenchStore {
  const pageId = Math.random().toString(36).slice(2, 8);
  let callSeq = 0;
  const ownCallIds = new Set<string>();
  const seenReads = new Set<string>();
  const flushMs = options.flushMs ?? 16;

  // Events are applied in batches: a scenario can append thousands of records a second.
  let pending: (() => Partial<WorkbenchState> | void)[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  // Each queued change reads the state as the earlier changes of its batch left it.
  let current: WorkbenchState | null = null;
  const flush = () => {
    flushTimer = null;
    const batch = pending;
    pending = [];
    let draft = store.getState();
    try {
      for (const apply of batch) {
        current = draft;
        draft = { ...draft, ...(apply() ?? {}) };
      }
    } finally {
      current = null;
    }
    store.setState(draft);
  };
  const queue = (apply: () => Partial<WorkbenchState> | void) => {
    pending.push(apply);
    if (!flushTimer) flushTimer = setTimeout(flush, flushMs);
  };
  const now = (): WorkbenchState => current ?? store.getState();

  const upsertSocket = (list: SocketSnapshot[], snap: SocketSnapshot): SocketSnapshot[] => {
    if (snap.role === 'closed') return list.filter((s) => s.fd !== snap.fd);
    const i = list.findIndex((s) => s.fd === snap.fd);
    const next = list.slice();
    if (i >= 0) next[i] = { ...snap, listener: undefined };
    else {
      next.push({ ...snap, listener: undefined });
      sortByFd(next);
    }
    return next;
  };

  const withRecordSockets = (list: SocketSnapshot[], r: CallRecord): SocketSnapshot[] => {
    let next = list;
    if (r.socket?.listener) next = upsertSocket(next, r.socket.listener);
    if (r.socket) next = upsertSocket(next, r.socket);
    return next;
  };

  /** A BIO_read that returned bytes, once, whichever way it arrived (response or log event). */
  const receivedWith = (received: Record<string, ReceivedChunk[]>, r: CallRecord, position: number | null): Record<string, ReceivedChunk[]> => {
    if (r.call !== 'BIO_read' || !r.data || r.ret === null || r.ret <= 0) return received;
    const key = recordKey(r);
    if (seenReads.has(key)) return received;
    seenReads.add(key);
    const label = r.socket ? socketLabel(r.socket) : String(r.args.sock ?? '?');
    const chunks = [...(received[label] ?? []), { key, position, bytes: r.ret, text: r.data.text, hex: r.data.hex }].slice(-MAX_RECEIVED_PER_SOCKET);
    return { ...received, [label]: chunks };
  };

  const onLogRecord = (position: number, record: CallRecord) =>
    queue(() => {
      const s = now();
      s.log.put(position, record);
      return {
        logVersion: s.logVersion + 1,
        logTotal: s.log.total,
        latest: record,
        sockets: withRecordSockets(s.sockets, record),
        data: { ...s.data, received: receivedWith(s.data.received, record, position) },
        selectedRecord: s.selected === position ? record : s.selectedRecord,
      };
    });

  const handlers: { [E in keyof EventMap]: (p: EventMap[E]) => void } = {
    callStarted: (p) =>
      queue(() => {
        const s = now();
        if (s.waiting.some((w) => w.callId === p.callId)) return { waiting: s.waiting.map((w) => (w.callId === p.callId ? p : w)) };
        return { waiting: [...s.waiting, p] };
      }),
    callFinished: (p) => queue(() => ({ waiting: now().waiting.filter((w) => w.callId !== p.callId) })),
    socket: (p) => queue(() => ({ sockets: upsertSocket(now().sockets, p) })),
    socketClosed: (p) => queue(() => ({ sockets: now().sockets.filter((s) => s.fd !== p.fd) })),
    engine: (p) => {
      const was = store.getState().engine.state;
      queue(() => ({ engine: p, ...(p.state === 'crashed' ? { sockets: [], waiting: [] } : {}) }));
      // A new engine after a crash: its info and (empty) socket table come from the session.
      if (p.state === 'running' && was !== 'running') void store.getState().sync();
    },
    log: (p) => onLogRecord(p.position, p.record),
  };

  const refuse = (what: string, reason: unknown) => set({ refusal: { what, error: toContractError(reason) } });

  const loadChunk = async (chunk: number) => {
    const { log } = store.getState();
    const offset = chunk * LOG_CHUNK;
    try {
      const page = await client.request('log', { offset, limit: LOG_CHUNK });
      queue(() => {
        const s = now();
        page.entries.forEach((r, i) => {
          // An entry that arrived by event meanwhile is newer than nothing, never older.
          if (!s.log.summary(offset + i)) s.log.put(offset + i, r);
        });
        if (page.total > s.log.total) s.log.total = page.total;
        s.log.settleChunk(chunk, true);
        return { logVersion: s.logVersion + 1, logTotal: s.log.total };
      });
    } catch {
      log.settleChunk(chunk, false);
    }
  };

  const setEarlier = (patch: Partial<EarlierState> | ((e: EarlierState) => Partial<EarlierState>)) =>
    set((s) => ({ earlier: { ...s.earlier, ...(typeof patch === 'function' ? patch(s.earlier) : patch) } }));
  /** Still browsing the session this index belongs to (not moved on to another, or back). */
  const browsing = (log: LogIndex) => store.getState().earlier.log === log;

  const loadEarlierChunk = async (id: string, log: LogIndex, chunk: number) => {
    const offset = chunk * LOG_CHUNK;
    try {
      const page = await client.request('openLog', { id, offset, limit: LOG_CHUNK });
      if (!browsing(log)) return;
      page.entries.forEach((r, i) => log.put(offset + i, r));
      log.total = page.total;
      log.settleChunk(chunk, true);
      setEarlier((e) => ({ info: page.info, torn: page.torn, total: log.total, version: e.version + 1 }));
    } catch (err) {
      log.settleChunk(chunk, false);
      if (browsing(log)) setEarlier({ error: { what: 'openLog', error: toContractError(err) } });
    }
  };

  const nextCallId = () => {
    const id = `page-${pageId}-${++callSeq}`;
    ownCallIds.add(id);
    return id;
  };

  let demoRuns = 0;
  const demoSlice = createDemoSlice({
    client,
    get: () => store.getState(),
    set: (f) => set(f),
    nextRunPrefix: () => `demo-${pageId}-${++demoRuns}`,
    onCallRecord: (record) => set((s) => ({ latest: record, sockets: withRecordSockets(s.sockets, record) })),
  });

  const store: WorkbenchStore = createStore<WorkbenchState>()(() => ({
    connection: 'connecting',
    engine: { state: 'starting', message: 'connecting to the host' },
    info: null,
    sockets: [],
    tmpDir: null,
    log: new LogIndex(),
    logVersion: 0,
    logTotal: 0,
    selected: null,
    selectedRecord: null,
    latest: null,
    waiting: [],
    ownPending: 0,
    composer: { ...DEFAULT_FIELDS },
    candidates: null,
    candidatesFor: null,
    refusal: null,
    lastOwnRecord: null,
    earlier: closedEarlier(null),
    ...demoSlice,
    data: { sock: '', format: 'text', payload: '', max: '4096', unsent: null, received: {} },
    theme: options.theme ?? 'light',

    start() {
      const subscribe = <E extends keyof EventMap>(e: E) => client.on(e, handlers[e]);
      const offs = (Object.keys(handlers) as (keyof EventMap)[]).map(subscribe);
      if (client.onConnection) {
        offs.push(
          client.onConnection((state) => {
            set({ connection: state });
            if (state === 'open') void store.getState().sync();
          }),
        );
        // The client may have opened before we subscribed.
        const known = (client as { connection?: ConnectionState }).connection;
        if (known === 'open') {
          set({ connection: 'open' });
          void store.getState().sync();
        }
      } else {
        set({ connection: 'open' });
        void store.getState().sync();
      }
      const refreshMs = options.refreshMs ?? SOCKET_REFRESH_MS;
      const timer = refreshMs > 0 ? setInterval(() => void store.getState().refreshSockets(), refreshMs) : null;
      return () => {
        for (const off of offs) off();
        if (timer) clearInterval(timer);
        if (flushTimer) clearTimeout(flushTimer);
      };
    },

    async sync() {
      let session;
      try {
        session = await client.request('session', {});
      } catch (e) {
        refuse('session', e);
        return;
      }
      const s = store.getState();
      // A shorter log than ours means a different session (the host restarted): start over.
      if (session.logTotal < s.log.total) s.log.reset(session.logTotal);
      else s.log.total = session.logTotal;
      set({
        engine: session.engine,
        info: session.info,
        tmpDir: session.tmpDir,
        sockets: sortByFd(session.sockets.slice()),
        waiting: session.waiting,
        logTotal: s.log.total,
        logVersion: s.logVersion + 1,
      });
      const start = Math.max(0, session.logTotal - LOG_TAIL);
      if (session.logTotal > 0) {
        try {
          const page = await client.request('log', { offset: start, limit: Math.min(LOG_TAIL, session.logTotal - start) });
          queue(() => {
            const cur = now();
            page.entries.forEach((r, i) => cur.log.put(start + i, r));
            const latest = page.entries.length ? page.entries[page.entries.length - 1] : cur.latest;
            let received = cur.data.received;
            page.entries.forEach((r, i) => (received = receivedWith(received, r, start + i)));
            return { logVersion: cur.logVersion + 1, logTotal: cur.log.total, latest: cur.latest ?? latest, data: { ...cur.data, received } };
          });
        } catch (e) {
          refuse('log', e);
        }
      }
    },

    ensureLogLoaded(start, end) {
      for (const chunk of store.getState().log.claimMissing(start, end)) void loadChunk(chunk);
    },

    selectLog(position) {
      if (position === null) {
        set({ selected: null, selectedRecord: null });
        return;
      }
      const s = store.getState();
      const cached = s.log.record(position);
      set({ selected: position, selectedRecord: cached ?? null });
      if (!cached) {
        client.request('log', { offset: position, limit: 1 }).then(
          (page) => {
            const r = page.entries[0];
            if (r && store.getState().selected === position) set({ selectedRecord: r });
          },
          (e) => refuse('log', e),
        );
      }
    },

    showEarlier() {
      setEarlier({ shown: true });
      void store.getState().listEarlier();
    },

    hideEarlier() {
      set((s) => ({ earlier: closedEarlier(s.earlier.sessions) }));
    },

    async listEarlier() {
      setEarlier({ listing: true, error: null });
      try {
        const sessions = await client.request('sessions', {});
        setEarlier({ sessions, listing: false });
      } catch (e) {
        setEarlier({ listing: false, error: { what: 'sessions', error: toContractError(e) } });
      }
    },

    async openEarlier(id) {
      const listed = store.getState().earlier.sessions?.find((x) => x.id === id) ?? null;
      const log = new LogIndex();
      log.total = listed?.entries ?? 0;
      // The first page also brings the host's current info (the file may have grown since listed).
      log.claimMissing(0, LOG_CHUNK);
      setEarlier((e) => ({ id, info: listed, log, total: log.total, torn: listed?.torn ?? false, selected: null, selectedRecord: null, error: null, version: e.version + 1 }));
      await loadEarlierChunk(id, log, 0);
    },

    backToEarlierList() {
      setEarlier((e) => ({ ...closedEarlier(e.sessions), shown: true }));
    },

    ensureEarlierLoaded(start, end) {
      const { id, log } = store.getState().earlier;
      if (id === null) return;
      for (const chunk of log.claimMissing(start, end)) void loadEarlierChunk(id, log, chunk);
    },

    selectEarlier(position) {
      const { id, log } = store.getState().earlier;
      if (position === null || id === null) {
        setEarlier({ selected: null, selectedRecord: null });
        return;
      }
      const cached = log.record(position);
      setEarlier({ selected: position, selectedRecord: cached ?? null });
      if (cached) return;
      client.request('openLog', { id, offset: position, limit: 1 }).then(
        (page) => {
          const r = page.entries[0];
          if (r && browsing(log) && store.getState().earlier.selected === position) setEarlier({ selectedRecord: r });
        },
        (e) => browsing(log) && setEarlier({ error: { what: 'openLog', error: toContractError(e) } }),
      );
    },

    async runStep(step) {
      const callId = nextCallId();
      set((s) => ({ ownPending: s.ownPending + 1 }));
      try {
        const record = await client.request('call', { step: compactStep(step), callId });
        set((s) => ({
          refusal: null,
          lastOwnRecord: record,
          latest: record,
          sockets: withRecordSockets(s.sockets, record),
          waiting: s.waiting.filter((w) => w.callId !== callId),
          data: { ...s.data, received: receivedWith(s.data.received, record, null) },
        }));
        return record;
      } catch (e) {
        set((s) => ({ waiting: s.waiting.filter((w) => w.callId !== callId) }));
        refuse(step.call, e);
        return null;
      } finally {
        ownCallIds.delete(callId);
        set((s) => ({ ownPending: s.ownPending - 1 }));
      }
    },

    async runComposer() {
      const s = store.getState();
      const auto = s.composer.as.trim() === '' ? nextSocketName(s.composer.call, s.sockets) : null;
      const step = buildStep(auto ? { ...s.composer, as: auto } : s.composer);
      const record = await s.runStep(step);
      // The next BIO_socket gets a fresh default name; a name given by hand is kept for editing.
      if (record && record.ret !== null && record.ret >= 0 && 'as' in step && step.as) {
        const c = store.getState().composer;
        if (c.as === step.as) set({ composer: { ...c, as: '' } });
      }
      return record;
    },

    async cancel(callId) {
      try {
        await client.request('cancel', { callId });
      } catch (e) {
        refuse('cancel', e);
      }
    },

    async lookup() {
      const { composer, sockets } = store.getState();
      const sock = composer.call === 'BIO_lookup_ex' ? undefined : findSocket(sockets, composer.sock);
      const server = composer.call === 'BIO_bind' || composer.call === 'BIO_listen';
      const step: Step =
        composer.call === 'BIO_lookup_ex'
          ? buildStep(composer)
          : {
              call: 'BIO_lookup_ex',
              addr: composer.addr,
              lookupType: server ? 'BIO_LOOKUP_SERVER' : 'BIO_LOOKUP_CLIENT',
              family: sock?.family === 'AF_UNIX' ? 'AF_UNIX' : 'AF_UNSPEC',
              socktype: sock?.type === 'SOCK_DGRAM' ? 'SOCK_DGRAM' : 'SOCK_STREAM',
            };
      const record = await store.getState().runStep(step);
      if (record) set({ candidates: record.addresses ?? [], candidatesFor: step.call === 'BIO_lookup_ex' ? step.addr : composer.addr });
    },

    setComposer(patch) {
      set((s) => {
        const composer = { ...s.composer, ...patch };
        // Candidates belong to the address they were looked up for.
        const stale = patch.addr !== undefined && patch.addr !== s.candidatesFor;
        return { composer: stale ? { ...composer, addrIndex: null } : composer, ...(stale ? { candidates: null, candidatesFor: null } : {}) };
      });
    },

    chooseCall(call, patch = {}) {
      set((s) => ({ composer: { ...s.composer, call, ...patch } }));
    },

    toggleFlag(name, on) {
      set((s) => {
        const flags = s.composer.flags.filter((f) => f !== name);
        if (on) flags.push(name);
        return { composer: { ...s.composer, flags } };
      });
    },

    setData(patch) {
      set((s) => ({ data: { ...s.data, ...patch } }));
    },

    async send() {
      const { data } = store.getState();
      const step: Step =
        data.format === 'hex'
          ? { call: 'BIO_write', sock: data.sock, dataHex: data.payload.replace(/\s+/g, '') }
          : { call: 'BIO_write', sock: data.sock, data: data.payload };
      await writeAndKeepRest(step, data.sock);
    },

    async sendUnsent() {
      const { data } = store.getState();
      if (!data.unsent) return;
      await writeAndKeepRest({ call: 'BIO_write', sock: data.unsent.sock, dataHex: data.unsent.bytes.hex }, data.unsent.sock);
    },

    async read(sock) {
      const { data } = store.getState();
      const target = sock ?? data.sock;
      await store.getState().runStep({ call: 'BIO_read', sock: target, max: Number(data.max) || 4096 });
    },

    async refreshSockets() {
      const s = store.getState();
      if (s.connection !== 'open' || s.engine.state !== 'running' || s.sockets.length === 0 || s.sockets.length > SOCKET_REFRESH_LIMIT) return;
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      try {
        const list = await client.request('sockets', {});
        queue(() => ({ sockets: sortByFd(list.slice()) }));
      } catch {
        // A missed refresh is retried on the next tick; the events keep the list current meanwhile.
      }
    },

    dismissRefusal() {
      set({ refusal: null });
    },

    setTheme(theme) {
      set({ theme });
      options.saveTheme?.(theme);
    },
  }));

  /** Partial writes keep what C did not take, to send again; nothing is dropped silently. */
  async function writeAndKeepRest(step: Step, sock: string): Promise<void> {
    const record = await store.getState().runStep(step);
    if (!record) return;
    const unsent = record.result?.unsent as DataBytes | undefined;
    const sent = typeof record.result?.sent === 'number' ? record.result.sent : record.ret ?? 0;
    set((s) => ({ data: { ...s.data, unsent: unsent && bytesOfHex(unsent.hex) > 0 ? { sock, sent, bytes: unsent } : null } }));
  }

  function set(partial: Partial<WorkbenchState> | ((s: WorkbenchState) => Partial<WorkbenchState>)) {
    store.setState(partial);
  }

  return store;
}
