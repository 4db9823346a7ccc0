import { z } from 'zod';
import { method, none } from '../method';

/** Automatic updates: the desktop main process answers these; the core only says they are unavailable (electron/core/app). */

const ok = z.object({ ok: z.literal(true) });

export const updatesMethods = {
  /** Desktop only (handled by the main process); the core answers that it is unavailable. */
  'updates.install': method(none, ok),
};

export const updatesEvents = {
  /** Sent by the desktop main process only. */
  'updates.available': z.object({ version: z.string(), downloaded: z.boolean() }),
};
