import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL, type WorkbenchBridge } from '../../shared/channels';
import type { Contract, EventMap } from '../../shared/contract';
import { RpcClient } from '../../shared/rpc/client';
import type { EventEnvelope } from '../../shared/rpc/envelope';
import { BridgePort } from '../../renderer/src/client/bridge-port';
import type { RunningApp } from './app';
import * as stub from './electron-stub';
import { ROOT_SWITCH } from './run-as-root';

vi.mock('electron', async () => await import('./electron-stub'));

let root: string;
let running: RunningApp;
let contents: stub.FakeWebContents;
let page: RpcClient<Contract, EventMap>;
let bridge: WorkbenchBridge;

type Frame = stub.FakeIpcEvent['senderFrame'];

/** Sends one envelope as a frame of `sender` would; resolves with the response naming its id (or null). */
const ask = (message: unknown, frame: Frame = contents.mainFrame, sender: stub.FakeWebContents = contents) => stub.askFrom(sender, frame, IPC_CHANNEL, message);

let nextId = 1000;
const request = (method: string, input: unknown) => ({ type: 'request', id: nextId++, method, input });

function nextSent(match: (e: EventEnvelope) => boolean): Promise<EventEnvelope> {
  return new Promise((resolve) => {
    const onSent = (channel: string, payload: EventEnvelope) => {
      if (channel !== IPC_CHANNEL || payload.type !== 'event' || !match(payload)) return;
      contents.off('sent', onSent);
      resolve(payload);
    };
    contents.on('sent', onSent);
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bio-electron-'));
  const renderer = join(root, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  stub.app.userData = join(root, 'userData');
  // As `npm start -- --allow-root` starts it: the window must say the sandbox is off.
  stub.app.commandLine.switches.set(ROOT_SWITCH, '');
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  const { runElectronApp } = await import('./app');
  running = await runElectronApp({ rendererDir: renderer, preload: join(root, 'preload', 'index.cjs') }, () => undefined);
  contents = stub.BrowserWindow.windows[0].webContents;
  // The page's side, as in the window: the real preload over the window's IPC, the renderer's client over its bridge.
  stub.ipcRenderer.attach(contents);
  await import('../../preload/index');
  bridge = stub.contextBridge.exposed.get('workbench') as WorkbenchBridge;
  page = new RpcClient(new BridgePort(bridge));
  await page.request('info', {}).catch(() => undefined);
});

afterAll(async () => {
  await running?.session.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Electron main process', () => {
  it('opens one window with every security preference set, loading app://', () => {
    expect(stub.BrowserWindow.windows).toHaveLength(1);
    const prefs = stub.BrowserWindow.windows[0].options.webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.preload).toMatch(/index\.cjs$/);
    expect(stub.calls).toContain('loadURL app://workbench/index.html');
  });

  it('registers app:// as a privileged standard, secure scheme before ready', () => {
    expect(stub.protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(stub.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(stub.calls.indexOf('ready'));
    expect(stub.calls.indexOf('protocol.handle app')).toBeGreaterThan(stub.calls.indexOf('ready'));
  });

  it('serves the renderer on app:// with a CSP, and nothing outside it', async () => {
    const handler = stub.protocol.handlers.get('app')!;
    const page = await handler(new Request('app://workbench/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>workbench</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self';/);
    for (const url of ['app://workbench/%2e%2e%2fsecret.txt', 'app://workbench/..%2fsecret.txt', 'app://other/index.html']) {
      const r = await handler(new Request(url));
      expect(r.status, url).toBeGreaterThanOrEqual(400);
      expect(await r.text()).not.toContain('SECRET');
    }
  });

  it('denies navigation away, new windows and every permission', () => {
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://workbench/index.html')).toBe(false);
    expect(contents.windowOpenHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    const granted = vi.fn();
    stub.session.defaultSession.permissionRequestHandler!(contents, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(stub.session.defaultSession.permissionCheckHandler!()).toBe(false);
  });

  it('listens on our one channel and answers the main frame of our page', async () => {
    expect([...stub.ipcMain.listeners.keys()]).toEqual([IPC_CHANNEL]);
    const ok = await ask(request('info', {}));
    expect(ok).toMatchObject({ ok: true, result: { libcrypto: { version: expect.stringMatching(/OpenSSL/) } } });
  });

  it('refuses a subframe or a foreign page before looking at the request, answering only that frame', async () => {
    const bad = () => request('call', { step: { call: 'BIO_socket', domain: 'AF_BOGUS' } });
    const sub = await ask(bad(), { url: 'app://workbench/index.html', parent: contents.mainFrame });
    expect(sub).toMatchObject({ ok: false, error: { field: 'sender', message: expect.stringMatching(/subframe/) } });
    const evil = new stub.FakeWebContents();
    evil.url = evil.mainFrame.url = 'https://evil.example/';
    const foreign = await ask(bad(), evil.mainFrame, evil);
    expect(foreign).toMatchObject({ ok: false, error: { field: 'sender', message: expect.stringMatching(/not the workbench's own/) } });
    expect(evil.sent).toEqual([]);
    const gone = await ask(bad(), null);
    expect(gone).toMatchObject({ ok: false, error: { field: 'sender' } });
  });

  it('validates with the contract after the sender check, naming the field', async () => {
    const total = running.session.log.total;
    const r = await ask(request('call', { step: { call: 'BIO_socket', domain: 'AF_BOGUS', socktype: 'SOCK_STREAM' } }));
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'step.domain' } });
    expect(await ask('not an envelope')).toMatchObject({ ok: false, id: null, error: { field: 'frame' } });
    expect(await ask({ type: 'request', id: 5, method: 7 })).toMatchObject({ ok: false, id: 5, error: { field: 'method' } });
    expect(running.session.log.total).toBe(total);
  });

  it('gives the page one link through the preload: calls go through, events arrive, errors keep their field', async () => {
    const logged: number[] = [];
    const off = page.on('log', (e) => logged.push(e.position));
    const record = await page.request('call', { step: { call: 'BIO_socket', as: 'w', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
    expect(record.ret).toBeGreaterThanOrEqual(0);
    expect(logged).toEqual([running.session.log.total - 1]);
    off();
    const err = await page.request('call', { step: { call: 'BIO_closesocket', sock: '9bad' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-request', field: 'step.sock' });
    await expect(page.request('shell' as never, {} as never)).rejects.toMatchObject({ code: 'unknown-method' });
    // The bridge sends only request and cancel envelopes: anything else stops in the preload.
    expect(() => bridge.send('ipc-message' as never)).toThrow(/expected/);
  });

  it('restarts a dead engine, tells the window, and the next call works', async () => {
    const crashed = nextSent((e) => e.event === 'engine' && (e.payload as EventMap['engine']).state === 'crashed');
    const runningAgain = nextSent((e) => e.event === 'engine' && (e.payload as EventMap['engine']).state === 'running');
    const pid = running.session.enginePid!;
    process.kill(pid, 'SIGKILL');
    expect((await crashed).payload).toMatchObject({ state: 'crashed', lostSockets: 1 });
    await runningAgain;
    expect(stub.utilityProcess.forks.length).toBe(2);
    const again = await ask(request('call', { step: { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_DGRAM' } }));
    expect(again).toMatchObject({ ok: true, result: { ret: expect.any(Number) } });
    expect(running.session.enginePid).not.toBe(pid);
  });

  it('keeps a page\'s link across a change of its fragment, and starts a new one when the page reloads', async () => {
    await page.request('info', {});
    const links = running.session.links;
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true, url: 'app://workbench/index.html#x' });
    const answered = page.request('info', {});
    await expect(answered).resolves.toMatchObject({ libcrypto: expect.anything() });
    expect(running.session.links).toBe(links);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: 'app://workbench/index.html' });
    expect(running.session.links).toBe(links - 1);
    // The reloaded page's first message opens its link again.
    await page.request('info', {});
    expect(running.session.links).toBe(links);
  });

  it('tells the window, with the session state, that it runs as root with the sandbox off', async () => {
    const state = await page.request('session', {});
    expect(state.notices).toEqual([expect.stringMatching(/root.*sandbox is off/)]);
  });

  it('keeps the session log under userData when no data dir is set', () => {
    expect(running.session.log.file!.startsWith(join(root, 'userData'))).toBe(true);
  });

  it('loads a library for Compare only once the person confirms it in a native dialog, asking once per library', async () => {
    const own = (await page.request('info', {})).libcrypto.resolvedPath!;
    stub.dialog.asked.length = 0;
    const declined = await page.request('compare', { libcrypto: own, shipped: 'failed-socket' }).catch((e: unknown) => e);
    expect(declined).toMatchObject({ code: 'invalid-request', field: 'libcrypto', message: expect.stringMatching(/declined to load/) });
    expect(stub.dialog.asked).toEqual([expect.objectContaining({ message: expect.stringContaining(own), buttons: ['Load it', 'Cancel'] })]);
    stub.dialog.responses.push(0);
    const compared = await page.request('compare', { libcrypto: own, shipped: 'failed-socket' });
    expect(compared.runs).toHaveLength(2);
    await page.request('compare', { libcrypto: own, shipped: 'failed-socket' });
    expect(stub.dialog.asked).toHaveLength(2);
  });
});
