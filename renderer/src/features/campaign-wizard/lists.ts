import { api } from '../../api';
import { ErrorCodes } from '../../../../shared/api/errors';

export interface ListOption {
  id: number;
  name: string;
  count: number;
}

/**
 * The contact lists to choose from, through `lists.list` (added by the contacts capability).
 * Returns null while that method does not exist in this build, so the step can say so.
 */
export async function fetchLists(): Promise<ListOption[] | null> {
  const call = api.call as unknown as (method: string, input?: unknown) => Promise<unknown>;
  try {
    const rows = await call('lists.list');
    if (!Array.isArray(rows)) return [];
    return rows
      .map((r: Record<string, unknown>) => ({
        id: Number(r.id),
        name: String(r.name ?? ''),
        count: Number(r.count ?? r.active ?? r.total ?? 0),
      }))
      .filter((r) => Number.isInteger(r.id) && r.id > 0);
  } catch (err) {
    if ((err as { code?: string }).code === ErrorCodes.unknownMethod) return null;
    throw err;
  }
}
