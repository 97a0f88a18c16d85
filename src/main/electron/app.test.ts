import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContractError } from '../../shared/contract';
import { createWorkbenchApi } from '../../preload/api';
import type { RunningApp } from './app';
import { EVENT_CHANNEL, REQUEST_CHANNEL, type EventEnvelope, type RequestOutcome } from './channels';
import * as stub from './electron-stub';

vi.mock('electron', async () => await import('./electron-stub'));

let root: string;
let running: RunningApp;
let contents: stub.FakeWebContents;

/** An IPC event as Electron builds it, from our window's main frame unless told otherwise. */
function ipcEvent(frame: { url: string; parent: unknown } = contents.mainFrame) {
  return { sender: contents, senderFrame: frame };
}

const invoke = (payload: unknown, event = ipcEvent()) => stub.ipcMain.handlers.get(REQUEST_CHANNEL)!(event, payload) as Promise<RequestOutcome>;

/** The preload's API, wired to the main-side handler as Electron's IPC would carry it. */
function bridge() {
  return createWorkbenchApi({
    invoke: (channel, payload) => stub.ipcMain.handlers.get(channel)!(ipcEvent(), payload),
    on: (channel, listener) => contents.on('sent', (ch: string, payload: unknown) => ch === channel && listener({}, payload)),
  });
}

function nextSent(match: (e: EventEnvelope) => boolean): Promise<EventEnvelope> {
  return new Promise((resolve) => {
    const onSent = (channel: string, payload: EventEnvelope) => {
      if (channel !== EVENT_CHANNEL || !match(payload)) return;
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
  delete process.env.BIO_WORKBENCH_DATA_DIR;
  const { runElectronApp } = await import('./app');
  running = await runElectronApp({ rendererDir: renderer, preload: join(root, 'preload', 'index.cjs') }, () => undefined);
  contents = stub.BrowserWindow.windows[0].webContents;
  await running.session.request('info', {}).catch(() => undefined);
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

  it('handles only our channel and answers the main frame of our page', async () => {
    expect([...stub.ipcMain.handlers.keys()]).toEqual([REQUEST_CHANNEL]);
    const ok = await invoke({ method: 'info', input: {} });
    expect(ok).toMatchObject({ ok: true, result: { libcrypto: { version: expect.stringMatching(/OpenSSL/) } } });
  });

  it('refuses a subframe or a foreign page before looking at the request', async () => {
    const bad = { method: 'call', input: { step: { call: 'BIO_socket', domain: 'AF_BOGUS' } } };
    const sub = await invoke(bad, ipcEvent({ url: 'app://workbench/index.html', parent: contents.mainFrame }));
    expect(sub).toMatchObject({ ok: false, error: { field: 'sender', message: expect.stringMatching(/subframe/) } });
    const foreign = { url: 'https://evil.example/', parent: null };
    const evil = await invoke(bad, { sender: { ...contents, mainFrame: foreign }, senderFrame: foreign } as never);
    expect(evil).toMatchObject({ ok: false, error: { field: 'sender', message: expect.stringMatching(/not the workbench's own/) } });
    const gone = await invoke(bad, { sender: contents, senderFrame: null } as never);
    expect(gone).toMatchObject({ ok: false, error: { field: 'sender' } });
  });

  it('validates with the contract after the sender check, naming the field', async () => {
    const total = running.session.log.total;
    const r = await invoke({ method: 'call', input: { step: { call: 'BIO_socket', domain: 'AF_BOGUS', socktype: 'SOCK_STREAM' } } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'step.domain' } });
    expect(await invoke('not an envelope')).toMatchObject({ ok: false, error: { field: 'method' } });
    expect(running.session.log.total).toBe(total);
  });

  it('gives the page a typed bridge: calls go through, events arrive, errors keep their field', async () => {
    const api = bridge();
    const logged: number[] = [];
    const off = api.on('log', (e) => logged.push(e.position));
    const record = await api.request('call', { step: { call: 'BIO_socket', as: 'w', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
    expect(record.ret).toBeGreaterThanOrEqual(0);
    expect(logged).toEqual([running.session.log.total - 1]);
    off();
    const err = (await api.request('call', { step: { call: 'BIO_closesocket', sock: '9bad' } }).catch((e: ContractError) => e)) as ContractError;
    expect(err).toMatchObject({ code: 'invalid-request', field: 'step.sock' });
    await expect(api.request('shell' as never, {} as never)).rejects.toMatchObject({ code: 'unknown-method' });
    expect(() => api.on('keydown' as never, () => undefined)).toThrow(/unknown event/);
  });

  it('restarts a dead engine, tells the window, and the next call works', async () => {
    const crashed = nextSent((e) => e.event === 'engine' && e.payload.state === 'crashed');
    const runningAgain = nextSent((e) => e.event === 'engine' && e.payload.state === 'running');
    const pid = running.session.enginePid!;
    process.kill(pid, 'SIGKILL');
    expect((await crashed).payload).toMatchObject({ state: 'crashed', lostSockets: 1 });
    await runningAgain;
    expect(stub.utilityProcess.forks.length).toBe(2);
    const again = await invoke({ method: 'call', input: { step: { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_DGRAM' } } });
    expect(again).toMatchObject({ ok: true, result: { ret: expect.any(Number) } });
    expect(running.session.enginePid).not.toBe(pid);
  });

  it('keeps the session log under userData when no data dir is set', () => {
    expect(running.session.log.file!.startsWith(join(root, 'userData'))).toBe(true);
  });
});
