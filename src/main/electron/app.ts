// The Electron main process: one hardened window on app://, the contract over guarded IPC,
// the engine in a utilityProcess that the Session restarts when it dies.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session as electronSessions } from 'electron';
import { EngineClient, startEngine, type EngineStartOptions } from '../engine-host';
import { Session } from '../session/session';
import { contentSecurityPolicy } from '../security-policy';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, appProtocolHandler, isAppUrl } from './app-protocol';
import { utilityEngineProcess } from './engine-channel';
import { libraryConsent } from './library-consent';
import { denyPermissions, hardenWebContents } from './hardening';
import { serveWindowsOverIpc } from './ipc';
import { createWorkbenchWindow } from './window-options';
import { rootNotice } from './run-as-root';

export interface ElectronAppPaths {
  rendererDir: string;
  preload: string;
}

/** Where the built renderer and preload are, beside out/main/index.js. */
function builtPaths(): ElectronAppPaths {
  return {
    rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
  };
}

export interface RunningApp {
  session: Session;
  window: BrowserWindow;
}

/** Registers what must precede `ready`, then opens the window once Electron is ready. */
export function runElectronApp(paths: ElectronAppPaths = builtPaths(), warn: (m: string) => void = (m) => process.stderr.write(m + '\n')): Promise<RunningApp> {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  app.enableSandbox();
  // The dev server is trusted only in an unpackaged run that electron-vite dev started.
  const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const isTrustedUrl = (url: string) => isAppUrl(url, devServer);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isTrustedUrl));

  const engineOpts: EngineStartOptions = { libcrypto: app.commandLine.getSwitchValue('libcrypto') || undefined };
  let session: Session | null = null;
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!session) return;
    // Stop the engine (closing its sockets) before the process goes.
    event.preventDefault();
    const closing = session;
    session = null;
    void closing.close().finally(() => app.quit());
  });

  return app.whenReady().then(async () => {
    const defaultSession = electronSessions.defaultSession;
    denyPermissions(defaultSession);
    if (devServer) {
      // Vite's dev server needs its HMR socket; production pages get the policy from app://.
      const devPolicy = contentSecurityPolicy([devServer.replace(/^http/, 'ws')]);
      defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devPolicy] } }));
    }
    protocol.handle(APP_SCHEME, appProtocolHandler(paths.rendererDir));
    const utilityEngine = async (opts: EngineStartOptions) => {
      const engine = new EngineClient(utilityEngineProcess(opts));
      await engine.ready;
      return engine;
    };
    let window: BrowserWindow | null = null;
    session = Session.open({
      startEngine: () => utilityEngine(engineOpts),
      // Compare may load any library the person names and confirms: it is their own machine. One
      // that needs another node (a newer glibc) runs under that node as a child process.
      compare: {
        allowed: null,
        confirm: libraryConsent(dialog, () => window),
        start: (o) => (o.libcrypto === undefined ? utilityEngine(engineOpts) : o.engineNode ? startEngine({ libcrypto: o.libcrypto, engineNode: o.engineNode }) : utilityEngine({ libcrypto: o.libcrypto })),
      },
      hostDataDir: app.getPath('userData'),
      host: 'window',
      // Packaged, the shipped scenarios sit beside the asar (electron-builder's extraResources).
      scenarioDir: app.isPackaged && process.resourcesPath ? join(process.resourcesPath, 'scenarios') : undefined,
      notices: [rootNotice(app.commandLine)].filter((n): n is string => n !== null),
      warn,
    });
    const served = session;
    serveWindowsOverIpc(ipcMain, (port) => served.serve(port), isTrustedUrl, warn);
    const shown = createWorkbenchWindow(paths.preload);
    window = shown;
    shown.once('ready-to-show', () => shown.show());
    await shown.loadURL(devServer ?? APP_URL);
    return { session, window: shown };
  });
}
