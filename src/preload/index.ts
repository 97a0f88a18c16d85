// The sandboxed preload: exposes `window.workbench` (a ContractClient) and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createWorkbenchApi } from './api';

contextBridge.exposeInMainWorld('workbench', createWorkbenchApi(ipcRenderer));
