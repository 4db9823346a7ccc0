// Stable, privacy-preserving machine id: a hash of the OS host and user names
// plus a random seed the caller persists in the app's data folder. The seed
// makes the id unguessable; the OS part makes a copied data folder count as a
// different machine. Only the hash ever leaves the machine.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';

export interface MachineIdInput {
  /** Random seed persisted by the caller (see newMachineSeed()). */
  seed: string;
  /** Defaults to os.hostname(); injectable for tests. */
  hostname?: string;
  /** Defaults to os.userInfo().username; injectable for tests. */
  username?: string;
}

/** A new random seed (32 hex chars) for the caller to persist once. */
export function newMachineSeed(): string {
  return randomBytes(16).toString('hex');
}

function currentUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    // userInfo() throws for users without a passwd entry (some containers).
    return '';
  }
}

/** 32 lowercase hex chars (128 bits of SHA-256). */
export function machineId(input: MachineIdInput): string {
  if (!input.seed) throw new Error('machineId: a persisted seed is required');
  const hostname = (input.hostname ?? os.hostname()).trim().toLowerCase();
  const username = (input.username ?? currentUsername()).trim().toLowerCase();
  return createHash('sha256')
    .update(['recado-machine-v1', hostname, username, input.seed].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
