// The sandboxed preload: exposes `window.workbench`, one link of the message layer (send an
// envelope, hear envelopes) on the app's one IPC channel. Nothing else, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type WorkbenchBridge } from '../shared/channels';
import { readClientMessage } from '../shared/rpc/envelope';

const listeners = new Set<(message: unknown) => void>();
// A listener hears the envelope alone, never the IpcRendererEvent (whose sender is ipcRenderer).
ipcRenderer.on(IPC_CHANNEL, (_event, message: unknown) => {
  for (const l of [...listeners]) {
    try {
      l(message);
    } catch (e) {
      console.error(e);
    }
  }
});

const bridge: WorkbenchBridge = {
  send: (message) => {
    const checked = readClientMessage(message);
    if (!checked.ok) throw new TypeError(`workbench.send: ${checked.field}: ${checked.message}`);
    ipcRenderer.send(IPC_CHANNEL, checked.envelope);
  },
  onMessage: (listener) => {
    if (typeof listener !== 'function') throw new TypeError('expected a listener function');
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('workbench', bridge);
