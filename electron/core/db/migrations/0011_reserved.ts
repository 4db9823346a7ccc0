import type { Migration } from './types';

// PLACEHOLDER on branch i17-perf only: version 11 is taken by other branches (WhatsApp message
// store, campaign uid). On merge, replace this file with theirs and renumber 0012 if needed.
export const migration0011: Migration = {
  version: 11,
  name: 'reserved',
  up() {},
};
