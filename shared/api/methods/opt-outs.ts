import { z } from 'zod';
import { method, none } from '../method';

/** The opt-out list (contacts who asked to stop receiving messages). Handlers: electron/core/inbound. */

const count = z.number().int().nonnegative();

export const optOutRowSchema = z.object({
  contactId: z.number().int(),
  phone: z.string(),
  name: z.string().nullable(),
  optedOutAt: z.number().nullable(),
  source: z.string().nullable(),
  keyword: z.string().nullable(),
});
export type OptOutRow = z.infer<typeof optOutRowSchema>;

export const optOutsMethods = {
  'optOuts.list': method(
    z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }).strict().optional(),
    z.object({ total: count, rows: z.array(optOutRowSchema) }),
  ),
  /** The whole opt-out list as CSV (UTF-8 with BOM, `;`-separated for Brazilian Excel). */
  'optOuts.exportCsv': method(none, z.object({ fileName: z.string(), csv: z.string() })),
};

export const optOutsEvents = {
  'optOuts.changed': z.object({ contactId: z.number().int().nullable() }),
};
