import fs from 'node:fs';
import path from 'node:path';
import { readLedger, type LedgerEntry } from '../../../electron/core/channels/simulator/ledger';

/**
 * Every message the simulated numbers of a data dir accepted (their fsynced ledgers): what
 * really "went out", one entry per message. Journeys read it after the clicks to assert.
 */
export function simulatorLedger(dataDir: string): LedgerEntry[] {
  const dir = path.join(dataDir, 'simulator');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ledger.jsonl'))
    .flatMap((f) => readLedger(path.join(dir, f)));
}
