// The contract over Electron IPC. The one listener on our channel is wrapped once: a message from
// a frame that is not the window's main frame, or from a page not of our origin, is refused before
// the message layer (or the contract's schema) sees it. Each window's page is one link.
import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import { IPC_CHANNEL } from '../../shared/channels';
import { readClientMessage, type Envelope } from '../../shared/rpc/envelope';
import { BasePort, type Port } from '../../shared/rpc/port';

export type TrustedUrl = (url: string) => boolean;

/** Why a sender is refused, or null when it is our window's main frame showing our page. */
function senderRefusal(event: Pick<IpcMainEvent, 'sender' | 'senderFrame'>, isTrustedUrl: TrustedUrl): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null || frame !== event.sender.mainFrame) return 'the message came from a subframe, not the main frame';
  if (!isTrustedUrl(frame.url)) return `the sending page ${JSON.stringify(frame.url.slice(0, 200))} is not the workbench's own`;
  return null;
}

/** ipcMain.on behind the sender checks; the only way this app listens to the page. */
function listenGuarded(ipcMain: IpcMain, isTrustedUrl: TrustedUrl, warn: (m: string) => void, listener: (event: IpcMainEvent, message: unknown) => void): void {
  ipcMain.on(IPC_CHANNEL, (event, message: unknown) => {
    const why = senderRefusal(event, isTrustedUrl);
    if (!why) return listener(event, message);
    warn(`IPC on ${IPC_CHANNEL} refused: ${why}`);
    // The refused frame learns why, for the request it named; nothing else is sent to it.
    const checked = readClientMessage(message);
    const id = checked.ok ? checked.envelope.id : checked.id;
    event.reply(IPC_CHANNEL, { type: 'response', id, ok: false, error: { code: 'invalid-request', field: 'sender', message: `sender refused: ${why}` } } satisfies Envelope);
  });
}

/** A window's page as a link: envelopes to it only while it shows our page; it ends with the page. */
class WindowPort extends BasePort {
  constructor(
    private readonly contents: WebContents,
    private readonly isTrustedUrl: TrustedUrl,
  ) {
    super('open');
    const end = (reason: string) => () => this.setState('closed', reason);
    contents.once('destroyed', end('the window closed'));
    contents.once('render-process-gone', end('the page crashed'));
    // A reload or navigation is a new page, and its requests start a new link; a change of the
    // fragment or of history in the same page is not (its requests in flight must still be answered).
    const navigated = (details: { isMainFrame?: boolean; isSameDocument?: boolean }, _url?: string, isInPlace?: boolean, isMainFrame?: boolean) => {
      if ((details?.isMainFrame ?? isMainFrame) === false || (details?.isSameDocument ?? isInPlace) === true) return;
      contents.off('did-start-navigation', navigated);
      this.setState('closed', 'the page navigated');
    };
    contents.on('did-start-navigation', navigated);
  }

  send(message: Envelope): void {
    if (!this.contents.isDestroyed() && this.isTrustedUrl(this.contents.getURL())) this.contents.send(IPC_CHANNEL, message);
  }

  close(): void {
    this.setState('closed', 'closed by the host');
  }
}

/** Serves each window's page as a link of its own, created on its first message. */
export function serveWindowsOverIpc(ipcMain: IpcMain, serve: (port: Port) => void, isTrustedUrl: TrustedUrl, warn: (m: string) => void): void {
  const links = new Map<WebContents, WindowPort>();
  listenGuarded(ipcMain, isTrustedUrl, warn, (event, message) => {
    let link = links.get(event.sender);
    if (!link || link.state === 'closed') {
      const port = new WindowPort(event.sender, isTrustedUrl);
      links.set(event.sender, port);
      port.onState((state) => state === 'closed' && links.get(event.sender) === port && links.delete(event.sender));
      serve(port);
      link = port;
    }
    link.receive(message);
  });
}
