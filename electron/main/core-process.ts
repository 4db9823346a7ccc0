import { utilityProcess } from 'electron';
import type { MainToCore } from '../core/process/messages';
import type { CoreChild } from './core-relay';

/**
 * Starts the core in an Electron utilityProcess: a separate Node process, so a million-row
 * import never freezes the window and a crash in the engine cannot take the UI with it.
 */
export function forkCoreProcess(entry: string): CoreChild {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Recado Core',
    stdio: 'inherit',
  });
  // Messages wait for 'spawn' so none is lost if the process is still starting.
  let spawned = false;
  const queue: MainToCore[] = [];
  let exited = false;
  child.once('spawn', () => {
    spawned = true;
    for (const message of queue.splice(0)) child.postMessage(message);
  });
  return {
    send(message) {
      if (exited) throw new Error('core process has exited');
      if (spawned) child.postMessage(message);
      else queue.push(message);
    },
    kill() {
      if (!exited) child.kill();
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      child.once('exit', (code) => {
        exited = true;
        listener(code);
      });
    },
  };
}
