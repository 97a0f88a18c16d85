// The host's end of a page's WebSocket: JSON text frames carrying the envelope. A frame that is
// not JSON reaches the server as unreadable (it answers why); a page that stops reading is cut off.
import type { RawData, WebSocket } from 'ws';
import { UnreadableMessage, type Envelope } from '../../shared/rpc/envelope';
import { BasePort } from '../../shared/rpc/port';

/** Largest frame a host accepts; a BIO_write of the largest data as hex fits. */
export const MAX_FRAME_BYTES = 40 * 1024 * 1024;
/** A page that reads nothing while its queue grows past this is cut off, not buffered forever. */
const MAX_BUFFERED_BYTES = 256 * 1024 * 1024;

/** The TCP stream under a WebSocket, whose writes can be held and sent together. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export class WebSocketPort extends BasePort {
  private corked = false;

  /** `stream`: the WebSocket's TCP stream; the frames of one turn (a call's events and its answer) then leave in one write. */
  constructor(
    private readonly ws: WebSocket,
    private readonly warn: (m: string) => void,
    private readonly stream: Corkable | null = null,
    private readonly maxBufferedBytes = MAX_BUFFERED_BYTES,
  ) {
    super(ws.readyState === ws.OPEN ? 'open' : 'closed');
    ws.on('message', (data: RawData, isBinary: boolean) => this.receive(isBinary ? new UnreadableMessage('expected a text frame of JSON, got binary') : parse(data)));
    ws.on('close', (code: number) => this.setState('closed', `the WebSocket closed (${code})`));
    // Oversized frames: ws closes with 1009 (Message Too Big) and reports it here; the host goes on.
    ws.on('error', (e: Error) => warn(`WebSocket error: ${e.message}`));
  }

  send(message: Envelope): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      this.warn('a page stopped reading its WebSocket; it was disconnected');
      this.ws.terminate();
      return;
    }
    if (this.stream && !this.corked) {
      this.corked = true;
      this.stream.cork();
      setImmediate(() => {
        this.corked = false;
        this.stream?.uncork();
      });
    }
    this.ws.send(JSON.stringify(message));
  }

  close(): void {
    this.ws.close(1001, 'the workbench is stopping');
  }
}

function parse(data: RawData): unknown {
  try {
    return JSON.parse(data.toString());
  } catch (e) {
    return new UnreadableMessage(`the frame is not JSON: ${(e as Error).message}`);
  }
}
