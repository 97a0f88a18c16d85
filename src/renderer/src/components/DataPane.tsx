// Send text or hex on a socket, read from it, and see what arrived as text and as hex. A partial
// write's unsent rest is kept here to send again. Many bytes go in a loop (BulkTransfer).
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { socketLabel } from '../store/composer-model';
import type { ReceivedChunk } from '../store/data';
import { BulkTransfer } from './BulkTransfer';

export const DATA_PAYLOAD_ID = 'data-payload';

/** Hex as pairs separated by spaces, for reading. */
export function spacedHex(hex: string): string {
  return hex.replace(/\s+/g, '').replace(/(..)(?=.)/g, '$1 ').toUpperCase();
}

export function DataPane() {
  const { data, sockets, setData, send, sendUnsent, read } = useWorkbench(
    useShallow((s) => ({ data: s.data, sockets: s.sockets, setData: s.setData, send: s.send, sendUnsent: s.sendUnsent, read: s.read })),
  );
  const ids = useId();
  const talkers = sockets.filter((s) => s.role === 'client' || s.role === 'accepted' || s.role === 'datagram');
  return (
    <section className="panel data-pane" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Data</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div className="field">
          <label htmlFor={`${ids}-sock`}>Socket</label>
          <input id={`${ids}-sock`} list={`${ids}-socks`} value={data.sock} autoComplete="off" onChange={(e) => setData({ sock: e.target.value })} placeholder="name or fd" />
          <datalist id={`${ids}-socks`}>
            {talkers.map((s) => (
              <option key={s.fd} value={socketLabel(s)}>{`fd ${s.fd}, ${s.role}`}</option>
            ))}
          </datalist>
        </div>
        <fieldset className="format">
          <legend>Format</legend>
          <label>
            <input type="radio" name={`${ids}-format`} checked={data.format === 'text'} onChange={() => setData({ format: 'text' })} /> Text
          </label>
          <label>
            <input type="radio" name={`${ids}-format`} checked={data.format === 'hex'} onChange={() => setData({ format: 'hex' })} /> Hex
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={DATA_PAYLOAD_ID}>Data to send</label>
          <textarea
            id={DATA_PAYLOAD_ID}
            rows={2}
            value={data.payload}
            spellCheck={false}
            aria-invalid={data.payloadError ? true : undefined}
            aria-describedby={data.payloadError ? `${ids}-payload-error` : undefined}
            onChange={(e) => setData({ payload: e.target.value })}
            placeholder={data.format === 'hex' ? '68 65 6c 6c 6f' : 'hello'}
          />
        </div>
        {data.payloadError ? (
          <p id={`${ids}-payload-error`} className="field-error" role="alert" aria-label="Data to send error">
            {data.payloadError}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="primary">
            Send
          </button>
          <label htmlFor={`${ids}-max`}>Max bytes</label>
          <input id={`${ids}-max`} className="narrow" inputMode="numeric" value={data.max} onChange={(e) => setData({ max: e.target.value })} />
          <button type="button" onClick={() => void read()}>
            Read
          </button>
        </div>
        <BulkTransfer />
      </form>
      {data.unsent ? (
        <div className="unsent" role="status" aria-label="Unsent data">
          {data.unsent.bytes.hex.length / 2} byte(s) were not sent on {data.unsent.sock} (BIO_write took {data.unsent.sent}).{' '}
          <button type="button" onClick={() => void sendUnsent()}>
            Send the unsent rest
          </button>
        </div>
      ) : null}
      <ReceivedBytes sock={data.sock} chunks={data.received[data.sock] ?? []} />
    </section>
  );
}

/** What was read on the chosen socket, as text and as hex. */
function ReceivedBytes({ sock, chunks }: { sock: string; chunks: ReceivedChunk[] }) {
  // A read loop's bytes between its first and last ones are not held: the gap says how many.
  const gap = (c: ReceivedChunk) => (c.elided > 0 ? ` … ${c.elided.toLocaleString('en')} more bytes … ` : '');
  const text = chunks.map((c) => `${c.text}${gap(c)}${c.tailText}`).join('');
  const hex = chunks.map((c) => [spacedHex(c.hex), gap(c).trim(), spacedHex(c.tailHex)].filter(Boolean).join(' ')).join(' ');
  return (
    <div className="received">
      <h3>Received on {sock || '…'}</h3>
      <div className="field">
        <span className="muted">text</span>
        <output aria-label="Received text" className="received-text">
          {text}
        </output>
      </div>
      <div className="field">
        <span className="muted">hex</span>
        <output aria-label="Received hex" className="received-hex">
          {hex}
        </output>
      </div>
      <p className="muted">{chunks.length ? `${chunks.length} read(s), ${chunks.reduce((n, c) => n + c.bytes, 0)} byte(s)` : 'Nothing read yet.'}</p>
    </div>
  );
}
