// The contract over one WebSocket: request frames in, response and event frames out, every
// request through the session (which validates it first). A bad frame gets an error, not a crash.
import type { WebSocket } from 'ws';
import { EVENTS, type ContractError } from '../../shared/contract';
import type { ClientFrame, HostFrame } from '../../shared/wire';
import { toContractError, type Session } from '../session';

/** A page that reads nothing while its queue grows past this is cut off, not buffered forever. */
const MAX_BUFFERED_BYTES = 256 * 1024 * 1024;

type FrameCheck = { ok: true; frame: ClientFrame } | { ok: false; id: number | null; error: ContractError };

const frameError = (id: number | null, field: string, message: string): FrameCheck => ({ ok: false, id, error: { code: 'invalid-request', field, message } });

/** Checks a text frame's envelope; the input inside is the session's to validate. */
export function parseClientFrame(text: string): FrameCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return frameError(null, 'frame', `the frame is not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return frameError(null, 'frame', 'the frame is not a JSON object: expected {type, id, method, input}');
  const f = value as Record<string, unknown>;
  const id = typeof f.id === 'number' && Number.isSafeInteger(f.id) && f.id >= 0 ? f.id : null;
  if (id === null) return frameError(null, 'id', 'expected id, a non-negative integer');
  if (f.type !== 'request') return frameError(id, 'type', 'expected type "request"');
  if (typeof f.method !== 'string') return frameError(id, 'method', 'expected method, a string');
  return { ok: true, frame: { type: 'request', id, method: f.method, input: f.input } };
}

export function serveContract(ws: WebSocket, session: Session, warn: (m: string) => void): void {
  const send = (frame: HostFrame) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      warn('a page stopped reading its WebSocket; it was disconnected');
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(frame));
  };
  const unsubscribe = EVENTS.map((event) => session.on(event, (payload) => send({ type: 'event', event, payload } as HostFrame)));
  ws.on('close', () => unsubscribe.forEach((off) => off()));
  // Oversized frames: ws closes with 1009 (Message Too Big) and reports it here; the host goes on.
  ws.on('error', (e) => warn(`WebSocket error: ${e.message}`));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ type: 'response', id: null, ok: false, error: { code: 'invalid-request', field: 'frame', message: 'expected a text frame of JSON, got binary' } });
    const checked = parseClientFrame(data.toString());
    if (!checked.ok) return send({ type: 'response', id: checked.id, ok: false, error: checked.error });
    const { id, method, input } = checked.frame;
    session.dispatch(method, input).then(
      (result) => send({ type: 'response', id, ok: true, result }),
      (e) => send({ type: 'response', id, ok: false, error: toContractError(e) }),
    );
  });
}
