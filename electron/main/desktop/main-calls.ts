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
  defaultName(now: Date): string;
  filters: Array<{ name: string; extensions: string[] }>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export const SAVE_DIALOGS: Readonly<Record<string, SaveDialogSpec>> = {
  'data.backupNow': {
    title: 'Salvar backup do Recado',
    buttonLabel: 'Salvar backup',
    defaultName: (d) => `recado-backup-${day(d)}.zip`,
    filters: [{ name: 'Backup do Recado', extensions: ['zip'] }],
  },
  'data.exportAll': {
    title: 'Exportar todos os dados',
    buttonLabel: 'Exportar',
    defaultName: (d) => `recado-dados-${day(d)}.zip`,
    filters: [{ name: 'Arquivo .zip (CSV e Excel)', extensions: ['zip'] }],
  },
};

export interface MainCallsOptions {
  call(method: string, input: unknown): Promise<Reply>;
  /** Shows the save dialog; resolves to the chosen path, or null when cancelled. */
  askSavePath(spec: SaveDialogSpec, defaultName: string): Promise<string | null>;
  /** Methods the main process answers itself (e.g. `updates.install`). */
  local?: Record<string, (input: unknown) => Promise<Reply> | Reply>;
  now?(): Date;
}

export function createMainCalls(options: MainCallsOptions): (method: string, input: unknown) => Promise<Reply> {
  return async (method, input) => {
    const local = options.local?.[method];
    if (local) return local(input);
    const spec = SAVE_DIALOGS[method];
    if (!spec) return options.call(method, input);
    const target = await options.askSavePath(spec, spec.defaultName(options.now?.() ?? new Date()));
    if (!target) return { ok: true, result: { status: 'cancelled' } };
    return options.call(method, { target });
  };
}
