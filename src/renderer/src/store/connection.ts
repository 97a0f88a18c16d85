// The page's link to the session: the transport's state, the engine's status and info, and the
// session's events, each applied to the slice it changes. On (re)connecting, and when a new
// engine runs after a crash, the page takes the session's state up again (sync).
import type { StateCreator } from 'zustand/vanilla';
import type { EngineStatus, EventMap } from '../../../shared/contract';
import type { LinkState } from '../../../shared/rpc/port';
import type { EngineInfo } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import { withoutWaiting, withWaiting, type CallsSlice } from './calls';
import { withoutTransfer, type DataSlice } from './data';
import type { EventBatch } from './event-batch';
import { logEntryArrived, type LiveLogSlice } from './live-log';
import type { RefusalSlice } from './refusal';
import { withoutSocket, withSocket, type RefreshWindow, type SocketsSlice } from './sockets';

export interface ConnectionSlice {
  connection: LinkState;
  engine: EngineStatus;
  info: EngineInfo | null;
  /** What `{tmp}` in a demo's addr stands for in this session. */
  tmpDir: string | null;
  /** What the host says about how it runs (e.g. as root, sandbox off), for the header. */
  notices: string[];
  /** Why the session log stopped being written to disk, or null while it is. */
  logStopped: string | null;
  /** Listens to the session and keeps the sockets fresh; returns how to stop. */
  start(): () => void;
  /** Takes up the session's state: engine, sockets, waiting calls and the log's tail. */
  sync(): Promise<void>;
}

type Needs = ConnectionSlice & SocketsSlice & LiveLogSlice & CallsSlice & DataSlice & RefusalSlice;

export function createConnectionSlice(client: WorkbenchClient, batch: EventBatch<Needs>, refreshMs: number, refreshWindow: RefreshWindow): StateCreator<Needs, [], [], ConnectionSlice> {
  return (set, get) => {
    const { apply } = batch;
    const handlers: { [E in keyof EventMap]: (p: EventMap[E]) => void } = {
      callStarted: (p) => apply((d) => ({ waiting: withWaiting(d.waiting, p) })),
      callFinished: (p) => apply((d) => ({ waiting: withoutWaiting(d.waiting, p.callId), ...(d.transfers[p.callId] ? { transfers: withoutTransfer(d.transfers, p.callId) } : {}) })),
      callProgress: (p) => apply((d) => ({ transfers: { ...d.transfers, [p.callId]: p } })),
      socket: (p) => {
        refreshWindow.noteSocket(p);
        apply((d) => ({ sockets: withSocket(d.sockets, p) }));
      },
      socketClosed: (p) => {
        refreshWindow.noteClosed(p.fd);
        apply((d) => ({ sockets: withoutSocket(d.sockets, p.fd) }));
      },
      engine: (p) => {
        const was = get().engine.state;
        apply(() => ({ engine: p, ...(p.state === 'crashed' ? { sockets: [], waiting: [], transfers: {} } : {}) }));
        // A new engine after a crash: its info and (empty) socket table come from the session.
        if (p.state === 'running' && was !== 'running') void get().sync();
      },
      log: (p) => apply((d) => logEntryArrived(d, p.position, p.record)),
      logStopped: (p) => apply(() => ({ logStopped: p.reason })),
    };

    const connected = (state: LinkState) => {
      set({ connection: state });
      if (state === 'open') void get().sync();
    };

    return {
      connection: 'connecting',
      engine: { state: 'starting', message: 'connecting to the host' },
      info: null,
      tmpDir: null,
      notices: [],
      logStopped: null,

      start() {
        const subscribe = <E extends keyof EventMap>(e: E) => client.on(e, handlers[e]);
        const offs = (Object.keys(handlers) as (keyof EventMap)[]).map(subscribe);
        if (client.onConnection) {
          offs.push(client.onConnection(connected));
          // The client may have opened before we subscribed.
          if (client.connection === 'open') connected('open');
        } else connected('open');
        // While a person looks at the page, snapshots refresh this often (a peer's close shows).
        const timer =
          refreshMs > 0
            ? setInterval(() => {
                const s = get();
                if (s.connection === 'open' && s.engine.state === 'running') void s.refreshSockets();
              }, refreshMs)
            : null;
        return () => {
          for (const off of offs) off();
          if (timer) clearInterval(timer);
          batch.cancel();
        };
      },

      async sync() {
        const held = get().live.log.total;
        let session;
        // Socket events that arrive while the session answers are newer than its socket list.
        refreshWindow.asked();
        try {
          session = await client.request('session', {});
          const sockets = refreshWindow.answered(session.sockets);
          const s = session;
          apply(() => ({ engine: s.engine, info: s.info, tmpDir: s.tmpDir, notices: s.notices, logStopped: s.logStopped, sockets, waiting: s.waiting }));
        } catch (e) {
          get().refuse('session', e);
          return;
        } finally {
          refreshWindow.settled();
        }
        await get().resumeLog(session.logTotal, held);
      },
    };
  };
}
