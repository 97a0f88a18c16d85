// The page's link to the session: the transport's state, the engine's status and info. It
// subscribes the session's events while the page listens (each slice handles its own). On
// (re)connecting, and when a new engine runs after a crash, the page takes the session's state up
// again (sync).
import type { StateCreator } from 'zustand/vanilla';
import type { EngineStatus } from '../../../shared/contract';
import type { LinkState } from '../../../shared/rpc/port';
import type { EngineInfo } from '../../../shared/record';
import type { WorkbenchClient } from '../client';
import type { CallsSlice } from './calls';
import type { CaptureSlice } from './capture';
import type { EventBatch } from './event-batch';
import type { LiveLogSlice } from './live-log';
import type { RefusalSlice } from './refusal';
import type { SessionEvents } from './session-events';
import type { SocketsSlice } from './sockets';
import type { TlsObjectsSlice } from './tls-objects';

export interface ConnectionSlice {
  connection: LinkState;
  engine: EngineStatus;
  info: EngineInfo | null;
  /** What `{tmp}` in a scenario's addr stands for in this session. */
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

type Needs = ConnectionSlice & SocketsSlice & TlsObjectsSlice & LiveLogSlice & CallsSlice & RefusalSlice & CaptureSlice;

export function createConnectionSlice(client: WorkbenchClient, batch: EventBatch<Needs>, events: SessionEvents, refreshMs: number): StateCreator<Needs, [], [], ConnectionSlice> {
  return (set, get) => {
    const { apply } = batch;
    events.on('engine', (p) => {
      const was = get().engine.state;
      apply(() => ({ engine: p }));
      // A new engine after a crash: its info and (empty) socket table come from the session.
      if (p.state === 'running' && was !== 'running') void get().sync();
    });
    events.on('logStopped', (p) => apply(() => ({ logStopped: p.reason })));

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
        const offs = [events.listen(client)];
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
        try {
          // Socket events that arrive while the session answers are newer than its socket list.
          session = await get().takeSocketsFrom(() => client.request('session', {}), (answer) => answer.sockets);
        } catch (e) {
          get().refuse('session', e);
          return;
        }
        const s = session;
        apply(() => ({ engine: s.engine, info: s.info, tmpDir: s.tmpDir, notices: s.notices, logStopped: s.logStopped }));
        get().takeWaiting(s.waiting);
        get().takeCapture(s.capture);
        get().takeTlsObjects(s.objects);
        await get().resumeLog(session.logTotal, held);
      },
    };
  };
}
