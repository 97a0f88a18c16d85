// Every socket the engine holds, virtualised (10,000 stay usable, one event renders one row):
// addresses, TCP state, the options requested vs those the kernel applied (differences marked),
// its TCP_INFO on demand, and per-socket actions, among them copying its equivalent commands
// and capture filters. The list grows with its rows up to the space the column gives it.
import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench, useWorkbenchStore } from '../store/context';
import { nextSocketName, socketLabel } from '../store/composer-model';
import type { SocketSnapshot } from '../../../shared/record';
import { ADDRESS_FIELD_ID } from './Composer';
import { DATA_PAYLOAD_ID } from './DataPane';
import { CopiedText } from './CopiedText';
import { SocketHandoffs } from './SocketHandoffs';
import { stateClass } from './socket-state';
import { TcpInfoPanel } from './TcpInfoPanel';

const ROW_ESTIMATE = 76;

export interface OptionDiff {
  name: string;
  requested: boolean | number | undefined;
  applied: boolean | number | undefined;
  differs: boolean;
}

function show(v: boolean | number | undefined): string {
  return v === undefined ? 'unset' : v === true ? 'on' : v === false ? 'off' : String(v);
}

/** Options someone asked for, and options the kernel has on; a request not honoured differs. */
export function optionDiffs(s: Pick<SocketSnapshot, 'requested' | 'applied'>): OptionDiff[] {
  const names = new Set([...Object.keys(s.requested), ...Object.keys(s.applied).filter((k) => s.applied[k] !== false && s.applied[k] !== 0)]);
  return [...names].sort().map((name) => {
    const requested = s.requested[name];
    const applied = s.applied[name];
    return { name, requested, applied, differs: requested !== undefined && requested !== applied };
  });
}

function refOf(s: SocketSnapshot): string | number {
  return s.name ?? s.fd;
}

function focusLater(id: string) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** Each option the socket was asked for or has, marked where the kernel applied other than requested. */
function SocketOptions({ s, label }: { s: SocketSnapshot; label: string }) {
  const diffs = optionDiffs(s);
  return (
    <ul className="socket-options" aria-label={`Options of ${label}`}>
      {diffs.map((d) => (
        <li key={d.name} className={d.differs ? 'option differs' : 'option'}>
          {d.differs ? (
            <mark>
              {d.name}: requested {show(d.requested)}, applied {show(d.applied)}
            </mark>
          ) : (
            <>
              {d.name} {show(d.applied)}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Memoised: an event replaces one snapshot, and only that row renders again. */
const SocketRow = memo(function SocketRow({ s, tcpInfoOpen }: { s: SocketSnapshot; tcpInfoOpen: boolean }) {
  const store = useWorkbenchStore();
  const tcpInfoId = `tcp-info-${s.fd}`;
  const label = socketLabel(s);
  const run = store.getState().runStep;
  const canTalk = s.role === 'client' || s.role === 'accepted' || s.role === 'datagram';
  return (
    <div className="socket-row" role="listitem" aria-label={`Socket ${label}`}>
      <div className="socket-id">
        <strong className="socket-name">{label}</strong> <span className="muted">fd {s.fd}</span> <span className={`role role-${s.role}`}>{s.role}</span>{' '}
        <span className="muted">
          {s.family} {s.type}
        </span>
      </div>
      <div className="socket-addrs">
        <span>
          <span className="muted">local </span>
          {s.local ?? '—'}
        </span>{' '}
        <span>
          <span className="muted">peer </span>
          {s.peer ?? '—'}
        </span>{' '}
        <span className={stateClass(s)}>{s.state ?? 'no TCP state'}</span>
        {s.soError !== 0 ? <span className="warn"> SO_ERROR {s.soError}</span> : null}
      </div>
      <SocketOptions s={s} label={label} />
      <div className="socket-actions">
        {s.role === 'listener' ? (
          <button type="button" aria-label={`Accept on ${label}`} onClick={() => void run({ call: 'BIO_accept_ex', sock: refOf(s), as: nextSocketName('BIO_accept_ex', store.getState().sockets) ?? undefined })}>
            Accept
          </button>
        ) : null}
        {s.role === 'new' || s.role === 'bound' ? (
          <button
            type="button"
            aria-label={`Connect ${label}`}
            onClick={() => {
              store.getState().chooseCall('BIO_connect', { sock: label });
              focusLater(ADDRESS_FIELD_ID);
            }}
          >
            Connect…
          </button>
        ) : null}
        {canTalk ? (
          <>
            <button
              type="button"
              aria-label={`Send on ${label}`}
              onClick={() => {
                store.getState().setData({ sock: label });
                focusLater(DATA_PAYLOAD_ID);
              }}
            >
              Send…
            </button>
            <button type="button" aria-label={`Read from ${label}`} onClick={() => void store.getState().read(label)}>
              Read
            </button>
          </>
        ) : null}
        <button type="button" aria-label={`Close ${label}`} onClick={() => void run({ call: 'BIO_closesocket', sock: refOf(s) })}>
          Close
        </button>
        {s.tcpInfo ? (
          <button type="button" aria-label={`TCP_INFO of ${label}`} aria-expanded={tcpInfoOpen} aria-controls={tcpInfoOpen ? tcpInfoId : undefined} onClick={() => store.getState().toggleTcpInfo(s.fd)}>
            TCP_INFO
          </button>
        ) : null}
        <SocketHandoffs s={s} label={label} />
      </div>
      {tcpInfoOpen ? <TcpInfoPanel id={tcpInfoId} label={label} info={s.tcpInfo} /> : null}
    </div>
  );
});

export function Sockets() {
  const { sockets, tcpInfoOpen } = useWorkbench(useShallow((s) => ({ sockets: s.sockets, tcpInfoOpen: s.tcpInfoOpen })));
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sockets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (i) => sockets[i].fd,
    overscan: 6,
  });
  return (
    <section className="panel sockets" aria-labelledby="sockets-title">
      <h2 id="sockets-title">
        Sockets <span className="count">{sockets.length}</span>
      </h2>
      {sockets.length === 0 ? <p className="muted">No sockets yet: run BIO_socket.</p> : null}
      {/* As tall as its rows, up to the stylesheet's max-height; then it scrolls. */}
      <div className="scroller sockets-scroller" ref={scrollRef} style={{ height: sockets.length ? virtualizer.getTotalSize() + 2 : undefined }}>
        {/* A list only while it has items: an empty list announces nothing a person could use. */}
        <div {...(sockets.length ? { role: 'list', 'aria-label': 'Sockets' } : {})} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` }}>
              <SocketRow s={sockets[v.index]} tcpInfoOpen={tcpInfoOpen.has(sockets[v.index].fd)} />
            </div>
          ))}
        </div>
      </div>
      <CopiedText />
    </section>
  );
}
