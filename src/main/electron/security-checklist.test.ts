// Electron's security checklist (its 20 recommendations), one test per item, each run
// against the real main process modules with `electron` stubbed (its binary cannot run here).
// The subject is a packaged run (app.isPackaged) with a stray dev-server URL in the environment;
// a second, unpackaged dev run covers what differs under electron-vite dev.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from './app';
import { IPC_CHANNEL } from '../../shared/channels';
import type { Envelope } from '../../shared/rpc/envelope';
import type * as StubModule from './electron-stub';

/**
 * A fresh module registry with a fresh stubbed `electron` (vi.mock's would be shared by every run),
 * plus `shell`, so any call to shell.openExternal is recorded (checklist item 15).
 */
async function freshElectron(): Promise<Stub> {
  vi.resetModules();
  vi.doMock('electron', async () => ({
    ...(await import('./electron-stub')),
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => ''), showItemInFolder: vi.fn() },
  }));
  return (await import('electron')) as unknown as Stub;
}

type Stub = typeof StubModule & { shell: { openExternal: ReturnType<typeof vi.fn>; openPath: ReturnType<typeof vi.fn>; showItemInFolder: ReturnType<typeof vi.fn> } };
type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;

interface Started {
  stub: Stub;
  running: RunningApp;
  contents: StubModule.FakeWebContents;
  warnings: string[];
  switches: string[];
  engineForks: string[];
  headersListener: HeadersListener | null;
}

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const APP_PAGE = 'app://workbench/index.html';
const DEV_SERVER = 'http://localhost:5173';
const SECRET = 'SECRET-OUTSIDE-THE-RENDERER';
let root: string;
let rendererDir: string;
let prod: Started;
let dev: Started;
const savedEnv = { renderer: process.env.ELECTRON_RENDERER_URL, data: process.env.BIO_WORKBENCH_DATA_DIR };

/** Runs the main process in a fresh module registry, so each run gets its own stubbed Electron. */
async function startApp(mode: { packaged: boolean; rendererUrl: string; name: string }): Promise<Started> {
  const stub = await freshElectron();
  stub.app.isPackaged = mode.packaged;
  stub.app.userData = join(root, `userData-${mode.name}`);
  const switches: string[] = [];
  // Chromium switches the app might append (none is expected): recorded, not applied.
  Object.assign(stub.app.commandLine, { appendSwitch: (name: string, value?: string) => switches.push(value ? `${name}=${value}` : name), appendArgument: (a: string) => switches.push(a) });
  // No engine process: a utility process that exits at once. The Session reports it and carries on.
  const engineForks: string[] = [];
  stub.utilityProcess.fork = ((file: string) => {
    engineForks.push(file);
    const proc = Object.assign(new EventEmitter(), { pid: undefined, postMessage: () => undefined, kill: () => true });
    setImmediate(() => proc.emit('exit', 1));
    return proc;
  }) as never;
  let headersListener: HeadersListener | null = null;
  stub.session.defaultSession.webRequest.onHeadersReceived = ((l: HeadersListener) => void (headersListener = l)) as never;
  process.env.ELECTRON_RENDERER_URL = mode.rendererUrl;
  const { runElectronApp } = await import('./app');
  const warnings: string[] = [];
  const running = await runElectronApp({ rendererDir, preload: join(root, 'preload', 'index.cjs') }, (m) => warnings.push(m));
  const contents = stub.BrowserWindow.windows[0].webContents;
  return { stub, running, contents, warnings, switches, engineForks, headersListener };
}

/** Shipped source files (no tests, no stub) under src/<dir>, for what must never appear in them. */
function shippedSources(...dirs: string[]): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|html|mjs|cjs|js)$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'electron-stub.ts') out.push({ file: relative(repo, p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const d of dirs) walk(join(repo, 'src', d));
  return out;
}
const mentioning = (pattern: RegExp, ...dirs: string[]) => shippedSources(...dirs).filter((s) => pattern.test(s.text)).map((s) => s.file);

const prefs = (s: Started) => s.stub.BrowserWindow.windows[0].options.webPreferences as Record<string, unknown>;
const loadedUrls = (s: Started) => s.stub.calls.filter((c) => c.startsWith('loadURL ')).map((c) => c.slice('loadURL '.length));

/** Emits a navigation event the way Electron does and says whether the app prevented it. */
function prevented(contents: StubModule.FakeWebContents, event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
  const e = { url, isMainFrame: false, isSameDocument: false, frame: null, preventDefault: vi.fn() };
  if (event === 'will-frame-navigate') contents.emit(event, e);
  else contents.emit(event, e, url);
  return e.preventDefault.mock.calls.length > 0;
}

/** A CSP as directive -> sources. */
function parseCsp(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** What every policy of ours must hold: scripts from the app only, no eval, nothing remote, no plugins. */
function expectStrictCsp(policy: string, allowedConnect: string[]) {
  const csp = parseCsp(policy);
  expect(csp.get('default-src'), policy).toEqual(["'self'"]);
  expect(csp.get('script-src'), policy).toEqual(["'self'"]);
  expect(csp.get('object-src'), policy).toEqual(["'none'"]);
  expect(csp.get('base-uri'), policy).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), policy).toEqual(["'none'"]);
  expect(csp.get('connect-src'), policy).toEqual(["'self'", ...allowedConnect]);
  expect(policy).not.toMatch(/unsafe-eval|unsafe-hashes|strict-dynamic|\*/);
  for (const [name, sources] of csp) {
    for (const source of sources) {
      if (name === 'connect-src' && allowedConnect.includes(source)) continue;
      // Keywords, and data: images only; never a scheme or host that reaches off the machine, never inline.
      const ok = /^'(self|none)'$/.test(source) || (name === 'img-src' && source === 'data:');
      expect(ok, `${name} ${source} in ${policy}`).toBe(true);
    }
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bio-checklist-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'link.txt'));
  symlinkSync(root, join(rendererDir, 'escape'));
  process.env.BIO_WORKBENCH_DATA_DIR = join(root, 'data');
  // A dev-server URL left in the environment must not matter to a packaged app.
  prod = await startApp({ packaged: true, rendererUrl: DEV_SERVER, name: 'packaged' });
  dev = await startApp({ packaged: false, rendererUrl: DEV_SERVER, name: 'dev' });
});

afterAll(async () => {
  await prod?.running.session.close();
  await dev?.running.session.close();
  for (const [key, value] of [['ELECTRON_RENDERER_URL', savedEnv.renderer], ['BIO_WORKBENCH_DATA_DIR', savedEnv.data]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(root, { recursive: true, force: true });
});

describe("Electron's security checklist", () => {
  it('1. Only load secure content: the packaged app loads app:// alone, never a remote or dev-server URL', () => {
    expect(loadedUrls(prod)).toEqual([APP_PAGE]);
    expect(prevented(prod.contents, 'will-navigate', `${DEV_SERVER}/index.html`)).toBe(true);
    // The dev server is trusted only in an unpackaged run that electron-vite dev started.
    expect(loadedUrls(dev)).toEqual([DEV_SERVER]);
    expect(new URL(DEV_SERVER).hostname).toBe('localhost');
    expect(prod.headersListener).toBeNull();
    // The page itself pulls no script, style or image from the network.
    const html = readFileSync(join(repo, 'src', 'renderer', 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it('2. Do not enable Node.js integration for remote content: off in the window, its workers and subframes', () => {
    expect(prefs(prod)).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
    // Any other webContents (a popup or webview that slipped through) gets the same hardening.
    const other = new prod.stub.FakeWebContents();
    prod.stub.app.emit('web-contents-created', {}, other);
    expect(other.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(prevented(other, 'will-navigate', 'https://example.org/')).toBe(true);
    expect(mentioning(/\b(BrowserView|WebContentsView)\b/, 'main', 'preload')).toEqual([]);
  });

  it('3. Enable context isolation in all renderers', () => {
    expect(prefs(prod).contextIsolation).toBe(true);
    expect(prefs(dev).contextIsolation).toBe(true);
  });

  it('4. Enable process sandboxing: the window and, via app.enableSandbox() before ready, every renderer', () => {
    expect(prefs(prod).sandbox).toBe(true);
    const calls = prod.stub.calls;
    expect(calls).toContain('app.enableSandbox');
    expect(calls.indexOf('app.enableSandbox')).toBeLessThan(calls.indexOf('ready'));
    expect(prod.switches.filter((s) => /sandbox/i.test(s))).toEqual([]);
  });

  it('5. Handle session permission requests: every request and every check is denied, for our page too', () => {
    const ses = prod.stub.session.defaultSession;
    const foreign = new prod.stub.FakeWebContents();
    foreign.url = 'https://evil.example/';
    const permissions = ['media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'hid', 'serial', 'usb', 'idle-detection', 'storage-access', 'window-management', 'unknown'];
    for (const wc of [prod.contents, foreign]) {
      for (const permission of permissions) {
        const callback = vi.fn();
        (ses.permissionRequestHandler as (...a: unknown[]) => void)(wc, permission, callback, { requestingUrl: wc.getURL() });
        expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
        expect((ses.permissionCheckHandler as (...a: unknown[]) => boolean)(wc, permission, 'app://workbench', {}), permission).toBe(false);
      }
    }
    // The window uses the default session, the one whose handlers these are.
    expect(prefs(prod)).not.toHaveProperty('partition');
    expect(prefs(prod)).not.toHaveProperty('session');
  });

  it('6. Do not disable webSecurity', () => {
    expect(prefs(prod).webSecurity).toBe(true);
    expect(prod.switches.filter((s) => /web-security|site-isolation|ignore-certificate-errors/.test(s))).toEqual([]);
  });

  it("7. Define a Content-Security-Policy with restrictive rules (script-src 'self', no eval, nothing remote)", async () => {
    const handler = prod.stub.protocol.handlers.get('app')!;
    const page = await handler(new Request(APP_PAGE));
    expect(page.status).toBe(200);
    expectStrictCsp(page.headers.get('content-security-policy') ?? '', []);
    const missing = await handler(new Request('app://workbench/no-such-file.js'));
    expectStrictCsp(missing.headers.get('content-security-policy') ?? '', []);
    // Under electron-vite dev the header adds only the dev server's own HMR socket.
    expect(dev.headersListener).not.toBeNull();
    let devHeaders: Record<string, string[]> | undefined;
    dev.headersListener!({ url: `${DEV_SERVER}/`, responseHeaders: {} }, (r) => (devHeaders = r.responseHeaders));
    expectStrictCsp(devHeaders!['Content-Security-Policy'][0], ['ws://localhost:5173']);
    // The page's own meta policy is the same policy (a meta cannot carry frame-ancestors; the headers do).
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(join(repo, 'src', 'renderer', 'index.html'), 'utf8'));
    expect(meta).not.toBeNull();
    const { contentSecurityPolicy } = await import('../security-policy');
    const header = parseCsp(contentSecurityPolicy());
    header.delete('frame-ancestors');
    expect(parseCsp(meta![1])).toEqual(header);
    expectStrictCsp(`${meta![1]}; frame-ancestors 'none'`, []);
  });

  it('8. Do not enable allowRunningInsecureContent', () => {
    expect(prefs(prod).allowRunningInsecureContent).toBe(false);
    expect(prod.switches.filter((s) => /insecure/.test(s))).toEqual([]);
  });

  it('9. Do not enable experimental features', () => {
    expect(prefs(prod).experimentalFeatures).toBe(false);
    expect(prod.switches.filter((s) => /experimental/.test(s))).toEqual([]);
  });

  it('10. Do not use enableBlinkFeatures', () => {
    expect(prefs(prod)).not.toHaveProperty('enableBlinkFeatures');
    expect(prod.switches.filter((s) => /blink-features/.test(s))).toEqual([]);
  });

  // Item 11 (<webview> allowpopups) does not apply: the app has no <webview>. The test holds that premise.
  it('11. <webview>: do not use allowpopups (not applicable: webviews are off and never attach)', () => {
    expect(prefs(prod).webviewTag).toBe(false);
    const renderer = shippedSources('renderer');
    expect(renderer.length).toBeGreaterThan(0);
    expect(renderer.filter((s) => /<webview|allowpopups/i.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it('12. <webview>: verify options and params (every attach is prevented, whatever it asks for)', () => {
    for (const params of [{ src: 'https://evil.example/' }, { src: APP_PAGE }]) {
      const event = { preventDefault: vi.fn() };
      const webPreferences: Record<string, unknown> = { nodeIntegration: true, preload: '/tmp/evil.js' };
      prod.contents.emit('will-attach-webview', event, webPreferences, params);
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
  });

  it('13. Disable or limit navigation: will-navigate, will-redirect and will-frame-navigate leave app:// only', () => {
    const hostile = [
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'app://evil/index.html',
      'app://workbench.evil.example/index.html',
      'app://workbench@evil.example/index.html',
      'not a url',
    ];
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
      for (const url of hostile) expect(prevented(prod.contents, event, url), `${event} ${url}`).toBe(true);
      expect(prevented(prod.contents, event, 'app://workbench/index.html?x=1'), `${event} to our own page`).toBe(false);
    }
    // In dev, the dev server's origin and no other.
    expect(prevented(dev.contents, 'will-navigate', `${DEV_SERVER}/index.html`)).toBe(false);
    expect(prevented(dev.contents, 'will-navigate', 'http://localhost:5174/')).toBe(true);
  });

  it('14. Disable or limit creation of new windows: every window.open is denied, even our own page, and middle-click is off', () => {
    // A middle-click (auxclick) on a link is a new-window request; Blink's feature is off besides.
    expect(prefs(prod).disableBlinkFeatures).toBe('Auxclick');
    const windowsBefore = prod.stub.BrowserWindow.windows.length;
    for (const url of ['https://example.org/', APP_PAGE, 'about:blank', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(prod.contents.windowOpenHandler!({ url }), url).toEqual({ action: 'deny' });
    }
    expect(prod.stub.BrowserWindow.windows.length).toBe(windowsBefore);
  });

  it('15. Do not use shell.openExternal with untrusted content: never called, and nowhere in the shipped code', () => {
    prod.contents.windowOpenHandler!({ url: 'https://example.org/' });
    prevented(prod.contents, 'will-navigate', 'mailto:someone@example.org');
    prevented(prod.contents, 'will-navigate', 'smb://evil.example/share');
    expect(prod.stub.shell.openExternal).not.toHaveBeenCalled();
    expect(prod.stub.shell.openPath).not.toHaveBeenCalled();
    expect(mentioning(/\b(openExternal|openPath|showItemInFolder)\b/, 'main', 'preload', 'renderer', 'shared')).toEqual([]);
  });

  // Whether the pinned major is still supported depends on the date, not the code: that is
  // `npm run check-support`, kept out of npm test so CI does not turn red on a calendar day.
  it('16. Use a current version of Electron: an exact pin, >= 45, installed as pinned (the support window: npm run check-support)', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string>; scripts: Record<string, string> };
    const pin = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '';
    expect(pin, 'package.json pins electron exactly, so the version tested is the version shipped').toMatch(/^\d+\.\d+\.\d+$/);
    const installed = (JSON.parse(readFileSync(join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(pin);
    expect(Number(pin.split('.')[0])).toBeGreaterThanOrEqual(45);
    expect(pkg.scripts['check-support']).toBeDefined();
  });

  it('17. Validate the sender of all IPC messages: foreign frames and pages are refused before the message layer sees them', async () => {
    const { stub, contents, running } = prod;
    expect([...stub.ipcMain.listeners.keys()]).toEqual([IPC_CHANNEL]);
    let nextId = 1;
    const ask = (sender: StubModule.FakeWebContents, frame: StubModule.FakeIpcEvent['senderFrame'], message: Record<string, unknown>) => stub.askFrom(sender, frame, IPC_CHANNEL, message);
    // Invalid for the schema too: a sender error (not a schema error) proves the sender is checked first.
    const bad = () => ({ type: 'request', id: nextId++, method: 'call', input: { step: { call: 'BIO_socket', domain: 'AF_BOGUS' } } });
    const page = (url: string) => {
      const wc = new stub.FakeWebContents();
      wc.url = url;
      wc.mainFrame.url = url;
      return wc;
    };
    const remote = page('https://evil.example/');
    const otherApp = page('app://evil/index.html');
    const fileApp = page('file:///tmp/index.html');
    const devServer = page(`${DEV_SERVER}/`);
    const refusedSenders: Array<[string, StubModule.FakeWebContents, StubModule.FakeIpcEvent['senderFrame']]> = [
      ['our subframe', contents, { url: APP_PAGE, parent: contents.mainFrame }],
      ["another window's frame posing as ours", contents, { url: APP_PAGE, parent: null }],
      ['a remote page', remote, remote.mainFrame],
      ['another app:// host', otherApp, otherApp.mainFrame],
      ['a file:// page', fileApp, fileApp.mainFrame],
      ['the dev server, in a packaged app', devServer, devServer.mainFrame],
      ['a frame that is gone', contents, null],
    ];
    const refusals = () => prod.warnings.filter((w) => w.startsWith(`IPC on ${IPC_CHANNEL} refused`)).length;
    const refusalsBefore = refusals();
    const linksBefore = running.session.links;
    for (const [why, sender, frame] of refusedSenders) {
      const outcome = await ask(sender, frame, bad());
      expect(outcome, why).toMatchObject({ ok: false, error: { field: 'sender', message: expect.stringMatching(/refused: /) } });
    }
    expect(refusals() - refusalsBefore).toBe(refusedSenders.length);
    // No refused sender became a link of the message layer: nothing of theirs reached it.
    expect(running.session.links).toBe(linksBefore);
    for (const [why, sender] of refusedSenders.slice(2)) expect(sender.sent, why).toEqual([]);
    // Our page's main frame reaches the schema, then the session.
    expect(await ask(contents, contents.mainFrame, bad())).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'step.domain' } });
    expect(running.session.links).toBe(linksBefore + 1);
    expect(await ask(contents, contents.mainFrame, { type: 'request', id: nextId++, method: 'scenarios', input: {} })).toMatchObject({ ok: true, result: expect.any(Array) });
    // Events go only to a window while it shows our page.
    const { serveWindowsOverIpc } = await import('./ipc');
    const listeners: Array<(event: StubModule.FakeIpcEvent, message: unknown) => void> = [];
    const served: Array<{ send(m: Envelope): void }> = [];
    serveWindowsOverIpc({ on: (_c: string, l: (typeof listeners)[number]) => listeners.push(l) } as never, (port) => void served.push(port), (u) => u.startsWith('app://workbench/'), () => undefined);
    const ours = page(APP_PAGE);
    listeners[0]({ sender: ours, senderFrame: ours.mainFrame, reply: () => undefined }, { type: 'request', id: 1, method: 'info', input: {} });
    expect(served).toHaveLength(1);
    served[0].send({ type: 'event', event: 'log', payload: { position: 1 } });
    expect(ours.sent).toHaveLength(1);
    ours.url = 'https://evil.example/';
    served[0].send({ type: 'event', event: 'log', payload: { position: 2 } });
    expect(ours.sent).toHaveLength(1);
  });

  it('18. Avoid the file:// protocol, prefer a custom protocol: app:// serves the renderer and nothing beyond it', async () => {
    const { stub } = prod;
    expect(stub.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(stub.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(stub.calls.indexOf('ready'));
    expect([...stub.protocol.handlers.keys()]).toEqual(['app']);
    expect(loadedUrls(prod).every((u) => u.startsWith('app://'))).toBe(true);
    expect(mentioning(/\bloadFile\s*\(|['"`]file:\/\//, 'main', 'preload')).toEqual([]);
    const handler = stub.protocol.handlers.get('app')!;
    expect(await (await handler(new Request(APP_PAGE))).text()).toContain('<title>workbench</title>');
    const traversals = [
      'app://workbench/../secret.txt',
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/%2e%2e%2fsecret.txt',
      'app://workbench/..%2fsecret.txt',
      'app://workbench/..%5csecret.txt',
      'app://workbench/%252e%252e%252fsecret.txt',
      'app://workbench/link.txt',
      'app://workbench/escape/secret.txt',
      `app://workbench/${encodeURIComponent(join(root, 'secret.txt'))}`,
      `app://workbench/${join(root, 'secret.txt')}`,
      'app://workbench/index.html%00.png',
      'app://workbench/%zz',
      'app://other/index.html',
    ];
    for (const url of traversals) {
      const r = await handler(new Request(url));
      expect(r.status, url).toBeGreaterThanOrEqual(400);
      expect(await r.text(), url).not.toContain(SECRET);
    }
    expect((await handler(new Request(APP_PAGE, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('19. Check which fuses you can change: the packaged app flips them all, and needs none of those turned off', async () => {
    const { default: config } = await import('../../../electron-builder.config');
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    // Every fuse the pinned @electron/fuses knows is set explicitly, none left to Electron's default.
    const { FuseV1Options } = await import('@electron/fuses');
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(config.electronFuses).map((k) => k[0].toUpperCase() + k.slice(1)).sort()).toEqual(known.sort());
    // RunAsNode off is safe: the engine runs in a utilityProcess, not a node child of Electron.
    expect(prod.engineForks.length).toBeGreaterThan(0);
    expect(prod.engineForks[0]).toMatch(/engine-process\.ts$|engine\.js$/);
    expect(mentioning(/ELECTRON_RUN_AS_NODE|NODE_OPTIONS|--inspect/, 'main', 'preload')).toEqual([]);
  });

  it('20. Do not expose Electron APIs to untrusted web content: the preload exposes send and onMessage on one channel, nothing else', async () => {
    const stub = await freshElectron();
    let ipcListener: ((event: unknown, ...args: unknown[]) => void) | null = null;
    const subscribed: string[] = [];
    const on = vi.spyOn(stub.ipcRenderer, 'on').mockImplementation((channel: string, listener: unknown) => {
      subscribed.push(channel);
      ipcListener = listener as (event: unknown, ...args: unknown[]) => void;
      return stub.ipcRenderer;
    });
    const sent: unknown[][] = [];
    const send = vi.spyOn(stub.ipcRenderer, 'send').mockImplementation((...a: unknown[]) => void sent.push(a));
    await import('../../preload/index');
    expect([...stub.contextBridge.exposed.keys()]).toEqual(['workbench']);
    const api = stub.contextBridge.exposed.get('workbench') as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual(['onMessage', 'send']);
    const electronFunctions = [stub.ipcRenderer, stub.ipcRenderer.send, stub.ipcRenderer.on, stub.contextBridge];
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(electronFunctions.includes(value as never)).toBe(false);
    }
    // No channel to choose and nothing but an envelope: the rest never reaches ipcRenderer.
    expect(() => api.send('shell:openExternal', 'https://evil.example')).toThrow(/expected/);
    expect(() => api.send({ type: 'event', event: 'log', payload: {} })).toThrow(/expected/);
    expect(sent).toEqual([]);
    api.send({ type: 'request', id: 3, method: 'info', input: {}, extra: 'dropped' });
    expect(sent).toEqual([[IPC_CHANNEL, { type: 'request', id: 3, method: 'info', input: {} }]]);
    // A listener gets the envelope alone, never the IpcRendererEvent (whose sender is ipcRenderer).
    const got: unknown[][] = [];
    api.onMessage((...a: unknown[]) => got.push(a));
    expect(subscribed).toEqual([IPC_CHANNEL]);
    ipcListener!({ sender: stub.ipcRenderer, ports: [] }, { type: 'event', event: 'log', payload: { position: 7 } });
    expect(got).toEqual([[{ type: 'event', event: 'log', payload: { position: 7 } }]]);
    on.mockRestore();
    send.mockRestore();
  });
});
