import type { MethodName } from '../../../shared/api/contract';
import type { Reply } from '../../../shared/api/wire';

/**
 * Some API calls from the window are answered (or completed) by the main process before, or
 * instead of, the core: saving a backup or an export needs a native save dialog, and
 * installing an update is the updater's job. Everything else goes straight to the core.
 * The renderer can never choose a path itself: any `target` it sends is discarded.
 */

export interface SaveDialogSpec {
  title: string;
  buttonLabel: string;
  /** The suggested file name; may ask the core (a campaign report is named after its campaign). */
  defaultName(ctx: { now: Date; input: unknown; call: MainCallsOptions['call'] }): string | Promise<string>;
  filters(input: unknown): Array<{ name: string; extensions: string[] }>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** csv or xlsx, as the window asked (anything else falls back to csv; the core validates). */
function formatOf(input: unknown): 'csv' | 'xlsx' {
  return (input as { format?: unknown } | null | undefined)?.format === 'xlsx' ? 'xlsx' : 'csv';
}

const SPREADSHEET_FILTERS = (input: unknown) =>
  formatOf(input) === 'xlsx' ? [{ name: 'Planilha do Excel', extensions: ['xlsx'] }] : [{ name: 'Arquivo CSV', extensions: ['csv'] }];

/** Keyed by the contract's method names: a renamed method fails to compile here. */
export const SAVE_DIALOGS: Readonly<Partial<Record<MethodName, SaveDialogSpec>>> = {
  'data.backupNow': {
    title: 'Salvar backup do Recado',
    buttonLabel: 'Salvar backup',
    defaultName: ({ now }) => `recado-backup-${day(now)}.zip`,
    filters: () => [{ name: 'Backup do Recado', extensions: ['zip'] }],
  },
  'data.exportAll': {
    title: 'Exportar todos os dados',
    buttonLabel: 'Exportar',
    defaultName: ({ now }) => `recado-dados-${day(now)}.zip`,
    filters: () => [{ name: 'Arquivo .zip (CSV e Excel)', extensions: ['zip'] }],
  },
  'reports.campaign': {
    title: 'Salvar relatório da campanha',
    buttonLabel: 'Salvar relatório',
    defaultName: async ({ now, input, call }) => {
      const id = (input as { id?: unknown } | null | undefined)?.id;
      const reply = await call('reports.fileName', { id, format: formatOf(input) });
      return reply.ok ? (reply.result as { fileName: string }).fileName : `recado-campanha-${day(now)}.${formatOf(input)}`;
    },
    filters: SPREADSHEET_FILTERS,
  },
  'contacts.export': {
    title: 'Exportar contatos',
    buttonLabel: 'Exportar',
    defaultName: ({ now, input }) => `contatos-${day(now)}.${formatOf(input)}`,
    filters: SPREADSHEET_FILTERS,
  },
};

export interface MainCallsOptions {
  call(method: string, input: unknown): Promise<Reply>;
  /** Shows the save dialog; resolves to the chosen path, or null when cancelled. */
  askSavePath(spec: SaveDialogSpec, defaultName: string, filters: Array<{ name: string; extensions: string[] }>): Promise<string | null>;
  /** Methods the main process answers itself (e.g. `updates.install`). */
  local?: Record<string, (input: unknown) => Promise<Reply> | Reply>;
  now?(): Date;
}

export function createMainCalls(options: MainCallsOptions): (method: string, input: unknown) => Promise<Reply> {
  return async (method, input) => {
    const local = options.local?.[method];
    if (local) return local(input);
    const spec = SAVE_DIALOGS[method as MethodName];
    if (!spec) return options.call(method, input);
    const defaultName = await spec.defaultName({ now: options.now?.() ?? new Date(), input, call: options.call });
    const target = await options.askSavePath(spec, defaultName, spec.filters(input));
    if (!target) return { ok: true, result: { status: 'cancelled' } };
    // The rest of the request goes on as the window sent it; only `target` is ours.
    const rest = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
    return options.call(method, { ...rest, target });
  };
}
