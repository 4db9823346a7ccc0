export { SimulatorChannel, SIMULATOR_LABEL, simulatedNotOnWhatsApp, type SimulatorOptions } from './simulator-channel';
export { DEFAULT_SIMULATOR_BEHAVIOR, resolveBehavior, type SimulatorBehavior } from './config';
export { readLedger, hashText, simulatorLedgerPath, LedgerWriter, type LedgerEntry } from './ledger';
