import { describe, expect, it, vi } from 'vitest';
import * as stub from '../main/electron/electron-stub';

vi.mock('electron', async () => await import('../main/electron/electron-stub'));

describe('preload', () => {
  it('exposes one object, workbench, with request and on only (no ipcRenderer)', async () => {
    const invoke = vi.spyOn(stub.ipcRenderer, 'invoke').mockResolvedValue({ ok: true, result: { closed: 0 } });
    await import('./index');
    expect([...stub.contextBridge.exposed.keys()]).toEqual(['workbench']);
    const api = stub.contextBridge.exposed.get('workbench') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['on', 'request']);
    expect(Object.values(api).includes(stub.ipcRenderer)).toBe(false);
    const result = await (api.request as (m: string, i: unknown) => Promise<unknown>)('closeAll', {});
    expect(result).toEqual({ closed: 0 });
    expect(invoke).toHaveBeenCalledWith('workbench:request', { method: 'closeAll', input: {} });
  });
});

describe('bridge names', () => {
  it('are exactly the contract\'s methods and events', async () => {
    const { METHODS, EVENTS } = await import('../shared/contract');
    const { BRIDGE_METHODS, BRIDGE_EVENTS } = await import('../main/electron/channels');
    expect([...BRIDGE_METHODS].sort()).toEqual([...METHODS].sort());
    expect([...BRIDGE_EVENTS].sort()).toEqual([...EVENTS].sort());
  });
});
