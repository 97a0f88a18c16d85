// The one window: every web preference the Electron security checklist names, spelled out in the
// literal passed to `new BrowserWindow`, where Electronegativity's static checks can read it.
import { BrowserWindow } from 'electron';

export function createWorkbenchWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 560,
    title: 'BIO Socket Workbench',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle-click on a link asks for a new window; denied anyway, and off at the source.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
