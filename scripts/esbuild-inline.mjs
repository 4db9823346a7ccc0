// An esbuild plugin that bundles the npm packages named here even under `packages: 'external'`.
// libphonenumber-js is about a hundred small modules plus its metadata: loaded from node_modules
// it costs 35-45 ms in every thread that parses phones (the CLI, the core, each import thread);
// bundled, about 6 ms. Pure JavaScript, so nothing native is lost by inlining it.
import { fileURLToPath } from 'node:url';

const INLINE = /^libphonenumber-js(\/|$)/;

export const inlinePackages = {
  name: 'recado-inline-packages',
  setup(build) {
    // Resolved from this repository's node_modules (the one the app ships), ESM entry points.
    build.onResolve({ filter: INLINE }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)) }));
  },
};
