// A stand-in for the `electron` module in unit tests (Electron's binary cannot run here). It
// records what the app asks of Electron; utilityProcess.fork starts the real engine with node.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

export const calls: string[] = [];

class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  url = '';
  readonly mainFrame = new FakeFrame('');
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
    this.emit('sent', channel, payload);
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  commandLine = { getSwitchValue: (_name: string) => '' };
  userData = '';
  enableSandbox(): void {
    calls.push('app.enableSandbox');
  }
  whenReady(): Promise<void> {
    calls.push('app.whenReady');
    return new Promise((r) => setTimeout(r, 0)).then(() => void calls.push('ready'));
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  }
  quit(): void {
    calls.push('app.quit');
  }
}
export const app = new FakeApp();

export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.windows;
  }
  readonly webContents = new FakeWebContents();
  constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
    super();
    BrowserWindow.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    calls.push(`loadURL ${url}`);
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
  }
  show(): void {}
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    calls.push('protocol.registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    calls.push(`protocol.handle ${scheme}`);
    this.handlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>): void {
    this.handlers.set(channel, handler);
  },
};

export const session = {
  defaultSession: {
    permissionRequestHandler: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
    setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void) {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: (...args: unknown[]) => boolean) {
      this.permissionCheckHandler = h;
    },
    webRequest: { onHeadersReceived: () => undefined },
  },
};

export const utilityProcess = {
  forks: [] as Array<{ file: string; args: string[]; options: Record<string, unknown> }>,
  fork(file: string, args: string[], options: { execArgv?: string[]; env?: NodeJS.ProcessEnv; serviceName?: string }) {
    this.forks.push({ file, args, options });
    const child = fork(file, args, { execArgv: options.execArgv, env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const proc = new EventEmitter() as EventEmitter & { pid: number | undefined; postMessage(m: unknown): void; kill(): boolean };
    proc.pid = child.pid;
    proc.postMessage = (m) => void (child.connected && child.send(m as never));
    proc.kill = () => child.kill('SIGKILL');
    child.on('message', (m) => proc.emit('message', m));
    // Electron reports only an exit code for a utility process.
    child.on('exit', (code) => proc.emit('exit', code ?? 1));
    return proc;
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoke: async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined,
  on: (_channel: string, _listener: unknown) => ipcRenderer,
};
