// What `recado serve` loads on demand (see load() in cli.ts): the web server only. The core and
// its packages load in the core thread (core-worker.ts), beside the server that already answers.
export { startBrowserMode } from './browser-mode';
export { ensureRendererBuilt } from './renderer-build';
