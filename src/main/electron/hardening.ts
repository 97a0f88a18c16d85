// What a page of this app may never do: navigate away, open windows, embed webviews, or be
// granted a permission (camera, notifications, ...). The workbench needs none of them.
import type { Session as ElectronSession, WebContents } from 'electron';
import type { TrustedUrl } from './ipc';

export function hardenWebContents(contents: WebContents, isTrustedUrl: TrustedUrl): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  // will-navigate sees only the main frame; this one sees subframes too.
  contents.on('will-frame-navigate', (event) => {
    if (!isTrustedUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function denyPermissions(session: ElectronSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
