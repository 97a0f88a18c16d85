import { describe, expect, it, vi } from 'vitest';
import * as stub from '../main/electron/electron-stub';
import { IPC_CHANNEL } from '../shared/channels';

vi.mock('electron', async () => await import('../main/electron/electron-stub'));

describe('preload', () => {
  it('exposes one object, workbench, with send and onMessage only (no ipcRenderer)', async () => {
    const send = vi.spyOn(stub.ipcRenderer, 'send').mockImplementation(() => undefined);
    await import('./index');
    expect([...stub.contextBridge.exposed.keys()]).toEqual(['workbench']);
    const api = stub.contextBridge.exposed.get('workbench') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['onMessage', 'send']);
    expect(Object.values(api).includes(stub.ipcRenderer)).toBe(false);
    (api.send as (m: unknown) => void)({ type: 'request', id: 1, method: 'closeAll', input: {} });
    expect(send).toHaveBeenCalledWith(IPC_CHANNEL, { type: 'request', id: 1, method: 'closeAll', input: {} });
  });
});
