import type { Migration } from './types';
import { migration0001 } from './0001_settings';

/** The ordered list of schema steps; the database's PRAGMA user_version is the last one applied. */
export const migrations: readonly Migration[] = [migration0001];

export type { Migration };
