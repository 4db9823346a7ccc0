import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// Sandboxed preload: bundled into one CommonJS file (dist/electron/preload.cjs) because it
// may only require 'electron' and a few built-ins.
contextBridge.exposeInMainWorld('recado', createBridge(ipcRenderer, process.platform));
