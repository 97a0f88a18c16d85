// The bytes a step moved, as text and as hex: first-connection's "hello" is read off the stage.
import type { CallRecord } from '../../../../shared/record';
import { dataText, hexBytes, hexLength } from '../../../../shared/data-bytes';

/** At most this many bytes are spelt out; a longer transfer says how many more. */
const SHOWN = 48;

/** Text as a person reads it: control bytes as \n, \r, \t or \xNN, so nothing is hidden. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function spacedHex(hex: string): string {
  return [...hexBytes(hex)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function BytesMoved({ record }: { record: CallRecord }) {
  if (record.bulk) {
    const b = record.bulk;
    return (
      <p className="card-bytes">
        {b.direction === 'write' ? 'Wrote' : 'Read'} {b.bytes.toLocaleString('en')} bytes in {b.calls.toLocaleString('en')} calls{b.eof ? ', to end of file' : ''}.
      </p>
    );
  }
  if (!record.data) return null;
  const n = hexLength(record.data.hex);
  if (n === 0) return <p className="card-bytes">No bytes moved.</p>;
  const head = record.data.hex.replace(/\s+/g, '').slice(0, SHOWN * 2);
  const more = n > SHOWN ? ` … and ${(n - SHOWN).toLocaleString('en')} more` : '';
  const verb = record.call === 'BIO_read' ? 'read' : 'written';
  return (
    <div className="card-bytes" role="group" aria-label="Bytes moved">
      <p>
        {n} {n === 1 ? 'byte' : 'bytes'} {verb}: <span className="card-bytes-text">“{visible(dataText({ hex: head }) ?? '')}”</span>
        {more}
      </p>
      <p className="card-bytes-hex">
        hex <code>{spacedHex(head)}</code>
        {more}
      </p>
    </div>
  );
}
