// The host's end of a page's WebSocket: JSON text frames carrying the envelope, those of one turn
// batched into one frame (rpc/batch.ts). A frame that is not JSON reaches the server as unreadable
// (it answers why); a page that stops reading is cut off.
import type { RawData, WebSocket } from 'ws';
import { UnreadableMessage, type Envelope } from '../../shared/rpc/envelope';
import { BasePort } from '../../shared/rpc/port';
import { Batcher, type BatchEnvelope } from '../../shared/rpc/batch';

/** Largest frame a host accepts; a BIO_write of the largest data as hex fits. */
export const MAX_FRAME_BYTES = 40 * 1024 * 1024;
/** A page that reads nothing while its queue grows past this is cut off, not buffered forever. */
const MAX_BUFFERED_BYTES = 256 * 1024 * 1024;
/** A batch frame longer than this is sent as its envelopes instead. */
export const MAX_BATCH_FRAME_CHARS = 8 * 1024 * 1024;

export class WebSocketPort extends BasePort {
  private readonly batcher: Batcher;

  /** The envelopes sent in one turn (a call's events and its answer) leave as one frame, after the turn. */
  constructor(
    private readonly ws: WebSocket,
    private readonly warn: (m: string) => void,
    private readonly maxBufferedBytes = MAX_BUFFERED_BYTES,
  ) {
    super(ws.readyState === ws.OPEN ? 'open' : 'closed');
    this.batcher = new Batcher((message) => this.write(message), setImmediate);
    ws.on('message', (data: RawData, isBinary: boolean) => this.receive(isBinary ? new UnreadableMessage('expected a text frame of JSON, got binary') : parse(data)));
    ws.on('close', (code: number) => this.setState('closed', `the WebSocket closed (${code})`));
    // Oversized frames: ws closes with 1009 (Message Too Big) and reports it here; the host goes on.
    ws.on('error', (e: Error) => warn(`WebSocket error: ${e.message}`));
  }

  send(message: Envelope): void {
    if (this.ws.readyState === this.ws.OPEN) this.batcher.send(message);
  }

  close(): void {
    this.batcher.flush();
    this.ws.close(1001, 'the workbench is stopping');
  }

  private write(message: Envelope | BatchEnvelope): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      this.warn('a page stopped reading its WebSocket; it was disconnected');
      this.ws.terminate();
      return;
    }
    const text = JSON.stringify(message);
    // A turn that carried large records (a 16 MiB read is 32 MiB of hex, in its log entry and its answer) goes frame by frame, as a client's frame limit expects.
    if (message.type === 'batch' && text.length > MAX_BATCH_FRAME_CHARS) for (const one of message.messages) this.ws.send(JSON.stringify(one));
    else this.ws.send(text);
  }
}

function parse(data: RawData): unknown {
  try {
    return JSON.parse(data.toString());
  } catch (e) {
    return new UnreadableMessage(`the frame is not JSON: ${(e as Error).message}`);
  }
}
