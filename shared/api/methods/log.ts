import { z } from 'zod';
import { method } from '../method';

export const logMethods = {
  /** Renderer errors land in the core's log file. */
  'log.rendererError': method(
    z
      .object({
        message: z.string().max(2000),
        stack: z.string().max(8000).optional(),
        source: z.string().max(200).optional(),
      })
      .strict(),
    z.object({ ok: z.literal(true) }),
  ),
};
