// Every main-side IPC handler is wrapped once: a message on a channel not ours, from a frame
// that is not the window's main frame, or from a page not of our origin is refused before any
// handler (or the contract's schema) sees it.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENTS, parseRequest, type ContractError } from '../../shared/contract';
import { toContractError, type Session } from '../session';
import { EVENT_CHANNEL, OUR_CHANNELS, REQUEST_CHANNEL, type EventEnvelope, type RequestEnvelope, type RequestOutcome } from './channels';

export type TrustedUrl = (url: string) => boolean;

/** Why a sender is refused, or null when it is our window's main frame showing our page. */
export function senderRefusal(event: IpcMainInvokeEvent, isTrustedUrl: TrustedUrl): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null || frame !== event.sender.mainFrame) return 'the message came from a subframe, not the main frame';
  if (!isTrustedUrl(frame.url)) return `the sending page ${JSON.stringify(frame.url.slice(0, 200))} is not the workbench's own`;
  return null;
}

const refused = (field: string, message: string): RequestOutcome => ({ ok: false, error: { code: 'invalid-request', field, message } satisfies ContractError });

/** ipcMain.handle behind the sender checks; the only way this app registers a handler. */
export function handleGuarded(ipcMain: IpcMain, channel: string, isTrustedUrl: TrustedUrl, warn: (m: string) => void, handler: (payload: unknown) => Promise<RequestOutcome>): void {
  if (!OUR_CHANNELS.includes(channel)) throw new Error(`refusing to handle ${channel}: not one of this app's channels`);
  ipcMain.handle(channel, async (event, payload: unknown) => {
    const why = senderRefusal(event, isTrustedUrl);
    if (why) {
      warn(`IPC on ${channel} refused: ${why}`);
      return refused('sender', `sender refused: ${why}`);
    }
    return handler(payload);
  });
}

/** The contract over IPC: sender checks, then the contract's schema, then the session. */
export function serveContractOverIpc(ipcMain: IpcMain, session: Session, isTrustedUrl: TrustedUrl, warn: (m: string) => void): void {
  handleGuarded(ipcMain, REQUEST_CHANNEL, isTrustedUrl, warn, async (payload) => {
    const envelope = payload as Partial<RequestEnvelope> | null;
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.method !== 'string') return refused('method', 'expected {method, input} with method a string');
    try {
      // Inside the try: a schema that throws must still answer with an outcome, not reject the invoke.
      const parsed = parseRequest(envelope.method, envelope.input);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      return { ok: true, result: await session.answer(parsed) };
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
  });
}

/** Sends every session event to the windows showing our page. Returns a stop function. */
export function broadcastEvents(session: Session, windows: () => WebContents[], isTrustedUrl: TrustedUrl): () => void {
  const offs = EVENTS.map((event) =>
    session.on(event, (payload) => {
      const envelope = { event, payload } as EventEnvelope;
      for (const contents of windows()) {
        if (!contents.isDestroyed() && isTrustedUrl(contents.getURL())) contents.send(EVENT_CHANNEL, envelope);
      }
    }),
  );
  return () => offs.forEach((off) => off());
}
