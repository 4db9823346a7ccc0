import { contextBridge, ipcRenderer } from 'electron';
import type { MethodName } from '../../shared/api/contract';
import { createBridge } from './bridge';

// Sandboxed preload: bundled into one CommonJS file (dist/electron/preload.cjs) because it
// may only require 'electron' and a few built-ins.

/** The API's method names, written in by the build (scripts/build-electron.mjs `define`). */
declare const RECADO_METHOD_NAMES: readonly MethodName[];

contextBridge.exposeInMainWorld('recado', createBridge(ipcRenderer, process.platform, RECADO_METHOD_NAMES));
