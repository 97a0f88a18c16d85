// A stand-in for the `electron` module in unit tests (Electron's binary cannot run here). It
// records what the app asks of Electron; utilityProcess.fork starts the real engine with node,
// which talks to its host over process.parentPort as under Electron.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';

export const calls: string[] = [];

class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  url = '';
  readonly mainFrame = new FakeFrame('');
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  /** Main to page, as Electron carries it: a structured clone, heard by the preload's ipcRenderer. */
  send(channel: string, payload: unknown): void {
    const copy = structuredClone(payload);
    this.sent.push({ channel, payload: copy });
    this.emit('sent', channel, copy);
    ipcRenderer.deliver(this, channel, copy);
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
  commandLine = {
    /** Chromium switches the app was started with (as `--name=value`). */
    switches: new Map<string, string>(),
    getSwitchValue(name: string): string {
      return this.switches.get(name) ?? '';
    },
    hasSwitch(name: string): boolean {
      return this.switches.has(name);
    },
  };
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

/** What a main-side listener gets for a message: who sent it, and a way to answer that frame alone. */
export interface FakeIpcEvent {
  sender: FakeWebContents;
  senderFrame: { url: string; parent: unknown } | null;
  reply(channel: string, payload: unknown): void;
}

type MainListener = (event: FakeIpcEvent, message: unknown) => void;

export const ipcMain = {
  listeners: new Map<string, MainListener[]>(),
  on(channel: string, listener: MainListener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  },
  /** Page to main, as Electron carries it: a structured clone (which throws for what cannot be cloned), from a frame. */
  emitFrom(sender: FakeWebContents, senderFrame: FakeIpcEvent['senderFrame'], channel: string, message: unknown): void {
    const copy = structuredClone(message);
    const event: FakeIpcEvent = {
      sender,
      senderFrame,
      reply: (ch, payload) => void sender.emit('replied', ch, structuredClone(payload), senderFrame),
    };
    for (const l of this.listeners.get(channel) ?? []) l(event, copy);
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
    // The engine inside then finds process.parentPort, as in a real utilityProcess.
    const bootstrap = fileURLToPath(new URL('../testing/utility-process-bootstrap.ts', import.meta.url));
    const child = fork(file, args, { execArgv: [...(options.execArgv ?? []), '--import', bootstrap], env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

/** The native message box: answers with the queued responses in order (Cancel when none is queued). */
export const dialog = {
  asked: [] as Array<{ message?: string; detail?: string; buttons?: string[] }>,
  responses: [] as number[],
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = args[args.length - 1] as { message?: string; detail?: string; buttons?: string[]; cancelId?: number };
    this.asked.push(options);
    return { response: this.responses.shift() ?? options.cancelId ?? 0, checkboxChecked: false };
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

/** Sends one message as `frame` of `sender` would; resolves with the answer naming its id (or null), on the page's channel or as a reply to that frame. */
export function askFrom(sender: FakeWebContents, frame: FakeIpcEvent['senderFrame'], channel: string, message: unknown): Promise<{ type: 'response'; id: number | null; ok: boolean; result?: unknown; error?: { code: string; field: string | null; message: string } }> {
  const id = (message as { id?: unknown } | null)?.id;
  return new Promise((resolve) => {
    const hear = (ch: string, payload: { type?: string; id?: unknown }) => {
      if (ch !== channel || payload.type !== 'response' || (payload.id !== id && payload.id !== null)) return;
      sender.off('sent', hear);
      sender.off('replied', hear);
      resolve(payload as never);
    };
    sender.on('sent', hear);
    sender.on('replied', hear);
    ipcMain.emitFrom(sender, frame, channel, message);
  });
}

type RendererListener = (event: { sender: unknown }, message: unknown) => void;

/** The preload's ipcRenderer, attached to one window's main frame. */
export const ipcRenderer = {
  attached: null as FakeWebContents | null,
  listeners: new Map<string, RendererListener[]>(),
  on(channel: string, listener: RendererListener) {
    ipcRenderer.listeners.set(channel, [...(ipcRenderer.listeners.get(channel) ?? []), listener]);
    return ipcRenderer;
  },
  send(channel: string, message: unknown): void {
    const contents = ipcRenderer.attached;
    if (!contents) throw new Error('the stub ipcRenderer is attached to no window');
    ipcMain.emitFrom(contents, contents.mainFrame, channel, message);
  },
  attach(contents: FakeWebContents): void {
    ipcRenderer.attached = contents;
  },
  deliver(contents: FakeWebContents, channel: string, message: unknown): void {
    if (contents !== ipcRenderer.attached) return;
    for (const l of ipcRenderer.listeners.get(channel) ?? []) l({ sender: ipcRenderer }, message);
  },
};
